package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pure rules of versions: {@link VersionOrder} (merging the SDK's two lists), {@link VersionChoice}
 * (--version-at), {@link VersionHistory} (--all-versions). Entries are written as {@code v1@10} (version v1 at
 * second 10), {@code m2@20} or {@code dm@20} (a delete marker), {@code *} suffix for IsLatest, {@code :size:etag} for a version's
 * content ({@code 1:"a"} when left out).
 */
class VersionsTest {
  static ObjectVersion entry(String spec) {
    boolean latest = spec.endsWith("*");
    String s = latest ? spec.substring(0, spec.length() - 1) : spec;
    String[] content = s.split(":");
    String[] idAt = content[0].split("@");
    Instant at = Instant.ofEpochSecond(Long.parseLong(idAt[1]));
    if (idAt[0].startsWith("m") || idAt[0].startsWith("dm")) {
      return ObjectVersion.marker(idAt[0], latest, at);
    }
    long size = content.length > 1 ? Long.parseLong(content[1]) : 1;
    String eTag = content.length > 2 ? "\"" + content[2] + "\"" : "\"a\"";
    return new ObjectVersion(idAt[0], false, latest, size, eTag, at, null);
  }

  static List<ObjectVersion> entries(String specs) {
    List<ObjectVersion> out = new ArrayList<>();
    for (String s : specs.trim().split("\\s+")) {
      if (!s.isEmpty()) {
        out.add(entry(s));
      }
    }
    return out;
  }

  static String ids(List<ObjectVersion> vs) {
    return String.join(" ", vs.stream().map(ObjectVersion::versionId).toList());
  }

  static Stream<Arguments> merges() {
    return Stream.of(
        // versions (newest first), markers (newest first), merged ids (newest first)
        Arguments.of("v2@20* v1@10", "", "v2 v1"),
        Arguments.of("", "m1@10*", "m1"),
        Arguments.of("v2@30 v1@10", "m2@40* m1@20", "m2 v2 m1 v1"),
        Arguments.of("v3@50* v2@30 v1@10", "m1@20", "v3 v2 m1 v1"),
        // a tie: the latest entry is the newer
        Arguments.of("v2@20* v1@10", "m1@20", "v2 m1 v1"),
        Arguments.of("v1@20", "m1@20*", "m1 v1"),
        // a tie neither is the latest of: the marker is the newer (a delete of what was just written)
        Arguments.of("v3@40* v2@20 v1@10", "m1@20", "v3 m1 v2 v1"),
        // two versions of one time keep their listed order
        Arguments.of("v3@20* v2@20 v1@20", "", "v3 v2 v1"),
        Arguments.of("", "m2@20* m1@20", "m2 m1"));
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @MethodSource("merges")
  void newestFirst_mergesByTimeWithTheTieRules(String versions, String markers, String merged) {
    assertThat(ids(VersionOrder.newestFirst(entries(versions), entries(markers)))).isEqualTo(merged);
  }

  static Stream<Arguments> choices() {
    return Stream.of(
        // history (newest first), time, chosen id or "-"
        Arguments.of("v3@30* v2@20 v1@10", 25, "v2"),
        Arguments.of("v3@30* v2@20 v1@10", 20, "v2"),        // written at that very time: current then
        Arguments.of("v3@30* v2@20 v1@10", 19, "v1"),
        Arguments.of("v3@30* v2@20 v1@10", 30, "v3"),
        Arguments.of("v3@30* v2@20 v1@10", 99, "v3"),
        Arguments.of("v3@30* v2@20 v1@10", 9, "-"),          // before the key existed
        Arguments.of("m2@40* v2@30 m1@20 v1@10", 25, "-"),   // deleted then
        Arguments.of("m2@40* v2@30 m1@20 v1@10", 35, "v2"),
        Arguments.of("m2@40* v2@30 m1@20 v1@10", 45, "-"),   // deleted now
        Arguments.of("m1@20* v1@20", 20, "-"));              // written and deleted within that second
  }

  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @MethodSource("choices")
  void at_theEntryCurrentThenUnlessAMarker(String history, long at, String chosen) {
    Optional<ObjectVersion> v = VersionChoice.at(entries(history), Instant.ofEpochSecond(at));
    assertThat(v.map(ObjectVersion::versionId).orElse("-")).isEqualTo(chosen);
  }

  static Stream<Arguments> histories() {
    return Stream.of(
        // source (oldest first), destination (oldest first), kept, to write, conflict?
        Arguments.of("v1@1 v2@2 m1@3", "", "", "v1 v2 m1", false),
        Arguments.of("v1@1 v2@2 m1@3", "d1@5", "v1", "v2 m1", false),          // a rerun after a partial run
        Arguments.of("v1@1 v2@2 m1@3", "d1@5 d2@6 dm@7", "v1 v2 m1", "", false), // all there: nothing to write
        Arguments.of("m1@1 v1@2", "dm@5", "m1", "v1", false),                   // a history that starts deleted
        Arguments.of("v1@1:5 v2@2", "d1@5:6", "", "", true),                    // another size
        Arguments.of("v1@1:5:aa v2@2", "d1@5:5:bb", "", "", true),              // another ETag
        Arguments.of("v1@1 v2@2", "dm@5", "", "", true),                        // a marker for a version
        Arguments.of("v1@1", "d1@5 d2@6", "", "", true),                        // more than the source has
        // a version written in parts is matched by size: its copy may have other parts
        Arguments.of("v1@1:9:aa-2 v2@2", "d1@5:9:cc-3", "v1", "v2", false),
        Arguments.of("v1@1:9:aa v2@2", "d1@5:9:cc-2", "v1", "v2", false),
        Arguments.of("v1@1:9:aa-2", "d1@5:8:cc-2", "", "", true));
  }

  @ParameterizedTest(name = "{0} onto {1}")
  @MethodSource("histories")
  void plan_continuesTheDestinationHistoryOnlyWhereItIsTheSourcesStart(String source, String dest, String kept,
      String toWrite, boolean conflict) {
    VersionHistory.Plan plan = VersionHistory.plan(entries(source), entries(dest));
    assertThat(plan.conflict() != null).isEqualTo(conflict);
    assertThat(String.join(" ", plan.kept().stream().map(k -> k.source().versionId()).toList())).isEqualTo(kept);
    assertThat(ids(plan.toWrite())).isEqualTo(toWrite);
    if (!conflict) {
      assertThat(plan.kept()).extracting(VersionHistory.Kept::destVersionId)
          .isEqualTo(entries(dest).stream().map(ObjectVersion::versionId).toList());
    }
  }

  @Test
  void nullVersion_isCopiedAsTheKeysUnversionedObject() {
    assertThat(entry("null@1").copySourceVersionId()).isNull();
    assertThat(entry("v1@1").copySourceVersionId()).isEqualTo("v1");
  }

  @Test
  void oldestFirst_reversesWithoutChangingItsInput() {
    List<ObjectVersion> newest = entries("v3@3 v2@2 v1@1");
    assertThat(ids(VersionHistory.oldestFirst(newest))).isEqualTo("v1 v2 v3");
    assertThat(ids(newest)).isEqualTo("v3 v2 v1");
  }
}
