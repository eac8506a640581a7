package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RangeSplitterTest {
  static Stream<Arguments> splits() {
    return Stream.of(
        // digits where the seen keys differ: one range per later digit, then ten times coarser ones a position
        // shallower, as many as the splits allow; the last open-ended
        Arguments.of(ListRange.keys("p/"), "p/part-000000", "p/part-002499", 16, edges("p/part-002499",
            "p/part-003", "p/part-004", "p/part-005", "p/part-006", "p/part-007", "p/part-008", "p/part-009",
            "p/part-01", "p/part-02", "p/part-03", "p/part-04", "p/part-05", "p/part-06", "p/part-07", "p/part-08",
            "p/part-09", null)),
        // ... and with splits to spare, every shallower position with later characters of a kind
        Arguments.of(ListRange.keys("p/"), "p/part-000000", "p/part-009999", 24, edges("p/part-009999",
            "p/part-01", "p/part-02", "p/part-03", "p/part-04", "p/part-05", "p/part-06", "p/part-07", "p/part-08",
            "p/part-09", "p/part-1", "p/part-2", "p/part-3", "p/part-4", "p/part-5", "p/part-6", "p/part-7",
            "p/part-8", "p/part-9", "p/paru", "p/parv", "p/parw", "p/parx", "p/pary", "p/parz", null)),
        // a last key ending in the last digit: from one position shallower; the splits left evenly chosen
        Arguments.of(ListRange.keys("p/"), "p/part-01000", "p/part-01999", 16, edges("p/part-01999",
            "p/part-02", "p/part-03", "p/part-04", "p/part-05", "p/part-06", "p/part-07", "p/part-08", "p/part-09",
            "p/part-1", "p/part-2", "p/part-3", "p/part-4", "p/part-5", "p/part-6", "p/part-7", "p/part-8", null)),
        // the range's end cuts the split points
        Arguments.of(ListRange.keys("p/", null, "p/part-005"), "p/part-000000", "p/part-002499", 16,
            edges("p/part-002499", "p/part-003", "p/part-004", "p/part-005")),
        // more candidates than splits: evenly chosen
        Arguments.of(ListRange.keys("p/"), "p/a", "p/b", 4, edges("p/b", "p/c", "p/i", "p/o", "p/u", null)),
        // the last letter of its kind has nothing after it, nor has anything shallower: the rest is one range
        Arguments.of(ListRange.keys("p/"), "p/a0", "p/z5", 16, edges("p/z5", null)),
        // never deeper than where the seen keys differ: no split points inside ".parquet"
        Arguments.of(ListRange.keys("p/", null, "p/part-003"), "p/part-0020000.parquet", "p/part-0029999.parquet",
            16, edges("p/part-0029999.parquet", "p/part-003")),
        // one key seen: split after the prefix
        Arguments.of(ListRange.keys("p/"), "p/m", "p/m", 2, edges("p/m", "p/n", "p/t", null)),
        // nothing of a known kind after the last key: the rest is one range
        Arguments.of(ListRange.keys("p/"), "p/日a", "p/日😀", 16, edges("p/日😀", null)),
        Arguments.of(ListRange.keys("p/"), "p/9", "p/9", 16, edges("p/9", null)),
        // no splits wanted
        Arguments.of(ListRange.keys("p/"), "p/a", "p/b", 0, edges("p/b", null)),
        // the last key is the range's end: nothing left
        Arguments.of(ListRange.keys("p/", null, "p/k"), "p/a", "p/k", 16, edges()),
        // a split point is never before the range's start nor outside the prefix
        Arguments.of(ListRange.keys("dir/sub", "dir/sub0", null), "dir/sub1/x", "dir/sub1/y", 16,
            edges("dir/sub1/y", "dir/sub1/z", "dir/sub2", "dir/sub3", "dir/sub4", "dir/sub5", "dir/sub6", "dir/sub7",
                "dir/sub8", "dir/sub9", null)));
  }

  /** Range bounds in order; null for an open end. */
  private static List<String> edges(String... edges) {
    return java.util.Arrays.asList(edges);
  }

  @ParameterizedTest(name = "{1}..{2} of {0}")
  @MethodSource("splits")
  void remainder_seenKeys_coversTheRestWithTheseBounds(ListRange range, String first, String last, int maxSplits,
      List<String> edges) {
    List<ListRange> left = RangeSplitter.remainder(range, first, last, maxSplits);

    List<ListRange> expected = new ArrayList<>();
    for (int i = 0; i + 1 < edges.size(); i++) {
      expected.add(ListRange.keys(range.prefix(), edges.get(i), edges.get(i + 1)));
    }
    assertThat(left).isEqualTo(expected);
  }

  @Test
  void remainder_lastNotInRange_throws() {
    assertThatThrownBy(() -> RangeSplitter.remainder(ListRange.keys("p/", "p/m", null), "p/a", "p/b", 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p/b");
    assertThatThrownBy(() -> RangeSplitter.remainder(ListRange.keys("p/"), "p/c", "p/b", 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RangeSplitter.remainder(ListRange.delimited("p/", null), "p/a", "p/b", 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listRange_emptyOrMixedBounds_throw() {
    assertThatThrownBy(() -> ListRange.keys("p/", "p/b", "p/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListRange.keys("p/", "p/😀", "p/\uFFFF")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ListRange("p/", true, null, "p/a", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ListRange("p/", false, "token", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> bounds() {
    return Stream.of(
        Arguments.of(ListRange.keys("p/", "p/a", "p/c"), "p/a", false),
        Arguments.of(ListRange.keys("p/", "p/a", "p/c"), "p/a ", true),
        Arguments.of(ListRange.keys("p/", "p/a", "p/c"), "p/c", true),
        Arguments.of(ListRange.keys("p/", "p/a", "p/c"), "p/c/", false),
        Arguments.of(ListRange.keys("p/", "p/\uFFFF", null), "p/😀", true),
        Arguments.of(ListRange.keys("p/", null, "p/\uFFFF"), "p/😀", false),
        Arguments.of(ListRange.keys("p/"), "p/", true));
  }

  @ParameterizedTest(name = "{1} in {0}: {2}")
  @MethodSource("bounds")
  void contains_keys_startAfterExclusiveEndInclusiveInUtf8Order(ListRange range, String key, boolean in) {
    assertThat(range.contains(key)).isEqualTo(in);
  }
}
