package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.job.JobListener;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.Seeder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing on the executors, in ranges split round after round: keys at range boundaries and split points, odd
 * characters, keys that are prefixes of others or end in "/", an empty prefix, and a flat prefix big enough to be
 * split with one page per range (pages of {@link #PAGE} keys, --list-page-size). Every key must be copied exactly once, and the destination listing must
 * see each copied key once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ListingContractIT {
  /** Keys asked for per listing page: a tenth of S3's 1,000, so that a tenth of the keys split as often. */
  private static final int PAGE = 100;
  /** Keys in the flat prefix: with {@link #PAGE}-key pages and one page per range, split over several rounds. */
  private static final int FLAT = 260;

  Fixture f;
  FaultProxy proxy;
  String src;
  Set<String> seeded;
  @TempDir Path tmp;

  abstract Fixture fixture();

  /** Whether a key can also be the "directory" of other keys ("a" and "a/b"), and a key may end in "/". */
  boolean keysMayBeDirectories() {
    return true;
  }

  @BeforeAll
  void start() throws Exception {
    f = fixture();
    proxy = FaultProxy.start(f.server.endpoint());
    src = f.bucket("src");
    seeded = new TreeSet<>(keys());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (String k : seeded) {
        puts.add(pool.submit(() -> Seeder.put(f.s3, src, k, Seeder.content(k, k.length() % 7))));
      }
      for (Future<?> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(f.keys(src)).as("what the server stored").isEqualTo(seeded);
  }

  @BeforeEach
  void reset() {
    proxy.resetCounts();
  }

  @AfterAll
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (f != null) {
      f.close();
    }
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < FLAT; i++) {
      keys.add(String.format("l/flat/part-%04d", i));
    }
    // keys that are the split points a range of the flat keys is cut at, or just around them
    keys.addAll(List.of("l/flat/part-", "l/flat/part-0", "l/flat/part-01", "l/flat/part-02", "l/flat/part-009",
        "l/flat/part-01 ", "l/flat/part-1", "l/flat/part-9", "l/flat/part-a", "l/flat/part-z", "l/flat/part-~",
        "l/flat/part-日"));
    keys.addAll(List.of("l/a b+c%d=é&x?.txt", "l/%2F-literal", "l/plus+plus", "l/tilde~and*star(1).csv",
        "l/unicode/日本語 ファイル.txt", "l/emoji/😀 face.txt", "l/emoji/𝄞", "l/ä", "l/0", "l/Z", "l/z"));
    for (String k : Seeder.oddKeys()) {
      keys.add("l/" + k);
    }
    if (keysMayBeDirectories()) {
      keys.addAll(List.of("l/a", "l/a/", "l/a/b", "l/a/b/", "l/a/b/c", "l/a0", "l/dir/", "l/😀", "l/😀/x",
          "l/flat/part-0050/", "l/flat/part-0099/x"));
    }
    keys.add("m/not-under-the-source");
    return keys;
  }

  private JobRun run(String... args) {
    return JobRun.run(f.argsVia(proxy.endpoint().toString(), args), JobListener.NONE);
  }

  /** The report's destinations, one per row. */
  private List<String> reported(Path report) {
    return f.spark.read().json(report.toString()).select("destination").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
  }

  private static Set<String> under(Set<String> keys, String... prefixes) {
    return keys.stream().filter(k -> java.util.Arrays.stream(prefixes).anyMatch(k::startsWith))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void listing_splitInRoundsWithOddKeys_copiesEveryKeyExactlyOnceAndListsTheDestinationOnce() {
    String dst = f.bucket("dst");
    Path report = tmp.resolve("report");
    String[] args = {"--source", "s3://" + src + "/l/", "--dest", "s3://" + dst + "/c/", "--if-exists", "skip",
        "--list-pages-per-range", "1", "--list-page-size", String.valueOf(PAGE), "--list-parallelism", "2"};
    Set<String> expected = under(seeded, "l/");

    JobRun run = run(concat(args, "--report", report.toString()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).isEqualTo(expected.stream().map(k -> "c/" + k.substring(2))
        .collect(Collectors.toCollection(TreeSet::new)));
    List<String> rows = reported(report);
    assertThat(rows).as("one report row per key").hasSize(expected.size()).doesNotHaveDuplicates();
    assertThat(proxy.count(RequestType.COPY_OBJECT)).as("one copy per key").isEqualTo(expected.size());
    assertThat(run.out()).contains(String.format(java.util.Locale.ROOT, "copied %,d", expected.size()));
    assertThat(proxy.count(RequestType.LIST_OBJECTS)).as("the listing was split into ranges")
        .isGreaterThan(2 * (FLAT / PAGE + 1));
    assertThat(run.out()).as("the summary counts the executors' listing requests too")
        .contains("ListObjectsV2=" + proxy.count(RequestType.LIST_OBJECTS) + " ");

    proxy.resetCounts();
    JobRun again = run(concat(args, "--report", tmp.resolve("again").toString()));

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains(String.format(java.util.Locale.ROOT, "skipped %,d", expected.size()));
    assertThat(proxy.count(RequestType.COPY_OBJECT)).as("copies of a rerun").isZero();
    assertThat(reported(tmp.resolve("again"))).hasSize(expected.size()).doesNotHaveDuplicates();
  }

  @Test
  void listing_treeTheDriverFinishes_listedFlatInAsManyPagesAsItsKeysFill() {
    String dst = f.bucket("dst");
    Path report = tmp.resolve("small-report");
    Set<String> expected = under(seeded, "l/");
    int pages = (expected.size() + PAGE - 1) / PAGE;

    JobRun run = run("--source", "s3://" + src + "/l/", "--dest", "s3://" + dst + "/c/", "--list-page-size",
        String.valueOf(PAGE), "--list-pages-per-range", String.valueOf(pages + 1), "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).isEqualTo(expected.stream().map(k -> "c/" + k.substring(2))
        .collect(Collectors.toCollection(TreeSet::new)));
    assertThat(reported(report)).as("one report row per key").hasSize(expected.size()).doesNotHaveDuplicates();
    assertThat(proxy.count(RequestType.COPY_OBJECT)).as("one copy per key").isEqualTo(expected.size());
    // a delimited listing would have taken a page, then one range per folder (l/a/, l/dir/, l/emoji/, ...)
    assertThat(proxy.count(RequestType.LIST_OBJECTS)).as("flat pages of %d keys, %d keys", PAGE, expected.size())
        .isBetween((long) pages, (long) pages + 1);
  }

  @Test
  void listing_overlappingPrefixesFileAndAnEmptyPrefix_copiesEachKeyOnce() throws Exception {
    String dst = f.bucket("dst");
    Path prefixes = tmp.resolve("prefixes.txt");
    Files.writeString(prefixes, "flat/\nflat/part-01\nflat/part-0\ns3://" + src + "/l/emoji/\nnothing-here/\n");
    Path report = tmp.resolve("prefixes-report");

    JobRun run = run("--source", "s3://" + src + "/l/", "--dest", "s3://" + dst + "/c/", "--src-prefixes-file",
        prefixes.toString(), "--list-pages-per-range", "1", "--list-page-size", String.valueOf(PAGE), "--report",
        report.toString());

    Set<String> expected = under(seeded, "l/flat/", "l/emoji/");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).isEqualTo(expected.stream().map(k -> "c/" + k.substring(2))
        .collect(Collectors.toCollection(TreeSet::new)));
    assertThat(reported(report)).as("one report row per key").hasSize(expected.size()).doesNotHaveDuplicates();
    assertThat(proxy.count(RequestType.COPY_OBJECT)).as("one copy per key").isEqualTo(expected.size());
  }

  @Test
  void listing_emptySourcePrefix_copiesNothing() {
    String dst = f.bucket("dst");

    JobRun run = run("--source", "s3://" + src + "/nothing-here/", "--dest", "s3://" + dst + "/c/", "--if-exists",
        "skip");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).isEmpty();
  }

  @Test
  void listing_missingSourceBucket_exit2NamingTheFlag() {
    JobRun run = run("--source", "s3://no-such-bucket-" + f.server.name() + "/l/", "--dest", "s3://"
        + f.bucket("dst") + "/c/");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--source (source.uri)", "does not exist");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
