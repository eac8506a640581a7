package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.job.JobListener;
import io.lakecopy.testing.Seeder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * --all-versions and --version-at against a real server with versioning: histories copied oldest first with delete
 * markers, a rerun that writes nothing, a destination history that is not the source's left alone, a destination
 * without versioning refused before anything is written, a dry run that writes nothing, and the version current at
 * a time. Histories are read back with ListObjectVersions and the bytes of each version with GetObject.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VersionsContractIT {
  /** Just over one 5 MiB part: copied in two parts with a 5 MiB threshold. */
  private static final int BIG = 5 * Fixture.MiB + 1;

  Fixture f;
  @TempDir Path tmp;

  abstract Fixture fixture();

  /**
   * Whether the server dates a delete marker with the time of the delete: S3 and RGW do; Adobe S3Mock 5.2 gives it
   * the time of the version it hides, so a key deleted after a time looks deleted before it to --version-at.
   */
  boolean datesDeleteMarkers() {
    return true;
  }

  @BeforeAll
  void start() {
    f = fixture();
  }

  @AfterAll
  void stop() {
    if (f != null) {
      f.close("lakecopy");
    }
  }

  private String versionedBucket(String role) {
    String b = f.bucket(role);
    f.s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
    return b;
  }

  private record Run(JobRun run, Path report) {}

  private Run copy(String src, String dst, String... more) {
    Path report = tmp.resolve("report-" + System.nanoTime());
    List<String> args = new ArrayList<>(List.of("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/q/",
        "--report", report.toString()));
    args.addAll(Arrays.asList(more));
    return new Run(JobRun.run(f.args(args.toArray(String[]::new)), JobListener.NONE), report);
  }

  private List<Row> rows(Path report) {
    return f.spark.read().json(report.toString()).collectAsList();
  }

  /** A key's history as the test reads it: its versions' bytes newest first, its markers, and which is latest. */
  private record History(List<String> versions, List<String> versionIds, int markers, boolean deleted) {}

  private Map<String, History> histories(String bucket, String prefix) {
    ListObjectVersionsResponse r = f.s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix));
    assertThat(r.isTruncated()).isFalse();
    Map<String, History> out = new TreeMap<>();
    Map<String, List<String>> contents = new TreeMap<>();
    Map<String, List<String>> ids = new TreeMap<>();
    Map<String, Integer> markers = new TreeMap<>();
    Map<String, Boolean> deleted = new TreeMap<>();
    for (var v : r.versions()) {
      ResponseBytes<GetObjectResponse> bytes = f.s3.getObjectAsBytes(b -> b.bucket(bucket).key(v.key())
          .versionId(v.versionId()));
      byte[] data = bytes.asByteArray();
      contents.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(new String(data, 0, Math.min(40, data.length),
          java.nio.charset.StandardCharsets.ISO_8859_1) + "#" + data.length + "#" + Seeder.md5Hex(data));
      ids.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v.versionId());
      deleted.putIfAbsent(v.key(), false);
    }
    for (var m : r.deleteMarkers()) {
      markers.merge(m.key(), 1, Integer::sum);
      if (Boolean.TRUE.equals(m.isLatest())) {
        deleted.put(m.key(), true);
      }
      deleted.putIfAbsent(m.key(), false);
    }
    for (String k : deleted.keySet()) {
      out.put(k.substring(prefix.length()), new History(contents.getOrDefault(k, List.of()),
          ids.getOrDefault(k, List.of()), markers.getOrDefault(k, 0), deleted.get(k)));
    }
    return out;
  }

  /** Every key's versions (bytes, newest first), delete markers and current state are the source's. */
  private static void assertSameHistories(Map<String, History> copied, Map<String, History> source) {
    assertThat(copied.keySet()).isEqualTo(source.keySet());
    copied.forEach((k, h) -> {
      assertThat(h.versions()).as(k).isEqualTo(source.get(k).versions());
      assertThat(h.markers()).as(k).isEqualTo(source.get(k).markers());
      assertThat(h.deleted()).as(k).isEqualTo(source.get(k).deleted());
    });
  }

  /** Writes the source histories: a (3 versions), b (deleted), c (written, deleted, written again), big (2). */
  private void seed(String src) {
    for (String v : List.of("a-one", "a-two", "a-three")) {
      Seeder.put(f.s3, src, "p/a", v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Seeder.put(f.s3, src, "p/b", "b-one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    f.s3.deleteObject(b -> b.bucket(src).key("p/b"));
    Seeder.put(f.s3, src, "p/c", "c-one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    f.s3.deleteObject(b -> b.bucket(src).key("p/c"));
    pause(); // a version written after a delete marker of the same second would be ordered by the tie rule
    Seeder.put(f.s3, src, "p/c", "c-two".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Seeder.put(f.s3, src, "p/big", "big-one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Seeder.put(f.s3, src, "p/big", Seeder.content("big-two", BIG));
  }

  /**
   * An S3 Inventory of all versions of {@code src} (CSV, keys URL-encoded, as S3 writes it), made from its
   * ListObjectVersions, in a local directory; its manifest.json.
   */
  private String inventoryOf(String src) throws java.io.IOException {
    ListObjectVersionsResponse r = f.s3.listObjectVersions(b -> b.bucket(src));
    StringBuilder csv = new StringBuilder();
    for (var v : r.versions()) {
      csv.append(String.format("\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"%n", src,
          java.net.URLEncoder.encode(v.key(), java.nio.charset.StandardCharsets.UTF_8), v.versionId(), v.isLatest(),
          false, v.size(), v.lastModified(), v.eTag().replace("\"", "")));
    }
    for (var m : r.deleteMarkers()) {
      csv.append(String.format("\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"\",\"%s\",\"\"%n", src,
          java.net.URLEncoder.encode(m.key(), java.nio.charset.StandardCharsets.UTF_8), m.versionId(), m.isLatest(),
          true, m.lastModified()));
    }
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("inventory-" + System.nanoTime()));
    java.nio.file.Files.createDirectories(dir.resolve("data"));
    java.nio.file.Files.writeString(dir.resolve("data/part-1.csv"), csv.toString());
    Path manifest = java.nio.file.Files.createDirectories(dir.resolve("2026-12-01T00-00Z")).resolve("manifest.json");
    java.nio.file.Files.writeString(manifest, Fixture.inventoryManifest(src, "inventory-bucket", "CSV",
        "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag", List.of("data/part-1.csv")));
    return manifest.toString();
  }

  private static void pause() {
    try {
      Thread.sleep(1_100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void allVersions_copiesEachHistoryOldestFirst_andARerunWritesNothing() {
    String src = versionedBucket("src");
    String dst = versionedBucket("dst");
    seed(src);
    Map<String, History> source = histories(src, "p/");

    Run first = copy(src, dst, "--all-versions", "--multipart-threshold", "5MiB", "--part-size", "5MiB");

    assertThat(first.run().exitCode()).as(first.run().err()).isZero();
    Map<String, History> copied = histories(dst, "q/");
    assertThat(copied.keySet()).containsExactly("a", "b", "big", "c");
    assertSameHistories(copied, source);
    List<Row> rows = rows(first.report());
    // one row per source entry: 3 + 2 + 3 + 2, each mapping its source version to the copy's
    assertThat(rows).hasSize(10);
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.<String>getAs("status")).isEqualTo("COPIED");
      assertThat(r.<String>getAs("source_version_id")).isNotNull();
      assertThat(r.<String>getAs("dest_version_id")).isNotNull();
    });
    List<String> destIds = new ArrayList<>();
    copied.values().forEach(h -> destIds.addAll(h.versionIds()));
    assertThat(rows.stream().filter(r -> r.<String>getAs("source_etag") != null)
        .map(r -> r.<String>getAs("dest_version_id")).toList()).containsExactlyInAnyOrderElementsOf(destIds);
    assertThat(rows.stream().filter(r -> r.<String>getAs("destination").endsWith("/q/big")
        && r.<Long>getAs("size_bytes") == BIG).map(r -> r.<String>getAs("method")).toList())
        .containsExactly("MULTIPART");
    f.assertNoUploads(dst);

    Run again = copy(src, dst, "--all-versions", "--multipart-threshold", "5MiB", "--part-size", "5MiB");

    assertThat(again.run().exitCode()).as(again.run().err()).isZero();
    assertThat(histories(dst, "q/")).isEqualTo(copied);
    assertThat(rows(again.report())).hasSize(10).allSatisfy(r -> {
      assertThat(r.<String>getAs("status")).isEqualTo("SKIPPED");
      assertThat(r.<String>getAs("error_message")).isEqualTo("already at the destination");
    });
  }

  @Test
  void allVersions_fromAnInventoryOfAllVersions_copiesTheSameHistories() throws java.io.IOException {
    String src = versionedBucket("src");
    String dst = versionedBucket("dst");
    seed(src);
    Seeder.put(f.s3, src, "p/odd key+\u00fc", "odd".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Map<String, History> source = histories(src, "p/");

    Run run = copy(src, dst, "--all-versions", "--manifest", inventoryOf(src), "--multipart-threshold", "5MiB",
        "--part-size", "5MiB");

    assertThat(run.run().exitCode()).as(run.run().err()).isZero();
    Map<String, History> copied = histories(dst, "q/");
    assertSameHistories(copied, source);
  }

  @Test
  void allVersions_firstAttemptOfEveryTaskFails_theRetryWritesEachEntryOnce() {
    String src = versionedBucket("src");
    String dst = versionedBucket("dst");
    seed(src);
    Map<String, History> source = histories(src, "p/");
    // the run directory's storage fails each copy task's first attempt when it writes its outcomes, after it
    // wrote its keys' histories: Spark retries the task, which must not write them again
    var hadoop = f.spark.sparkContext().hadoopConfiguration();
    hadoop.set("fs." + FirstAttemptFailsFileSystem.SCHEME + ".impl", FirstAttemptFailsFileSystem.class.getName());
    Run run;
    try {
      run = copy(src, dst, "--all-versions", "--multipart-threshold", "5MiB", "--part-size", "5MiB", "--ledger",
          FirstAttemptFailsFileSystem.SCHEME + "://" + tmp.resolve("retried-ledger").toAbsolutePath());
    } finally {
      hadoop.unset("fs." + FirstAttemptFailsFileSystem.SCHEME + ".impl");
    }

    assertThat(run.run().exitCode()).as(run.run().err()).isZero();
    Map<String, History> copied = histories(dst, "q/");
    assertSameHistories(copied, source);
    // the retries found every entry written by the attempts that failed
    assertThat(rows(run.report())).hasSize(10).allSatisfy(r -> {
      assertThat(r.<String>getAs("status")).isEqualTo("SKIPPED");
      assertThat(r.<String>getAs("dest_version_id")).isNotNull();
    });
    f.assertNoUploads(dst);
  }

  @Test
  void allVersions_rerunAfterPartOfTheHistory_writesOnlyTheRest() {
    String src = versionedBucket("src");
    String dst = versionedBucket("dst");
    Seeder.put(f.s3, src, "p/k", "k-one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Seeder.put(f.s3, dst, "q/k", "k-one".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // as a dead run left it
    Seeder.put(f.s3, src, "p/k", "k-two".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    Run run = copy(src, dst, "--all-versions");

    assertThat(run.run().exitCode()).as(run.run().err()).isZero();
    assertThat(histories(dst, "q/").get("k").versions()).extracting(c -> c.substring(0, c.lastIndexOf('#'))).containsExactly("k-two#5", "k-one#5");
    assertThat(rows(run.report()).stream().map(r -> r.<String>getAs("status")).toList())
        .containsExactlyInAnyOrder("SKIPPED", "COPIED");
  }

  @Test
  void allVersions_destinationHistoryNotTheSources_keyFailsAndIsLeftAlone() {
    String src = versionedBucket("src");
    String dst = versionedBucket("dst");
    Seeder.put(f.s3, src, "p/k", "k-one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Seeder.put(f.s3, src, "p/other", "o-one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Seeder.put(f.s3, dst, "q/k", "someone else's".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    History before = histories(dst, "q/").get("k");

    Run run = copy(src, dst, "--all-versions");

    assertThat(run.run().exitCode()).as(run.run().out()).isEqualTo(1);
    assertThat(histories(dst, "q/").get("k")).isEqualTo(before);
    assertThat(histories(dst, "q/").get("other").versions()).hasSize(1).allSatisfy(c -> assertThat(c)
        .startsWith("o-one#5#"));
    Row failed = rows(run.report()).stream().filter(r -> r.<String>getAs("status").equals("FAILED")).findFirst()
        .orElseThrow();
    assertThat(failed.<String>getAs("destination")).endsWith("/q/k");
    assertThat(failed.<String>getAs("error_kind")).isEqualTo("DESTINATION_EXISTS");
    assertThat(failed.<String>getAs("error_message")).contains("not the source's").contains("nothing was written");
  }

  @Test
  void allVersions_destinationWithoutVersioning_exitCode2BeforeAnythingIsWritten() {
    String src = versionedBucket("src");
    String dst = f.bucket("dst");
    Seeder.put(f.s3, src, "p/k", "k-one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    f.s3.deleteObject(b -> b.bucket(src).key("p/k"));

    Run run = copy(src, dst, "--all-versions");

    assertThat(run.run().exitCode()).isEqualTo(2);
    assertThat(run.run().err()).contains("--all-versions").contains(dst).contains("versioning");
    assertThat(f.keys(dst)).isEmpty();
    assertThat(f.s3.listObjectVersions(b -> b.bucket(dst)).deleteMarkers()).isEmpty();
  }

  @Test
  void allVersions_completionMarker_writtenOnceEveryHistoryIsCopied_andRefusedOnASourcesKey() {
    String src = versionedBucket("src");
    String dst = versionedBucket("dst");
    Seeder.put(f.s3, src, "p/k", "k-one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Seeder.put(f.s3, src, "p/_DONE", "not a marker".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    Run onSource = copy(src, dst, "--all-versions", "--completion-marker", "_DONE");

    assertThat(onSource.run().exitCode()).isEqualTo(2);
    assertThat(onSource.run().err()).contains("--completion-marker").contains("maps to the marker's key");
    assertThat(f.s3.listObjectVersions(b -> b.bucket(dst)).versions()).isEmpty();

    Run run = copy(src, dst, "--all-versions", "--completion-marker", "_SUCCESS", "--exclude", "_DONE");

    assertThat(run.run().exitCode()).as(run.run().err()).isZero();
    assertThat(f.keys(dst)).containsExactly("q/_SUCCESS", "q/k");
  }

  @Test
  void allVersions_dryRun_plansEveryEntryAndWritesNothing() {
    String src = versionedBucket("src");
    String dst = versionedBucket("dst");
    seed(src);

    Run run = copy(src, dst, "--all-versions", "--dry-run");

    assertThat(run.run().exitCode()).as(run.run().err()).isZero();
    assertThat(rows(run.report())).hasSize(10).allSatisfy(r -> assertThat(r.<String>getAs("status"))
        .isEqualTo("PLANNED"));
    ListObjectVersionsResponse d = f.s3.listObjectVersions(b -> b.bucket(dst));
    assertThat(d.versions()).isEmpty();
    assertThat(d.deleteMarkers()).isEmpty();
  }

  @Test
  void versionAt_copiesTheVersionCurrentThen_andNothingOfKeysThatDidNotExist() throws java.io.IOException {
    String src = versionedBucket("src");
    String dst = f.bucket("dst"); // no versioning needed: one version of each key
    Seeder.put(f.s3, src, "p/a", "a-old".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Seeder.put(f.s3, src, "p/gone", "gone".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Seeder.put(f.s3, src, "p/deleted-later", "was here".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    f.s3.deleteObject(b -> b.bucket(src).key("p/gone"));
    pause();
    Instant at = f.s3.listObjectVersions(b -> b.bucket(src)).versions().stream()
        .map(software.amazon.awssdk.services.s3.model.ObjectVersion::lastModified).max(Instant::compareTo)
        .orElseThrow().plusMillis(500);
    pause();
    Seeder.put(f.s3, src, "p/a", "a-new-and-longer".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Seeder.put(f.s3, src, "p/new", "new".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    f.s3.deleteObject(b -> b.bucket(src).key("p/deleted-later"));

    Run run = copy(src, dst, "--version-at", at.toString());

    assertThat(run.run().exitCode()).as(run.run().err()).isZero();
    assertThat(f.s3.getObjectAsBytes(b -> b.bucket(dst).key("q/a")).asUtf8String()).isEqualTo("a-old");
    if (datesDeleteMarkers()) {
      assertThat(f.keys(dst)).containsExactly("q/a", "q/deleted-later");
      assertThat(f.s3.getObjectAsBytes(b -> b.bucket(dst).key("q/deleted-later")).asUtf8String())
          .isEqualTo("was here");
    } else {
      assertThat(f.keys(dst)).containsExactly("q/a");
    }
    assertThat(rows(run.report())).allSatisfy(r -> assertThat(r.<String>getAs("source_version_id")).isNotNull());

    // the same from an inventory of all versions
    String fromInventory = f.bucket("dst");
    Run inv = copy(src, fromInventory, "--version-at", at.toString(), "--manifest", inventoryOf(src));

    assertThat(inv.run().exitCode()).as(inv.run().err()).isZero();
    assertThat(f.keys(fromInventory)).isEqualTo(f.keys(dst));
    assertThat(f.s3.getObjectAsBytes(b -> b.bucket(fromInventory).key("q/a")).asUtf8String()).isEqualTo("a-old");
  }

  @Test
  void versions_withAnInventoryOfCurrentVersionsOnly_exitCode2NamingTheColumn() throws java.io.IOException {
    String src = versionedBucket("src");
    String dst = versionedBucket("dst");
    Seeder.put(f.s3, src, "p/k", "k".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("current-" + System.nanoTime()));
    java.nio.file.Files.createDirectories(dir.resolve("data"));
    java.nio.file.Files.writeString(dir.resolve("data/part-1.csv"), "\"" + src + "\",\"p%2Fk\",\"1\"\n");
    Path manifest = java.nio.file.Files.createDirectories(dir.resolve("m")).resolve("manifest.json");
    java.nio.file.Files.writeString(manifest, Fixture.inventoryManifest(src, "inventory-bucket", "CSV",
        "Bucket, Key, Size", List.of("data/part-1.csv")));

    for (String flag : List.of("--all-versions", "--version-at=2026-01-01")) {
      Run run = copy(src, dst, flag, "--manifest", manifest.toString());

      assertThat(run.run().exitCode()).as(run.run().err()).isEqualTo(2);
      assertThat(run.run().err()).contains("version_id").contains("current versions only");
    }
    assertThat(f.s3.listObjectVersions(b -> b.bucket(dst)).versions()).isEmpty();
  }
}
