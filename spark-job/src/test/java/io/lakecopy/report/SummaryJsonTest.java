package io.lakecopy.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakecopy.plan.CopyMethod;
import io.lakecopy.s3.ErrorKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link Summary#toJson}: parsed back with Jackson, so the test fails on anything that is not valid JSON. */
class SummaryJsonTest {
  private static final long MiB = 1024L * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void toJson_allCopied_succeededWithEveryField() throws Exception {
    Summary s = Summary.of(List.of(outcome(Status.COPIED, 3 * MiB, null), outcome(Status.COPIED, 1 * MiB, null),
        outcome(Status.SKIPPED, 0, ErrorKind.NOT_FOUND)), Duration.ofMillis(2500));

    JsonNode json = parse(s.toJson("s3://src-bucket/lake/", "s3://dst-bucket/copy/", 0));

    assertThat(fieldNames(json)).containsExactly("status", "exit_code", "source", "destination", "objects", "copied",
        "failed", "skipped", "planned", "moved", "deleted", "bytes_copied", "bytes_planned", "elapsed_seconds",
        "objects_per_second",
        "mib_per_second", "failures_by_kind", "requests", "requests_estimated", "request_cost_usd", "source_pin",
        "delete_condition", "write_condition", "verified_by");
    assertThat(json.get("source_pin").isNull()).as("set only where something was copied").isTrue();
    assertThat(json.get("delete_condition").isNull()).as("set only where the run deletes").isTrue();
    assertThat(json.get("write_condition").isNull()).as("set only where skip|update copied something").isTrue();
    assertThat(s.render()).doesNotContain("deletes ").doesNotContain("writes ");
    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("exit_code").isInt()).isTrue();
    assertThat(json.get("exit_code").asInt()).isZero();
    assertThat(json.get("source").asText()).isEqualTo("s3://src-bucket/lake/");
    assertThat(json.get("destination").asText()).isEqualTo("s3://dst-bucket/copy/");
    assertThat(json.get("objects").asLong()).isEqualTo(3);
    assertThat(json.get("copied").asLong()).isEqualTo(2);
    assertThat(json.get("failed").asLong()).isZero();
    assertThat(json.get("skipped").asLong()).isEqualTo(1);
    assertThat(json.get("planned").asLong()).isZero();
    assertThat(json.get("moved").asLong()).isZero();
    assertThat(json.get("deleted").asLong()).isZero();
    assertThat(json.get("bytes_copied").asLong()).isEqualTo(4 * MiB);
    assertThat(json.get("bytes_planned").asLong()).isZero();
    assertThat(json.get("elapsed_seconds").asDouble()).isEqualTo(2.5);
    assertThat(json.get("objects_per_second").asDouble()).isEqualTo(0.8);
    assertThat(json.get("mib_per_second").asDouble()).isEqualTo(1.6);
    assertThat(json.get("failures_by_kind").isObject()).isTrue();
    assertThat(json.get("failures_by_kind").size()).isZero();
  }

  @Test
  void toJson_withSourcePin_saysWhichProtectionApplied() throws Exception {
    Summary s = Summary.of(List.of(outcome(Status.COPIED, 3 * MiB, null)), Duration.ofMillis(2500))
        .withSourcePin("CopyObject: \"condition\"");

    assertThat(parse(s.toJson("s3://a/", "s3://b/", 0)).get("source_pin").asText())
        .isEqualTo("CopyObject: \"condition\"");
    assertThat(s.render()).contains("  pinned    CopyObject: \"condition\"\n");
  }

  @Test
  void toJson_withDeleteCondition_saysWhatHeldTheDeletes() throws Exception {
    for (io.lakecopy.copy.DeleteCondition c : List.of(io.lakecopy.copy.DeleteCondition.HONOURED,
        io.lakecopy.copy.DeleteCondition.IGNORED)) {
      Summary s = Summary.of(List.of(outcome(Status.COPIED, 3 * MiB, null)), Duration.ofMillis(2500))
          .withDeleteCondition(c.describe());

      assertThat(parse(s.toJson("s3://a/", "s3://b/", 0)).get("delete_condition").asText()).isEqualTo(c.describe());
      assertThat(s.render()).contains("  deletes   " + c.describe() + "\n");
    }
    assertThat(io.lakecopy.copy.DeleteCondition.HONOURED.describe()).startsWith("If-Match honoured")
        .contains("version id", "ETag");
    assertThat(io.lakecopy.copy.DeleteCondition.IGNORED.describe()).startsWith("If-Match ignored")
        .contains("only by version id");
    assertThat(io.lakecopy.copy.DeleteCondition.UNKNOWN.describe()).as("a run that deletes nothing").isEmpty();
  }

  @Test
  void toJson_withWriteCondition_saysOnWhichWritesTheCopiesWereHeldToTheListing() throws Exception {
    for (io.lakecopy.copy.WriteConditions w : List.of(new io.lakecopy.copy.WriteConditions(false, true),
        io.lakecopy.copy.WriteConditions.OFF)) {
      Summary s = Summary.of(List.of(outcome(Status.COPIED, 3 * MiB, null)), Duration.ofMillis(2500))
          .withDeleteCondition("d").withWriteCondition(w.describe());

      JsonNode json = parse(s.toJson("s3://a/", "s3://b/", 0));
      assertThat(json.get("write_condition").asText()).isEqualTo(w.describe());
      assertThat(json.get("delete_condition").asText()).as("kept beside it").isEqualTo("d");
      assertThat(s.render()).contains("  writes    " + w.describe() + "\n");
    }
    assertThat(new io.lakecopy.copy.WriteConditions(false, true).describe()).isEqualTo("CopyObject: unconditional"
        + " (the store does not honour If-None-Match, or not probed); CompleteMultipartUpload: If-None-Match /"
        + " If-Match honoured: a key written after the listing is never overwritten");
  }

  @Test
  void toJson_someFailed_partialWithFailuresByKind() throws Exception {
    Summary s = Summary.of(List.of(
        outcome(Status.COPIED, 10 * MiB, null),
        outcome(Status.FAILED, 1, ErrorKind.SOURCE_CHANGED),
        outcome(Status.FAILED, 1, ErrorKind.ACCESS_DENIED),
        outcome(Status.FAILED, 1, ErrorKind.SOURCE_CHANGED)), Duration.ofSeconds(4));

    JsonNode json = parse(s.toJson("s3://src-bucket/lake/", "s3://dst-bucket/copy/", 1));

    assertThat(json.get("status").asText()).isEqualTo("PARTIAL");
    assertThat(json.get("exit_code").asInt()).isEqualTo(1);
    assertThat(json.get("objects").asLong()).isEqualTo(4);
    assertThat(json.get("copied").asLong()).isEqualTo(1);
    assertThat(json.get("failed").asLong()).isEqualTo(3);
    assertThat(json.get("bytes_copied").asLong()).isEqualTo(10 * MiB);
    assertThat(json.get("objects_per_second").asDouble()).isEqualTo(0.25);
    assertThat(json.get("mib_per_second").asDouble()).isEqualTo(2.5);
    assertThat(asLongMap(json.get("failures_by_kind")))
        .containsExactlyEntriesOf(new TreeMap<>(Map.of("ACCESS_DENIED", 1L, "SOURCE_CHANGED", 2L)));
  }

  @Test
  void toJson_dryRun_plannedWithPlannedBytes() throws Exception {
    Summary s = Summary.of(List.of(outcome(Status.PLANNED, 5 * MiB, null), outcome(Status.PLANNED, 3 * MiB, null)),
        Duration.ofMillis(10));

    JsonNode json = parse(s.toJson("s3://src-bucket/lake/", "s3://dst-bucket/copy/", 0));

    assertThat(json.get("status").asText()).isEqualTo("PLANNED");
    assertThat(json.get("planned").asLong()).isEqualTo(2);
    assertThat(json.get("bytes_planned").asLong()).isEqualTo(8 * MiB);
    assertThat(json.get("copied").asLong()).isZero();
    assertThat(json.get("bytes_copied").asLong()).isZero();
    assertThat(json.get("elapsed_seconds").asDouble()).isEqualTo(0.01);
  }

  @Test
  void toJson_noObjects_succeededWithZeros() throws Exception {
    Summary s = Summary.of(List.of(), Duration.ZERO);

    JsonNode json = parse(s.toJson("s3://src-bucket/empty/", "s3://dst-bucket/copy/", 0));

    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("objects").asLong()).isZero();
    assertThat(json.get("elapsed_seconds").asDouble()).isZero();
    assertThat(json.get("objects_per_second").asDouble()).isZero();
    assertThat(json.get("mib_per_second").asDouble()).isZero();
  }

  @Test
  void toJson_exitCodeGiven_isWrittenAsIs() throws Exception {
    Summary s = Summary.of(List.of(outcome(Status.FAILED, 1, ErrorKind.ACCESS_DENIED)), Duration.ofSeconds(1));

    JsonNode json = parse(s.toJson("s3://src-bucket/lake/", "s3://dst-bucket/copy/", 3));

    assertThat(json.get("exit_code").asInt()).isEqualTo(3);
    assertThat(json.get("status").asText()).isEqualTo("PARTIAL");
  }

  @Test
  void toJson_sourceWithQuotesBackslashesAndControlCharacters_escapedAndRoundTrips() throws Exception {
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      controls.append(c);
    }
    String source = "manifests/\"quoted\" back\\slash tab\tnew\nline\r\n" + controls + " \u007f é 日本 😀 \u2028 /";
    String dest = "s3://dst-bucket/\"copy\"\\";
    Summary s = Summary.of(List.of(outcome(Status.COPIED, 1, null)), Duration.ofSeconds(1));

    String text = s.toJson(source, dest, 0);
    JsonNode json = parse(text);

    assertThat(json.get("source").asText()).isEqualTo(source);
    assertThat(json.get("destination").asText()).isEqualTo(dest);
    assertThat(text).contains("\\\"quoted\\\"", "back\\\\slash", "tab\\tnew\\nline\\r\\n", "\\u0000", "\\u001f");
  }

  private static JsonNode parse(String text) throws Exception {
    JsonNode json = JSON.readTree(text);
    assertThat(json).isNotNull();
    assertThat(json.isObject()).as("top level of %s", text).isTrue();
    return json;
  }

  private static List<String> fieldNames(JsonNode json) {
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Map<String, Long> asLongMap(JsonNode object) {
    Map<String, Long> map = new TreeMap<>();
    object.fields().forEachRemaining(e -> {
      assertThat(e.getValue().isIntegralNumber()).as("value of %s", e.getKey()).isTrue();
      map.put(e.getKey(), e.getValue().asLong());
    });
    return map;
  }

  private static ObjectOutcome outcome(Status status, long size, ErrorKind kind) {
    return new ObjectOutcome("s3://src-bucket/k", "s3://dst-bucket/k", size, "\"e\"",
        status == Status.COPIED ? "\"e\"" : null, CopyMethod.COPY_OBJECT, 1, status, kind,
        kind == null ? null : "failed", 5, 1);
  }
}
