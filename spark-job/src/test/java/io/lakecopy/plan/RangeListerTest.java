package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RangeListerTest {
  private static List<String> keys(RangeLister.Listing l) {
    return l.objects().stream().map(ListingPages.Listed::key).toList();
  }

  @Test
  void list_delimitedNotTruncated_objectsAndOneRangePerCommonPrefix() {
    FakeListingPages pages = new FakeListingPages(List.of("p/a", "p/b/1", "p/b/2", "p/c/", "p/d", "q/x"), 10);

    RangeLister.Listing l = RangeLister.list(pages, ListRange.delimited("p/", null), 1);

    assertThat(keys(l)).containsExactly("p/a", "p/d");
    assertThat(l.left()).containsExactly(ListRange.keys("p/b/"), ListRange.keys("p/c/"));
  }

  @Test
  void list_delimitedTruncatedAfterAnObject_restIsTheKeysAfterIt() {
    FakeListingPages pages = new FakeListingPages(List.of("p/a/1", "p/b", "p/c/1", "p/d"), 2);

    RangeLister.Listing l = RangeLister.list(pages, ListRange.delimited("p/", null), 1);

    assertThat(keys(l)).containsExactly("p/b");
    assertThat(l.left()).containsExactly(ListRange.keys("p/a/"), ListRange.keys("p/", "p/b", null));
  }

  @Test
  void list_delimitedTruncatedAfterACommonPrefix_goesOnFromTheToken() {
    FakeListingPages pages = new FakeListingPages(List.of("p/a", "p/b/1", "p/b/2", "p/c"), 2);

    RangeLister.Listing l = RangeLister.list(pages, ListRange.delimited("p/", null), 1);

    assertThat(keys(l)).containsExactly("p/a");
    assertThat(l.left()).containsExactly(ListRange.keys("p/b/"), ListRange.delimited("p/", "P:p/b/"));
    RangeLister.Listing next = RangeLister.list(pages, l.left().get(1), 1);
    assertThat(keys(next)).containsExactly("p/c");
    assertThat(next.left()).isEmpty();
  }

  @Test
  void list_keyRange_listsOnlyItsBoundsAndStopsPastTheEnd() {
    FakeListingPages pages = new FakeListingPages(List.of("p/a", "p/b", "p/b ", "p/b/", "p/c", "p/d", "p/e"), 2);

    RangeLister.Listing l = RangeLister.list(pages, ListRange.keys("p/", "p/b", "p/c"), 10);

    assertThat(keys(l)).containsExactly("p/b ", "p/b/", "p/c");
    assertThat(l.left()).isEmpty();
    assertThat(pages.requests.get()).as("stops at the page past the end").isEqualTo(2);
  }

  @Test
  void list_keyRangeOutOfPages_leavesTheRestSplitAfterTheLastKey() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(String.format("p/part-%05d", i));
    }
    FakeListingPages pages = new FakeListingPages(all, 10);

    RangeLister.Listing l = RangeLister.list(pages, ListRange.keys("p/"), 2);

    assertThat(keys(l)).hasSize(20).endsWith("p/part-00019");
    assertThat(l.left()).first().isEqualTo(ListRange.keys("p/", "p/part-00019", "p/part-0002"));
    assertThat(l.left()).contains(ListRange.keys("p/", "p/part-0008", "p/part-0009"));
    for (int i = 1; i < l.left().size(); i++) {
      assertThat(l.left().get(i).startAfter()).as("range %d starts where range %d ends", i, i - 1)
          .isEqualTo(l.left().get(i - 1).endInclusive());
    }
    assertThat(l.left().get(l.left().size() - 1).endInclusive()).as("the last range is open-ended").isNull();
  }

  @Test
  void list_emptyRange_listsNothingAndLeavesNothing() {
    FakeListingPages pages = new FakeListingPages(List.of("p/a", "p/z"), 1);

    RangeLister.Listing l = RangeLister.list(pages, ListRange.keys("p/", "p/a", "p/y"), 1);

    assertThat(l.objects()).isEmpty();
    assertThat(l.left()).isEmpty();
  }

  @Test
  void first_smallTreeFinishedFlat_everyKeyInAsFewPagesAsTheKeysFill() {
    List<String> keys = new ArrayList<>();
    for (int d = 0; d < 100; d++) {
      for (int k = 0; k < 40; k++) {
        keys.add(String.format("w1/d%03d/k%04d", d, k));
      }
    }
    FakeListingPages pages = new FakeListingPages(keys, 1000);

    RangeLister.Listing l = RangeLister.first(pages, "w1/", 10);

    assertThat(keys(l)).isEqualTo(keys);
    assertThat(l.left()).isEmpty();
    assertThat(pages.requests.get()).as("pages of 4,000 keys in 100 folders").isEqualTo(4);
  }

  @Test
  void first_largeTree_keepsTheFlatPagesAndLeavesTheRestByFolders() {
    List<String> keys = List.of("t/a", "t/b/1", "t/b/2", "t/c/1", "t/c/2", "t/d");
    FakeListingPages pages = new FakeListingPages(keys, 2);

    RangeLister.Listing l = RangeLister.first(pages, "t/", 1);

    assertThat(keys(l)).containsExactly("t/a", "t/b/1");
    assertThat(l.left()).containsExactly(ListRange.keys("t/b/", "t/b/1", null), ListRange.keys("t/c/"),
        ListRange.delimited("t/", "P:t/c/"));
    assertThat(pages.requests.get()).as("one flat page, then one delimited after its last key").isEqualTo(2);
    List<String> rest = new ArrayList<>();
    l.left().forEach(r -> rest.addAll(keys(RangeLister.list(pages, r, 10))));
    assertThat(rest).containsExactly("t/b/2", "t/c/1", "t/c/2", "t/d");
  }

  @Test
  void first_largeTreeOnAStoreThatIgnoresStartAfterWhenDelimited_listedAgainDelimitedFromTheStart() {
    List<String> keys = List.of("t/a", "t/b/1", "t/b/2", "t/c/1", "t/c/2", "t/d");
    FakeListingPages fake = new FakeListingPages(keys, 2);
    ListingPages pages = (prefix, delimited, startAfter, token) ->
        fake.page(prefix, delimited, delimited ? null : startAfter, token);

    RangeLister.Listing l = RangeLister.first(pages, "t/", 1);

    assertThat(l).isEqualTo(RangeLister.list(new FakeListingPages(keys, 2), ListRange.delimited("t/", null), 1));
    assertThat(fake.requests.get()).as("a flat page, the page that ignored start-after, the delimited page")
        .isEqualTo(3);
  }

  @Test
  void first_largeTreeOnAStoreThatAnswersNothingAfterATopLevelKey_listedAgainDelimitedFromTheStart() {
    List<String> keys = List.of("t/a/1", "t/b", "t/c/1", "t/d");
    FakeListingPages fake = new FakeListingPages(keys, 2);
    ListingPages pages = (prefix, delimited, startAfter, token) -> delimited && startAfter != null
        ? new ListingPages.Page(List.of(), List.of(), false, null) : fake.page(prefix, delimited, startAfter, token);

    RangeLister.Listing l = RangeLister.first(pages, "t/", 1);

    assertThat(l).isEqualTo(RangeLister.list(new FakeListingPages(keys, 2), ListRange.delimited("t/", null), 1));
  }

  @Test
  void first_largeFlatPrefix_keepsTheFlatPagesAndSplitsTheRestAfterTheLastKey() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add(String.format("f/part-%03d", i));
    }
    FakeListingPages pages = new FakeListingPages(keys, 10);

    RangeLister.Listing l = RangeLister.first(pages, "f/", 2);

    assertThat(keys(l)).isEqualTo(keys.subList(0, 20));
    assertThat(l.left()).isEqualTo(RangeSplitter.remainder(ListRange.keys("f/"), "f/part-000", "f/part-019",
        RangeLister.MAX_SPLITS));
    assertThat(pages.requests.get()).isEqualTo(2);
  }

  /** Characters that are hard on listings: delimiters, URL-special, non-ASCII, supplementary, U+E000..U+FFFF. */
  private static final String[] PIECES = {"a", "b", "z", "A", "Z", "0", "5", "9", "/", " ", "%", "+", "=", "-",
      ".", "~", "é", "日", "\uE000", "\uFFFD", "😀", "𝄞", "part-", "2026/"};

  private static Set<String> randomKeys(long seed, int n, String prefix) {
    Random random = new Random(seed);
    Set<String> keys = new TreeSet<>();
    keys.add(prefix);
    keys.add(prefix + "/");
    keys.add(prefix + "dir/");
    keys.add(prefix + "dir");
    keys.add(prefix + "dir/x");
    while (keys.size() < n) {
      StringBuilder k = new StringBuilder(prefix);
      int len = 1 + random.nextInt(random.nextBoolean() ? 3 : 10);
      for (int i = 0; i < len; i++) {
        k.append(PIECES[random.nextInt(PIECES.length)]);
      }
      keys.add(k.toString());
      if (random.nextInt(4) == 0) {
        keys.add(String.format("%sflat/%06d", prefix, random.nextInt(1_000_000)));
      }
    }
    return keys;
  }

  /**
   * Lists {@code prefix} as a run does: the driver's first listing ({@link RangeLister#first}, as many pages as a
   * range), then round after round, each range at most {@code pagesPerRange} pages.
   *
   * @return every listed key, in the order listed (repeats kept)
   */
  private static List<String> listAll(ListingPages pages, String prefix, int pagesPerRange, int[] rounds) {
    List<String> listed = new ArrayList<>();
    RangeLister.Listing first = RangeLister.first(pages, prefix, pagesPerRange);
    listed.addAll(keys(first));
    Deque<ListRange> ranges = new ArrayDeque<>(first.left());
    while (!ranges.isEmpty()) {
      rounds[0]++;
      assertThat(rounds[0]).as("rounds").isLessThan(10_000);
      List<ListRange> next = new ArrayList<>();
      for (ListRange r : ranges) {
        RangeLister.Listing l = RangeLister.list(pages, r, pagesPerRange);
        listed.addAll(keys(l));
        next.addAll(l.left());
      }
      ranges = new ArrayDeque<>(next);
    }
    return listed;
  }

  static Stream<Arguments> listings() {
    return Stream.of(
        Arguments.of(1L, 3000, "", 1, 1),
        Arguments.of(2L, 3000, "p/", 2, 1),
        Arguments.of(3L, 5000, "p/", 7, 1),
        Arguments.of(4L, 5000, "p/", 3, 2),
        Arguments.of(5L, 2000, "lake/dt=2026-11-01/", 1, 3),
        Arguments.of(6L, 4000, "p/", 1000, 1),
        Arguments.of(7L, 10, "p/", 1, 1));
  }

  @ParameterizedTest(name = "seed {0}: {1} keys under ''{2}'', pages of {3}, {4} per range")
  @MethodSource("listings")
  void listAll_randomOddKeysTinyPages_listsEveryKeyExactlyOnce(long seed, int n, String prefix, int pageSize,
      int pagesPerRange) {
    Set<String> keys = randomKeys(seed, n, prefix);
    List<String> outside = List.of(prefix + "\uFFFF", "q", "p", "o/x", "lake/dt=2026-11-02/a");
    List<String> stored = new ArrayList<>(keys);
    outside.stream().filter(k -> !k.startsWith(prefix)).forEach(stored::add);
    FakeListingPages pages = new FakeListingPages(stored, pageSize);
    int[] rounds = {0};

    List<String> listed = listAll(pages, prefix, pagesPerRange, rounds);

    Map<String, Integer> times = new HashMap<>();
    listed.forEach(k -> times.merge(k, 1, Integer::sum));
    assertThat(times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
        .as("keys listed more than once").isEmpty();
    Set<String> expected = new TreeSet<>(keys);
    stored.stream().filter(k -> k.startsWith(prefix)).forEach(expected::add);
    assertThat(new TreeSet<>(listed)).isEqualTo(expected);
    assertThat(rounds[0]).as("rounds").isLessThan(n);
  }

  @Test
  void listAll_flatPrefixOf100000Keys_fewRequestsPer1000KeysAndFewRounds() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      keys.add(String.format("flat/part-%07d.parquet", i * 7));
    }
    FakeListingPages pages = new FakeListingPages(keys, 1000);
    int[] rounds = {0};

    List<String> listed = listAll(pages, "flat/", 10, rounds);

    assertThat(listed).hasSize(keys.size()).doesNotHaveDuplicates();
    assertThat(rounds[0]).as("rounds").isLessThanOrEqualTo(4);
    assertThat(pages.requests.get()).as("LIST requests for 100,000 keys").isLessThanOrEqualTo(200);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} ranges on {1} cores: {2} a task")
  @org.junit.jupiter.params.provider.CsvSource({
      // ranges, cores, ranges per task: about 4 tasks a core
      "1, 2, 1",
      "8, 2, 1",
      "9, 2, 2",
      "100, 2, 13",     // 8 tasks on local[2] instead of 100
      "100, 200, 1",    // a task per range on a large cluster
      "1000, 8, 32",
      "100000, 2, 64",  // never more than 64 in one task
      "2147483647, 1, 64"})
  void rangesPerTask_aboutFourTasksPerCoreAtMost64RangesATask(int ranges, int cores, int expected) {
    assertThat(RangeLister.rangesPerTask(ranges, cores)).isEqualTo(expected);
    long tasks = (ranges + (long) expected - 1) / expected;
    assertThat(tasks).as("tasks").isLessThanOrEqualTo(Math.max((long) cores * RangeLister.TASKS_PER_CORE,
        (ranges + 63L) / 64));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"0, 2", "5, 0", "-1, 4"})
  void rangesPerTask_noRangesOrNoCores_refused(int ranges, int cores) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RangeLister.rangesPerTask(ranges, cores))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
