package io.lakecopy.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.s3.ErrorKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
  private static final long MiB = 1024L * 1024;

  @Test
  void of_mixedOutcomes_countsEachStatusAndBytes() {
    Summary s = Summary.of(List.of(
        outcome(Status.COPIED, 10 * MiB, null),
        outcome(Status.COPIED, 6 * MiB, null),
        outcome(Status.FAILED, 100, ErrorKind.SOURCE_CHANGED),
        outcome(Status.FAILED, 200, ErrorKind.SOURCE_CHANGED),
        outcome(Status.FAILED, 300, ErrorKind.ACCESS_DENIED),
        outcome(Status.SKIPPED, 0, ErrorKind.NOT_FOUND)), Duration.ofSeconds(2));

    assertThat(s.objects()).isEqualTo(6);
    assertThat(s.copied()).isEqualTo(2);
    assertThat(s.failed()).isEqualTo(3);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.planned()).isZero();
    assertThat(s.bytesCopied()).isEqualTo(16 * MiB);
    assertThat(s.failuresByKind()).containsExactlyInAnyOrderEntriesOf(Map.of("SOURCE_CHANGED", 2L,
        "ACCESS_DENIED", 1L));
    assertThat(s.mibPerSecond()).isEqualTo(8.0);
    assertThat(s.render()).contains("objects   6 (copied 2, failed 3, skipped 1)", "16 MiB copied",
        "SOURCE_CHANGED=2", "ACCESS_DENIED=1");
  }

  @Test
  void of_dryRun_reportsPlannedObjectsAndBytes() {
    Summary s = Summary.of(List.of(outcome(Status.PLANNED, 5 * MiB, null), outcome(Status.PLANNED, 3 * MiB, null)),
        Duration.ofMillis(10));

    assertThat(s.planned()).isEqualTo(2);
    assertThat(s.bytesPlanned()).isEqualTo(8 * MiB);
    assertThat(s.bytesCopied()).isZero();
    assertThat(s.render()).contains("planned 2", "8 MiB planned").doesNotContain("failures");
  }
  @Test
  void render_severalFailureKinds_listsThemSorted() {
    Summary s = Summary.of(List.of(
        outcome(Status.FAILED, 1, ErrorKind.THROTTLED),
        outcome(Status.FAILED, 1, ErrorKind.ACCESS_DENIED),
        outcome(Status.FAILED, 1, ErrorKind.SOURCE_CHANGED),
        outcome(Status.FAILED, 1, ErrorKind.NETWORK),
        outcome(Status.FAILED, 1, ErrorKind.SERVER_ERROR)), Duration.ofSeconds(1));

    assertThat(s.render()).contains(
        "failures  ACCESS_DENIED=1 NETWORK=1 SERVER_ERROR=1 SOURCE_CHANGED=1 THROTTLED=1");
  }

  @Test
  void verifiedBy_countsWhatProvedEachCopy_andOnlyCopies() {
    Summary s = Summary.of(List.of(
        outcome(Status.COPIED, 1, null).verified(null, null, "etag"),
        outcome(Status.COPIED, 1, null).verified("CRC32:FULL_OBJECT:x", "CRC32:FULL_OBJECT:x", "checksum"),
        outcome(Status.COPIED, 1, null).verified("CRC32:FULL_OBJECT:y", "CRC32:FULL_OBJECT:y", "checksum"),
        outcome(Status.MOVED, 1, null).verified(null, null, "size"),
        outcome(Status.FAILED, 1, ErrorKind.VERIFY_FAILED).verified("CRC32:FULL_OBJECT:y", "CRC32:FULL_OBJECT:z",
            null),
        outcome(Status.SKIPPED, 1, null)), Duration.ofSeconds(1));

    assertThat(s.verifiedBy()).containsExactly(java.util.Map.entry("checksum", 2L), java.util.Map.entry("etag", 1L),
        java.util.Map.entry("size", 1L));
    assertThat(s.render()).contains("verified  checksum=2 etag=1 size=1");
    assertThat(s.toJson("s3://a/", "s3://b/", 1)).contains("\"verified_by\": {\"checksum\": 2, \"etag\": 1, \"size\": 1}");
  }

  @Test
  void verifiedBy_nothingCopied_noLine() {
    assertThat(Summary.of(List.of(outcome(Status.SKIPPED, 1, null)), Duration.ofSeconds(1)).render())
        .doesNotContain("verified");
  }

  private static ObjectOutcome outcome(Status status, long size, ErrorKind kind) {
    return new ObjectOutcome("s3://src-bucket/k", "s3://dst-bucket/k", size, "\"e\"",
        status == Status.COPIED ? "\"e\"" : null, CopyMethod.COPY_OBJECT, 1, status, kind,
        kind == null ? null : "failed", 5, 1);
  }
}
