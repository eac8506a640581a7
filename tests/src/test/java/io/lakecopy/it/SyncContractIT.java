package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.job.JobListener;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.Seeder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What to copy and when: --if-exists skip|update, filters by regex, size and time, a prefixes file,
 * and the completion marker. Requests are counted at a proxy in front of the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SyncContractIT {
  Fixture f;
  FaultProxy proxy;
  @TempDir Path tmp;

  abstract Fixture fixture();

  /**
   * Whether the store honours If-Match on DeleteObject, so that --delete can delete an object only while it holds the
   * listed ETag (S3 does); where it does not, lakecopy deletes nothing with --delete.
   */
  boolean honoursIfMatchOnDelete() {
    return true;
  }

  /** A new source bucket for --move: one where lakecopy can delete exactly the copied object. */
  String moveSource() {
    return f.bucket("src");
  }

  @BeforeAll
  void start() {
    f = fixture();
    proxy = FaultProxy.start(f.server.endpoint());
  }

  @AfterAll
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (f != null) { // null when the server could not start (or the class was skipped)
      f.close();
    }
  }

  @AfterEach
  void reset() {
    proxy.resetCounts();
  }

  JobRun run(String... args) {
    return JobRun.run(f.argsVia(proxy.endpoint().toString(), args), JobListener.NONE);
  }

  long copyRequests() {
    return proxy.count(RequestType.COPY_OBJECT) + proxy.count(RequestType.UPLOAD_PART_COPY)
        + proxy.count(RequestType.CREATE_MULTIPART);
  }

  @Test
  void update_rerunOfAFinishedUpdate_sendsNoCopyRequest() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "u/", 20);
    seeded.putAll(f.seedMultipart(src, "u/"));
    // A multipart source below the threshold: a single CopyObject would not keep its ETag.
    String id = f.s3.createMultipartUpload(b -> b.bucket(src).key("u/assembled.bin")).uploadId();
    String part = f.s3.uploadPart(b -> b.bucket(src).key("u/assembled.bin").uploadId(id).partNumber(1),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(Seeder.content("asm", 1000))).eTag();
    f.s3.completeMultipartUpload(b -> b.bucket(src).key("u/assembled.bin").uploadId(id)
        .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part))));
    String[] args = {"--source", "s3://" + src + "/u/", "--dest", "s3://" + dst + "/u/", "--if-exists", "update",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB"};

    JobRun first = run(args);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(f.keys(dst)).hasSize(seeded.size() + 1);
    proxy.resetCounts();

    JobRun again = run(args);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(copyRequests()).as("copy requests of a rerun; %s", proxy.counts()).isZero();
    assertThat(again.out()).contains("skipped " + (seeded.size() + 1));
    // The 3 big objects were single-part sources copied in parts: ETags differ, so they are HEADed for the
    // recorded source ETag. The 1-part assembled object was copied with its own layout: same ETag, no HEAD.
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).as("only objects with incomparable ETags are HEADed")
        .isEqualTo(3);

    Seeder.put(f.s3, src, "u/dt=2026-11-01/part-00000.parquet", Seeder.content("changed", 99));
    proxy.resetCounts();
    JobRun changed = run(args);
    assertThat(changed.exitCode()).isZero();
    assertThat(proxy.count(RequestType.COPY_OBJECT)).as("only the changed object is copied").isEqualTo(1);
    // one CopyObject probes x-amz-copy-source-if-match, one If-None-Match on the destination (update runs only)
    assertThat(proxy.probeCount(RequestType.COPY_OBJECT)).as("the store probed before the copy").isEqualTo(2);
    f.assertSameObject(src, "u/dt=2026-11-01/part-00000.parquet", dst, "u/dt=2026-11-01/part-00000.parquet");
    f.assertNoUploads(dst);
  }

  @Test
  void dryRun_reportsPerObjectWhatAndWhy_skipCopyDelete() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    f.seedTree(src, "w/", 3);
    Seeder.put(f.s3, dst, "w/dt=2026-11-02/part-00001.json", Seeder.content("theirs", 10));
    Seeder.put(f.s3, dst, "w/orphan", Seeder.content("orphan", 10));
    Path report = tmp.resolve("why-report");

    JobRun dry = run("--source", "s3://" + src + "/w/", "--dest", "s3://" + dst + "/w/", "--if-exists", "skip",
        "--delete", "--dry-run", "--report", report.toString(), "--report-format", "csv");

    assertThat(dry.exitCode()).as(dry.err()).isZero();
    Map<String, String> why = f.spark.read().option("header", "true").csv(report.toString()).collectAsList().stream()
        .collect(java.util.stream.Collectors.toMap(r -> r.<String>getAs("destination"),
            r -> r.<String>getAs("status") + ": " + r.<String>getAs("error_message")));
    assertThat(why).hasSize(4);
    assertThat(why.get("s3://" + dst + "/w/dt=2026-11-02/part-00001.json")).startsWith("SKIPPED: would skip: exists");
    assertThat(why.get("s3://" + dst + "/w/orphan")).startsWith("PLANNED: would be deleted");
    assertThat(why.get("s3://" + dst + "/w/dt=2026-11-03/part-00002.json")).startsWith("PLANNED: would copy with one CopyObject");
    assertThat(copyRequests()).isZero();
    assertThat(f.keys(dst)).containsExactlyInAnyOrder("w/dt=2026-11-02/part-00001.json", "w/orphan");
  }

  @Test
  void skip_existingDestinationKeysAreNeverOverwritten() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    f.seedTree(src, "s/", 5);
    byte[] theirs = Seeder.content("theirs", 10);
    Seeder.put(f.s3, dst, "s/dt=2026-11-02/part-00001.json", theirs);

    JobRun run = run("--source", "s3://" + src + "/s/", "--dest", "s3://" + dst + "/s/", "--if-exists", "skip");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("copied 4", "skipped 1");
    assertThat(f.s3.getObjectAsBytes(b -> b.bucket(dst).key("s/dt=2026-11-02/part-00001.json")).asByteArray())
        .isEqualTo(theirs);
  }

  @Test
  void filters_regexSizeAndModificationTime_selectExactly() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Seeder.put(f.s3, src, "f/a.parquet", Seeder.content("a", 100));
    Seeder.put(f.s3, src, "f/b.parquet", Seeder.content("b", 5000));
    Seeder.put(f.s3, src, "f/c.csv", Seeder.content("c", 100));
    Seeder.put(f.s3, src, "f/d.parquet", Seeder.content("d", 20));

    JobRun sized = run("--source", "s3://" + src + "/f/", "--dest", "s3://" + dst + "/sized/",
        "--src-pattern", ".*\\.parquet", "--min-size", "50", "--max-size", "1KiB");
    assertThat(sized.exitCode()).as(sized.err()).isZero();
    assertThat(f.keys(dst)).containsExactly("sized/a.parquet");

    JobRun future = run("--source", "s3://" + src + "/f/", "--dest", "s3://" + dst + "/future/",
        "--modified-after", Instant.now().plusSeconds(3600).toString());
    JobRun recent = run("--source", "s3://" + src + "/f/", "--dest", "s3://" + dst + "/recent/",
        "--modified-after", "1h", "--modified-before", Instant.now().plusSeconds(3600).toString());
    assertThat(future.exitCode()).isZero();
    assertThat(recent.exitCode()).isZero();
    assertThat(f.keys(dst)).containsExactlyInAnyOrder("sized/a.parquet", "recent/a.parquet", "recent/b.parquet",
        "recent/c.csv", "recent/d.parquet");
  }

  @Test
  void prefixesFile_listsOnlyThosePrefixes() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    for (String k : List.of("p/2026/01/a", "p/2026/02/b", "p/2026/03/c", "p/2027/01/d")) {
      Seeder.put(f.s3, src, k, Seeder.content(k, 10));
    }
    Path prefixes = tmp.resolve("prefixes.txt");
    Files.writeString(prefixes, "# months to copy\n2026/01/\ns3://" + src + "/p/2027/\n");

    JobRun run = run("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/q/", "--src-prefixes-file",
        prefixes.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).containsExactlyInAnyOrder("q/2026/01/a", "q/2027/01/d");
  }

  @Test
  void keyMapping_renamesPartitionsAndRejectsCollisionsBeforeAnyRequest() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    for (String k : List.of("k/dt=2026-11-01/a.parquet", "k/dt=2026-11-02/a.parquet")) {
      Seeder.put(f.s3, src, k, Seeder.content(k, 10));
    }

    JobRun renamed = run("--source", "s3://" + src + "/k/", "--dest", "s3://" + dst + "/r/", "--dest-key-regex",
        "dt=([^/]+)", "--dest-key-replacement", "date=$1");
    assertThat(renamed.exitCode()).as(renamed.err()).isZero();
    assertThat(f.keys(dst)).containsExactlyInAnyOrder("r/date=2026-11-01/a.parquet", "r/date=2026-11-02/a.parquet");
    proxy.resetCounts();

    JobRun flat = run("--source", "s3://" + src + "/k/", "--dest", "s3://" + dst + "/flat/", "--flatten");
    assertThat(flat.exitCode()).isEqualTo(2);
    assertThat(flat.err()).contains("1 destination key(s) have more than one source",
        "s3://" + dst + "/flat/a.parquet <- s3://" + src + "/k/dt=2026-11-01/a.parquet");
    assertThat(copyRequests()).isZero();
    assertThat(f.keys(dst)).noneMatch(k -> k.startsWith("flat/"));
  }

  @Test
  void delete_mirrorsTheSourceAndTheGuardStopsBeforeAnything() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "d/", 5);
    for (String extra : List.of("m/old-1", "m/old-2", "m/sub/old-3", "m/keep.tmp", "elsewhere/untouched")) {
      Seeder.put(f.s3, dst, extra, Seeder.content(extra, 7));
    }
    java.util.Set<String> before = f.keys(dst);

    JobRun guarded = run("--source", "s3://" + src + "/d/", "--dest", "s3://" + dst + "/m/", "--delete",
        "--max-delete", "2", "--exclude", "*.tmp");
    assertThat(guarded.exitCode()).isEqualTo(2);
    assertThat(guarded.err()).contains("--delete would remove 3 destination objects", "--max-delete");
    assertThat(f.keys(dst)).as("nothing copied or deleted").isEqualTo(before);
    assertThat(copyRequests()).isZero();

    JobRun mirrored = run("--source", "s3://" + src + "/d/", "--dest", "s3://" + dst + "/m/", "--delete",
        "--max-delete", "3", "--exclude", "*.tmp");
    if (!honoursIfMatchOnDelete()) {
      assertThat(mirrored.exitCode()).as("no delete could be held to its ETag").isEqualTo(1);
      assertThat(mirrored.out()).contains("DELETE_FAILED=3");
      assertThat(f.keys(dst)).containsAll(before).hasSize(before.size() + seeded.size());
      return;
    }
    assertThat(mirrored.exitCode()).as(mirrored.err()).isZero();
    assertThat(mirrored.out()).contains("deleted   3");
    java.util.Set<String> expected = new java.util.TreeSet<>(List.of("m/keep.tmp", "elsewhere/untouched"));
    seeded.keySet().forEach(k -> expected.add("m/" + k.substring("d/".length())));
    assertThat(f.keys(dst)).isEqualTo(expected);
  }

  @Test
  void move_sourceDeletedOnlyAfterAVerifiedCopy_failedCopyKeepsItsSource() {
    String src = moveSource();
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "v/", 4);
    seeded.putAll(f.seedMultipart(src, "v/"));
    String failing = seeded.keySet().stream().filter(k -> k.contains("part-00001")).findFirst().orElseThrow();
    proxy.addRule(io.lakecopy.testing.FaultRule.always(java.util.EnumSet.of(RequestType.COPY_OBJECT),
        p -> p.contains("part-00001"), io.lakecopy.testing.Fault.ACCESS_DENIED));
    Path report = tmp.resolve("move-report");

    JobRun moved = run("--source", "s3://" + src + "/v/", "--dest", "s3://" + dst + "/v/", "--move", "--part-size",
        "5MiB", "--multipart-threshold", "5MiB", "--report", report.toString());
    proxy.clearRules();

    assertThat(moved.exitCode()).isEqualTo(1);
    assertThat(moved.out()).contains("moved " + (seeded.size() - 1));
    assertThat(f.keys(src)).containsExactly(failing);
    assertThat(f.keys(dst)).hasSize(seeded.size() - 1).doesNotContain(failing);
    Map<String, Long> statuses = f.spark.read().json(report.toString()).groupBy("status").count().collectAsList()
        .stream().collect(java.util.stream.Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of("MOVED", (long) seeded.size() - 1, "FAILED", 1L));
    f.assertNoUploads(dst);
    // the summary says what held the deletes, as the probe found it on this store
    String held = (honoursIfMatchOnDelete() ? io.lakecopy.copy.DeleteCondition.HONOURED
        : io.lakecopy.copy.DeleteCondition.IGNORED).describe();
    assertThat(moved.out()).contains("  deletes   " + held);
    try {
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.resolve("_summary.json").toFile())
          .get("delete_condition").asText()).isEqualTo(held);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void dryRun_estimatesTheRequestsTheRealRunThenSends() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    f.seedTree(src, "e/", 12);
    f.seedMultipart(src, "e/");
    String[] args = {"--source", "s3://" + src + "/e/", "--dest", "s3://" + dst + "/e/", "--part-size", "5MiB",
        "--multipart-threshold", "5MiB"};

    JobRun dry = run(concat(args, "--dry-run"));
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(f.keys(dst)).isEmpty();
    assertThat(copyRequests()).isZero();
    proxy.resetCounts();

    JobRun real = run(args);
    assertThat(real.exitCode()).as(real.err()).isZero();
    for (RequestType type : List.of(RequestType.COPY_OBJECT, RequestType.UPLOAD_PART_COPY,
        RequestType.CREATE_MULTIPART, RequestType.COMPLETE_MULTIPART)) {
      String op = switch (type) {
        case COPY_OBJECT -> "CopyObject";
        case UPLOAD_PART_COPY -> "UploadPartCopy";
        case CREATE_MULTIPART -> "CreateMultipartUpload";
        default -> "CompleteMultipartUpload";
      };
      String sent = op + "=" + (proxy.count(type) + proxy.probeCount(type)) + " ";
      assertThat(dry.out()).as("dry-run estimate of %s", op).contains(sent);
      assertThat(real.out()).as("requests the real run reports for %s", op).contains(sent);
    }
    assertThat(dry.out()).contains("requests  (a real run would send)", "(about $");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void outputManifest_feedsTheNextRunsPreviousManifest() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "o/", 8);
    Path copied = tmp.resolve("copied-manifest");

    JobRun first = run("--source", "s3://" + src + "/o/", "--dest", "s3://" + dst + "/one/", "--output-manifest",
        copied.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    Seeder.put(f.s3, src, "o/new-object", Seeder.content("new", 12));
    Seeder.put(f.s3, src, "o/dt=2026-11-01/part-00000.parquet", Seeder.content("rewritten", 13));
    proxy.resetCounts();

    JobRun second = run("--source", "s3://" + src + "/o/", "--dest", "s3://" + dst + "/two/", "--previous-manifest",
        copied.toString());

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("copied 2", "skipped " + (seeded.size() - 1));
    assertThat(f.keys(dst).stream().filter(k -> k.startsWith("two/")))
        .containsExactlyInAnyOrder("two/new-object", "two/dt=2026-11-01/part-00000.parquet");
  }

  @Test
  void completionMarker_writtenOnlyWhenEveryObjectCopied() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    f.seedTree(src, "m/", 4);

    JobRun ok = run("--source", "s3://" + src + "/m/", "--dest", "s3://" + dst + "/m/", "--completion-marker",
        "_SUCCESS");
    assertThat(ok.exitCode()).isZero();
    assertThat(f.keys(dst)).contains("m/_SUCCESS");

    proxy.addRule(io.lakecopy.testing.FaultRule.always(java.util.EnumSet.of(RequestType.COPY_OBJECT),
        p -> p.contains("part-00001"), io.lakecopy.testing.Fault.ACCESS_DENIED));
    JobRun failed = run("--source", "s3://" + src + "/m/", "--dest", "s3://" + dst + "/m/", "--completion-marker",
        "_SUCCESS");
    proxy.clearRules();
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(f.keys(dst)).as("a failed run removes the earlier marker").doesNotContain("m/_SUCCESS");
  }
}
