package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.job.JobListener;
import io.lakecopy.s3.S3Limits;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The integration contract: the real job, in local Spark, over real HTTP against a real
 * S3-compatible server started for the class. One subclass per server; overrides name where a
 * server deviates from AWS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CopyContractIT {
  static final int MiB = Fixture.MiB;

  Fixture f;
  S3Client s3;
  SparkSession spark;
  @TempDir Path tmp;

  /** The server this contract runs against, and what it supports (see the subclasses). */
  abstract Fixture fixture();

  @BeforeAll
  void startServer() {
    f = fixture();
    s3 = f.s3;
    spark = f.spark;
  }

  @AfterAll
  void stopServer() {
    if (f != null) { // null when the server could not start (or the class was skipped)
      f.close();
    }
  }

  // ---------------------------------------------------------------- the copy itself

  /** Lets the session's s3a:// reach {@code bucket}; a server whose S3A needs more overrides this. */
  void s3a(String bucket) {
    f.s3a(bucket);
  }

  @Test
  void prefix_smallAndMultipartObjects_allCopiedByteForByteWithMetadata() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "warehouse/events/", 200);
    Map<String, byte[]> big = f.seedMultipart(src, "warehouse/events/");
    seeded.putAll(big);
    Seeder.put(s3, src, "warehouse/other/not-me.txt", Seeder.content("x", 10));
    Path report = tmp.resolve("report");

    JobRun run = f.job("--source", "s3://" + src + "/warehouse/events/", "--dest", "s3://" + dst + "/backup/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("copied " + seeded.size());
    assertThat(f.keys(dst)).hasSize(seeded.size());
    for (String key : seeded.keySet()) {
      f.assertSameObject(src, key, dst, "backup/" + key.substring("warehouse/events/".length()));
    }
    for (String key : big.keySet()) {
      String eTag = s3.headObject(b -> b.bucket(dst).key("backup/" + key.substring("warehouse/events/".length()))).eTag();
      assertThat(eTag).as("multipart ETag of %s", key).matches("\"[0-9a-f]{32}-[3-9]\"");
    }
    List<Row> rows = spark.read().json(report.toString()).collectAsList();
    assertThat(rows).hasSize(seeded.size());
    assertThat(rows).allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("COPIED"));
    assertThat(rows.stream().filter(r -> "MULTIPART".equals(r.getAs("method"))).count()).isEqualTo(big.size());
    assertThat(rows.stream().filter(r -> "MULTIPART".equals(r.getAs("method")))
        .mapToLong(r -> r.<Long>getAs("parts"))).allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(3));
    f.assertNoUploads(dst);
    f.assertNoSecretIn(run, report);
    assertThat(report.resolve("_SUCCESS")).as("every object copied: completion marker").exists();
    Fixture.assertOwnerOnly(report, "_summary.json", "_SUCCESS");
    String summary = Files.readString(report.resolve("_summary.json"));
    assertThat(summary).contains("\"status\": \"SUCCEEDED\"", "\"exit_code\": 0", "\"copied\": " + seeded.size(),
        "\"failed\": 0");
  }

  /**
   * Whether the server keeps additional checksums: answers them to HEAD with checksum mode, takes a checksum algorithm
   * on CreateMultipartUpload and answers the completed object's. S3 does; S3Proxy 4.1 and Ceph RGW 16.2 do not.
   */
  boolean answersChecksums() {
    return false;
  }

  @Test
  void checksums_eachCopyIsProvedByWhatTheStoreAnswers_andTheReportSaysWhich() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    byte[] one = Seeder.content("c/one.txt", 1000);
    Seeder.put(s3, src, "c/one.txt", one);
    byte[] big = Seeder.content("c/big.bin", 11 * MiB);
    s3.putObject(b -> b.bucket(src).key("c/big.bin").checksumAlgorithm(answersChecksums()
        ? software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32 : null), RequestBody.fromBytes(big));
    byte[] inParts = Seeder.content("c/parts.bin", 5 * MiB + 1024);
    f.putInParts(src, "c/parts.bin", inParts, 5 * MiB, answersChecksums());
    Path report = tmp.resolve("report");

    // big.bin (11 MiB) is copied in three parts; parts.bin (written in two) with one CopyObject
    JobRun run = f.job("--source", "s3://" + src + "/c/", "--dest", "s3://" + dst + "/c/", "--part-size", "5MiB",
        "--multipart-threshold", "10MiB", "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Row> rows = spark.read().json(report.toString()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("destination"), r -> r));
    Row oneRow = rows.get("s3://" + dst + "/c/one.txt");
    Row bigRow = rows.get("s3://" + dst + "/c/big.bin");
    Row partsRow = rows.get("s3://" + dst + "/c/parts.bin");
    assertThat(oneRow.<String>getAs("verified_by")).as("an MD5 ETag proves a single copy").isEqualTo("etag");
    assertThat(bigRow.<String>getAs("method")).isEqualTo("MULTIPART");
    assertThat(partsRow.<String>getAs("method")).isEqualTo("COPY_OBJECT");
    if (answersChecksums()) {
      String bigCrc = "CRC32:FULL_OBJECT:" + Fixture.crc32(big);
      assertThat(bigRow.<String>getAs("source_checksum")).isEqualTo(bigCrc);
      assertThat(bigRow.<String>getAs("dest_checksum")).as("computed by the store from the copied parts")
          .isEqualTo(bigCrc);
      assertThat(bigRow.<String>getAs("verified_by")).isEqualTo("checksum");
      String partsCrc = "CRC32:FULL_OBJECT:" + Fixture.crc32(inParts);
      assertThat(partsRow.<String>getAs("source_checksum")).isEqualTo(partsCrc);
      assertThat(partsRow.<String>getAs("dest_checksum")).isEqualTo(partsCrc);
      assertThat(partsRow.<String>getAs("verified_by")).isEqualTo("checksum");
      assertThat(s3.headObject(b -> b.bucket(dst).key("c/big.bin").checksumMode(
          software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED)).checksumCRC32())
          .as("the copy keeps the source's CRC").isEqualTo(Fixture.crc32(big));
    } else {
      for (Row r : List.of(bigRow, partsRow)) {
        assertThat(column(r, "source_checksum")).as("the store answers none").isNull();
        assertThat(r.<String>getAs("verified_by")).as("neither ETag can prove these copies").isEqualTo("size");
      }
    }
    for (String key : List.of("c/one.txt", "c/big.bin", "c/parts.bin")) {
      f.assertSameObject(src, key, dst, key);
    }
    f.assertNoUploads(dst);
  }

  /**
   * Whether the server tells a source's part sizes (GetObjectAttributes {@code ObjectParts}, or a HEAD with {@code
   * partNumber}). S3 does; S3Proxy 4.1 and Ceph RGW 16.2 do not.
   */
  boolean tellsPartLayout() {
    return false;
  }

  @Test
  void partLayout_source_copiesASourceWrittenInPartsInItsOwnParts_soItsETagIsKept() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    byte[] data = Seeder.content("p/three.bin", 16 * MiB + 1024);
    f.putInParts(src, "p/three.bin", data, 6 * MiB, false); // parts of 6, 6 and 4 MiB + 1 KiB
    Seeder.put(s3, src, "p/one.txt", "one".getBytes(StandardCharsets.UTF_8));
    String sourceETag = s3.headObject(b -> b.bucket(src).key("p/three.bin")).eTag();
    assertThat(sourceETag).endsWith("-3\"");
    Path report = tmp.resolve("report");
    String[] args = {"--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/p/", "--part-layout", "source",
        "--part-size", "5MiB", "--multipart-threshold", "64MiB"};

    JobRun run = f.job(concat(args, "--report", report.toString()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    f.assertSameObject(src, "p/three.bin", dst, "p/three.bin");
    Row row = spark.read().json(report.toString()).collectAsList().stream()
        .filter(r -> r.<String>getAs("destination").endsWith("/p/three.bin")).findFirst().orElseThrow();
    String copyETag = s3.headObject(b -> b.bucket(dst).key("p/three.bin")).eTag();
    if (tellsPartLayout()) {
      assertThat(copyETag).as("the source's parts, so its ETag").isEqualTo(sourceETag);
      assertThat(row.<String>getAs("method")).isEqualTo("MULTIPART");
      assertThat(row.<Long>getAs("parts")).isEqualTo(3L);
      assertThat(row.<String>getAs("verified_by")).isEqualTo("etag");
      JobRun again = f.job(concat(args, "--if-exists", "update"));
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).as("equal ETags: nothing to update").contains("skipped 2");
    } else {
      // no layout to read: the planned single copy (whose ETag Ceph RGW 16.2 keeps anyway: it copies the parts)
      assertThat(row.<String>getAs("method")).isEqualTo("COPY_OBJECT");
    }
    f.assertNoUploads(dst);
  }

  private static String[] concat(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  /** Whether the server implements Object Lock (buckets created with it, retention, legal hold): S3 does. */
  boolean supportsObjectLock() {
    return true;
  }

  /** A new bucket created with Object Lock (which turns versioning on, as on S3). */
  String lockedBucket(String role) {
    String name = "lock-" + role + "-" + Long.toString(System.nanoTime(), 36);
    s3.createBucket(b -> b.bucket(name).objectLockEnabledForBucket(true));
    s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status("Enabled")));
    return name;
  }

  @Test
  void objectLock_copy_locksVerifiedCopiesAsTheirSources_orStopsBeforeWritingAnything() {
    String plain = f.bucket("plain");
    String src;
    java.time.Instant until = java.time.Instant.now().plus(java.time.Duration.ofDays(1))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    if (supportsObjectLock()) {
      src = lockedBucket("src");
      String dst = lockedBucket("dst");
      Seeder.put(s3, src, "l/governed.txt", "governed".getBytes(StandardCharsets.UTF_8));
      Seeder.put(s3, src, "l/held.txt", "held".getBytes(StandardCharsets.UTF_8));
      Seeder.put(s3, src, "l/free.txt", "free".getBytes(StandardCharsets.UTF_8));
      Seeder.put(s3, src, "l/big.bin", Seeder.content("l/big.bin", 11 * MiB));
      for (String key : List.of("l/governed.txt", "l/big.bin")) {
        s3.putObjectRetention(b -> b.bucket(src).key(key).retention(r -> r.mode("GOVERNANCE").retainUntilDate(until)));
      }
      s3.putObjectLegalHold(b -> b.bucket(src).key("l/held.txt").legalHold(h -> h.status("ON")));
      Path report = tmp.resolve("report");

      JobRun run = f.job("--source", "s3://" + src + "/l/", "--dest", "s3://" + dst + "/l/", "--object-lock", "copy",
          "--part-size", "5MiB", "--multipart-threshold", "10MiB", "--report", report.toString());

      assertThat(run.exitCode()).as("%s%n%s", run.err(), Files.exists(report) ? spark.read().json(report.toString())
          .select("destination", "status", "error_message").collectAsList() : "no report").isZero();
      for (String key : List.of("l/governed.txt", "l/big.bin")) {
        var retention = s3.getObjectRetention(b -> b.bucket(dst).key(key)).retention();
        assertThat(retention.modeAsString()).as(key).isEqualTo("GOVERNANCE");
        assertThat(retention.retainUntilDate().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).as(key)
            .isEqualTo(until);
      }
      assertThat(s3.getObjectLegalHold(b -> b.bucket(dst).key("l/held.txt")).legalHold().statusAsString())
          .isEqualTo("ON");
      assertThat(catchRetention(dst, "l/free.txt")).as("a source without a lock gives an unlocked copy").isTrue();
      Map<String, Row> rows = spark.read().json(report.toString()).collectAsList().stream()
          .collect(Collectors.toMap(r -> r.<String>getAs("destination"), r -> r));
      assertThat(rows.get("s3://" + dst + "/l/governed.txt").<String>getAs("error_message"))
          .isEqualTo("Object Lock set after verification: GOVERNANCE until " + until);
      assertThat(rows.get("s3://" + dst + "/l/big.bin").<String>getAs("method")).isEqualTo("MULTIPART");
      assertThat(rows.get("s3://" + dst + "/l/big.bin").<String>getAs("error_message"))
          .startsWith("Object Lock set after verification: GOVERNANCE");
      assertThat(rows.get("s3://" + dst + "/l/held.txt").<String>getAs("error_message"))
          .isEqualTo("Object Lock set after verification: legal hold");
    } else {
      src = f.bucket("src");
      Seeder.put(s3, src, "l/free.txt", "free".getBytes(StandardCharsets.UTF_8));
    }

    JobRun refused = f.job("--source", "s3://" + src + "/l/", "--dest", "s3://" + plain + "/l/", "--object-lock",
        "copy");

    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
    assertThat(refused.err()).contains("--object-lock", plain, supportsObjectLock() ? "has no Object Lock"
        : "does not implement Object Lock");
    assertThat(f.keys(plain)).as("nothing written, not even a probe").isEmpty();
  }

  /** Whether the object has no Object Lock retention (the store answers that it has none). */
  private boolean catchRetention(String bucket, String key) {
    try {
      s3.getObjectRetention(b -> b.bucket(bucket).key(key));
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      return e.statusCode() == 404 || e.statusCode() == 400;
    }
  }

  /** A report column's value, null where the JSON report left the column out (null in every row). */
  static String column(Row r, String name) {
    return java.util.Arrays.asList(r.schema().fieldNames()).contains(name) ? r.getAs(name) : null;
  }

  @Test
  void oddKeysAndEmptyObject_copiedUnderTheirExactNames() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = new LinkedHashMap<>();
    for (String key : Seeder.oddKeys()) {
      seeded.put(key, Seeder.content(key, 333));
    }
    seeded.put("odd/empty-object", new byte[0]);
    seeded.put("odd/dir-marker/", new byte[0]);
    seeded.forEach((k, v) -> Seeder.put(s3, src, k, v));

    JobRun run = f.job("--source", "s3://" + src + "/odd/", "--dest", "s3://" + dst + "/c/");

    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String key : seeded.keySet()) {
      f.assertSameObject(src, key, dst, "c/" + key.substring("odd/".length()));
    }
    assertThat(f.keys(dst)).hasSize(seeded.size());
  }

  // ---------------------------------------------------------------- inputs: manifest, filters

  @Test
  void manifest_localFile_copiesExactlyTheListedObjects() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "data/", 30);
    List<String> all = new ArrayList<>(seeded.keySet());
    Path manifest = tmp.resolve("manifest.txt");
    Files.writeString(manifest, String.join("\n",
        "# objects to copy",
        all.get(0).substring("data/".length()),
        "",
        "s3://" + src + "/" + all.get(1),
        all.get(2).substring("data/".length()) + "\r",
        all.get(0).substring("data/".length()),
        "s3://" + src + "/" + all.get(3)) + "\n", StandardCharsets.UTF_8);

    JobRun run = f.job("--source", "s3://" + src + "/data/", "--manifest", manifest.toString(),
        "--dest", "s3://" + dst + "/m/");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).containsExactlyInAnyOrderElementsOf(
        all.subList(0, 4).stream().map(k -> "m/" + k.substring("data/".length())).toList());
    for (String key : all.subList(0, 4)) {
      f.assertSameObject(src, key, dst, "m/" + key.substring("data/".length()));
    }
    f.assertNoUploads(dst);
  }

  @Test
  void manifest_storedInS3WithFullUris_copiesListedObjectsIncludingMultipart() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> big = f.seedMultipart(src, "lake/");
    Seeder.put(s3, src, Seeder.oddKeys().get(0), Seeder.content("odd", 100));
    List<String> lines = new ArrayList<>();
    big.keySet().forEach(k -> lines.add("s3://" + src + "/" + k));
    lines.add("s3://" + src + "/" + Seeder.oddKeys().get(0));
    Seeder.put(s3, src, "lists/manifest.txt", String.join("\n", lines).getBytes(StandardCharsets.UTF_8));

    JobRun run = f.job("--manifest", "s3://" + src + "/lists/manifest.txt", "--dest", "s3://" + dst + "/copy/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB");

    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String key : big.keySet()) {
      f.assertSameObject(src, key, dst, "copy/" + key);
    }
    f.assertSameObject(src, Seeder.oddKeys().get(0), dst, "copy/" + Seeder.oddKeys().get(0));
    assertThat(f.keys(dst)).hasSize(big.size() + 1);
    f.assertNoUploads(dst);
  }

  @Test
  void manifest_missingObjectWithSkipMissing_reportsSkippedAndCopiesTheRest() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Seeder.put(s3, src, "a/present.txt", Seeder.content("p", 10));
    Path manifest = tmp.resolve("skip-manifest.txt");
    Files.writeString(manifest, "present.txt\ngone.txt\n");
    Path report = tmp.resolve("skip-report");

    JobRun run = f.job("--source", "s3://" + src + "/a/", "--manifest", manifest.toString(), "--skip-missing",
        "--dest", "s3://" + dst + "/b/", "--report", report.toString(), "--report-format", "csv");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).containsExactly("b/present.txt");
    Map<String, String> status = spark.read().option("header", "true").csv(report.toString()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("source"), r -> r.<String>getAs("status")));
    assertThat(status).containsExactlyInAnyOrderEntriesOf(Map.of(
        "s3://" + src + "/a/present.txt", "COPIED", "s3://" + src + "/a/gone.txt", "SKIPPED"));
  }

  @Test
  void manifest_csvWithHeaderAndBatchOperationsCsv_copyListedObjects() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "c/", 6);
    seeded.putAll(f.seedMultipart(src, "c/"));
    List<String> keys = new ArrayList<>(seeded.keySet());
    StringBuilder inventory = new StringBuilder("\"bucket\",\"key\",\"size\",\"e_tag\",\"storage_class\"\n");
    for (String k : keys.subList(0, 5)) {
      var o = s3.headObject(b -> b.bucket(src).key(k));
      inventory.append('"').append(src).append("\",\"").append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8))
          .append("\",\"").append(o.contentLength()).append("\",\"").append(o.eTag().replace("\"", ""))
          .append("\",\"STANDARD\"\n");
    }
    Path withHeader = tmp.resolve("inventory.csv");
    Files.writeString(withHeader, inventory.toString());
    Path batchOps = tmp.resolve("batch-ops-manifest");
    Files.writeString(batchOps, keys.subList(5, keys.size()).stream()
        .map(k -> src + "," + java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).reduce("", (a, b) -> a + b + "\n"));

    JobRun first = f.job("--source", "s3://" + src + "/c/", "--manifest", withHeader.toString(),
        "--dest", "s3://" + dst + "/x/", "--part-size", "5MiB", "--multipart-threshold", "5MiB");
    JobRun second = f.job("--source", "s3://" + src + "/c/", "--manifest", batchOps.toString(),
        "--manifest-format", "csv", "--dest", "s3://" + dst + "/x/", "--part-size", "5MiB", "--multipart-threshold", "5MiB");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    for (String k : keys) {
      f.assertSameObject(src, k, dst, "x/" + k.substring("c/".length()));
    }
    assertThat(f.keys(dst)).hasSize(keys.size());
    f.assertNoUploads(dst);
  }

  @Test
  void listing_largePrefixInParallel_copiesEveryObject() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "big/", 1100); // more than one ListObjectsV2 page
    Seeder.put(s3, src, "big/top-level-object", Seeder.content("top", 10));

    JobRun run = f.job("--source", "s3://" + src + "/big/", "--dest", "s3://" + dst + "/big/",
        "--list-parallelism", "4");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(String.format(java.util.Locale.ROOT, "copied %,d", seeded.size() + 1));
    assertThat(f.keys(dst)).hasSize(seeded.size() + 1).contains("big/top-level-object");
  }

  @Test
  void manifest_s3InventoryInCsvAndParquet_copiesCurrentObjects() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String inv = f.bucket("inv");
    s3a(inv);
    Map<String, byte[]> seeded = f.seedTree(src, "lake/", 6);
    seeded.put(Seeder.oddKeys().get(0), Seeder.content("odd", 50));
    Seeder.put(s3, src, Seeder.oddKeys().get(0), seeded.get(Seeder.oddKeys().get(0)));
    List<String[]> rows = new ArrayList<>();
    for (String k : seeded.keySet()) {
      var o = s3.headObject(b -> b.bucket(src).key(k));
      rows.add(new String[] {src, k, String.valueOf(o.contentLength()), o.lastModified().toString(),
          o.eTag().replace("\"", ""), "true", "false"});
    }
    rows.add(new String[] {src, "lake/deleted-object", "0", "2026-11-01T00:00:00.000Z", "", "true", "true"});

    StringBuilder csv = new StringBuilder();
    for (String[] r : rows) {
      csv.append('"').append(r[0]).append("\",\"").append(java.net.URLEncoder.encode(r[1], StandardCharsets.UTF_8))
          .append("\",\"").append(r[2]).append("\",\"").append(r[3]).append("\",\"").append(r[4]).append("\",\"")
          .append(r[5]).append("\",\"").append(r[6]).append("\"\n");
    }
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    Seeder.put(s3, inv, "inventory/" + src + "/all/data/part-1.csv.gz", gz.toByteArray());
    Seeder.put(s3, inv, "inventory/" + src + "/all/2026-11-27T00-00Z/manifest.json", Fixture.inventoryManifest(src,
        inv, "CSV", "Bucket, Key, Size, LastModifiedDate, ETag, IsLatest, IsDeleteMarker",
        List.of("inventory/" + src + "/all/data/part-1.csv.gz")).getBytes(StandardCharsets.UTF_8));

    var schema = new org.apache.spark.sql.types.StructType().add("bucket", "string").add("key", "string")
        .add("size", "long").add("last_modified_date", "timestamp").add("e_tag", "string")
        .add("is_latest", "boolean").add("is_delete_marker", "boolean");
    List<org.apache.spark.sql.Row> sparkRows = rows.stream().map(r -> org.apache.spark.sql.RowFactory.create(r[0],
        r[1], Long.parseLong(r[2]), java.sql.Timestamp.from(java.time.Instant.parse(r[3])), r[4],
        Boolean.parseBoolean(r[5]), Boolean.parseBoolean(r[6]))).toList();
    spark.createDataFrame(sparkRows, schema).coalesce(1).write()
        .parquet("s3a://" + inv + "/inventory/" + src + "/pq/data/");
    List<String> parquetFiles = f.keys(inv).stream().filter(k -> k.startsWith("inventory/" + src + "/pq/data/part-"))
        .toList();
    Seeder.put(s3, inv, "inventory/" + src + "/pq/2026-11-27T00-00Z/manifest.json", Fixture.inventoryManifest(src,
        inv, "Parquet", "message s3.inventory { required binary bucket (UTF8); required binary key (UTF8); }",
        parquetFiles).getBytes(StandardCharsets.UTF_8));

    JobRun fromCsv = f.job("--source", "s3://" + src + "/", "--dest", "s3://" + dst + "/csv/", "--manifest",
        "s3a://" + inv + "/inventory/" + src + "/all/2026-11-27T00-00Z/manifest.json");
    JobRun fromParquet = f.job("--source", "s3://" + src + "/", "--dest", "s3://" + dst + "/pq/", "--manifest",
        "s3a://" + inv + "/inventory/" + src + "/pq/2026-11-27T00-00Z/manifest.json");

    assertThat(fromCsv.exitCode()).as(fromCsv.err()).isZero();
    assertThat(fromParquet.exitCode()).as(fromParquet.err()).isZero();
    for (String k : seeded.keySet()) {
      f.assertSameObject(src, k, dst, "csv/" + k);
      f.assertSameObject(src, k, dst, "pq/" + k);
    }
    assertThat(f.keys(dst)).hasSize(2 * seeded.size());
  }

  @Test
  void filters_includeAndExcludeInOrder_lastMatchWins() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    for (String key : List.of("t/a.parquet", "t/b.parquet", "t/b.csv", "t/tmp/c.parquet", "t/x/_SUCCESS",
        "t/x/d.parquet")) {
      Seeder.put(s3, src, key, Seeder.content(key, 64));
    }

    JobRun run = f.job("--source", "s3://" + src + "/t/", "--dest", "s3://" + dst + "/",
        "--exclude", "*", "--include", "*.parquet", "--exclude", "tmp/*", "--include", "*/_SUCCESS");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).containsExactlyInAnyOrder("a.parquet", "b.parquet", "x/_SUCCESS", "x/d.parquet");
  }

  // ---------------------------------------------------------------- failures

  @Test
  void sourceChangedAfterPlanning_thatObjectFailsWithSourceChangedAndNothingIsLeft() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> small = f.seedTree(src, "p/", 20);
    Map<String, byte[]> big = f.seedMultipart(src, "p/");
    String changedSmall = small.keySet().iterator().next();
    String changedBig = big.keySet().iterator().next();
    Path report = tmp.resolve("changed-report");
    JobListener overwrite = new JobListener() {
      @Override
      public void beforeCopy(int wave) {
        Seeder.put(s3, src, changedSmall, Seeder.content("changed", 77));
        Seeder.put(s3, src, changedBig, Seeder.content("changed", 6 * MiB));
      }
    };

    JobRun run = JobRun.run(f.args("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/q/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--report", report.toString()), overwrite);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("failed 2").contains("SOURCE_CHANGED=2");
    List<Row> failed = spark.read().json(report.toString()).where("status = 'FAILED'").collectAsList();
    assertThat(failed).extracting(r -> r.<String>getAs("source"))
        .containsExactlyInAnyOrder("s3://" + src + "/" + changedSmall, "s3://" + src + "/" + changedBig);
    assertThat(failed).allSatisfy(r -> assertThat(r.<String>getAs("error_kind")).isEqualTo("SOURCE_CHANGED"));
    assertThat(report.resolve("_SUCCESS")).as("objects failed: no completion marker").doesNotExist();
    assertThat(Files.readString(report.resolve("_summary.json"))).contains("\"status\": \"PARTIAL\"",
        "\"exit_code\": 1", "\"failed\": 2", "\"SOURCE_CHANGED\": 2");
    Set<String> copied = f.keys(dst);
    assertThat(copied).as("a multipart copy of a changed source is never completed")
        .doesNotContain("q/" + changedBig.substring(2));
    if (honoursDeleteCondition()) {
      assertThat(copied).doesNotContain("q/" + changedSmall.substring(2));
      assertThat(copied).hasSize(small.size() + big.size() - 2);
    } else {
      assertThat(failed).filteredOn(r -> r.<String>getAs("source").endsWith(changedSmall)).singleElement()
          .satisfies(r -> assertThat(r.<String>getAs("error_message")).contains("the copy was not deleted",
              "does not hold DeleteObject to If-Match", "s3://" + dst + "/q/" + changedSmall.substring(2)));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(dst).key("q/" + changedSmall.substring(2))).asByteArray())
          .as("kept: the copy of the newer source, named").isEqualTo(Seeder.content("changed", 77));
      assertThat(copied).hasSize(small.size() + big.size() - 1);
    }
    f.assertNoUploads(dst);
  }

  /**
   * Whether this server answers 412 to a CopyObject and an UploadPartCopy whose x-amz-copy-source-if-match cannot
   * match (AWS does); a server that copies anyway overrides this, saying why.
   */
  boolean honoursCopySourceCondition() {
    return true;
  }

  /**
   * Whether this server holds a DeleteObject to its If-Match (AWS does). Where it does not and the bucket names no
   * versions, a copy the run must not keep cannot be deleted exactly: lakecopy keeps it and the object's failure names
   * it, since an unconditional delete could remove another writer's object at that key.
   */
  boolean honoursDeleteCondition() {
    return true;
  }

  @Test
  void copySourceCondition_probedBeforeTheFirstCopy_summaryNamesTheProtectionAndTheProbeLeavesNothing()
      throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "p/", 3);
    seeded.putAll(f.seedMultipart(src, "p/"));
    Path report = tmp.resolve("probe-report");

    JobRun run = JobRun.run(f.args("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/q/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--report", report.toString()), JobListener.NONE);

    assertThat(run.exitCode()).as(run.out()).isZero();
    String pin = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.resolve("_summary.json").toFile())
        .get("source_pin").asText();
    if (honoursCopySourceCondition()) {
      assertThat(pin).isEqualTo(new io.lakecopy.copy.SourcePins(io.lakecopy.copy.SourcePins.Pin.CONDITION,
          io.lakecopy.copy.SourcePins.Pin.CONDITION).describe());
    } else {
      assertThat(pin).isEqualTo(io.lakecopy.copy.SourcePins.UNPROBED.describe());
    }
    assertThat(run.out()).contains("pinned    " + pin);
    assertThat(f.keys(dst)).as("the probe's objects are deleted; only the copies are there")
        .containsExactlyInAnyOrderElementsOf(seeded.keySet().stream().map(k -> "q/" + k.substring(2)).toList());
    f.assertNoUploads(dst);
  }

  /**
   * A key with a '%' copied in parts: where the store honours the copy-source condition it is copied like any other;
   * elsewhere (Ceph RGW 16.2 decodes UploadPartCopy's x-amz-copy-source twice: such a key aborts its gateway or
   * reads another key) it fails REQUEST_REJECTED before any request, and the rest of the run goes on.
   */
  @Test
  void percentKeyInParts_copiedWhereTheStoreFollowsS3_elseRefusedAndTheStoreStaysUp() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    int size = 6 * 1024 * 1024 + 3;
    String escape = "pc/100%41.bin"; // decoded twice: "pc/100A.bin", which exists, with other bytes of the same size
    String invalid = "pc/50%done.bin"; // decoded twice: an invalid escape
    Seeder.put(s3, src, escape, Seeder.content("escape", size));
    Seeder.put(s3, src, "pc/100A.bin", Seeder.content("lookalike", size));
    Seeder.put(s3, src, invalid, Seeder.content("invalid", size));
    Path report = tmp.resolve("percent-report");

    JobRun run = f.job("--source", "s3://" + src + "/pc/", "--dest", "s3://" + dst + "/pc/", "--part-size", "5MiB",
        "--multipart-threshold", "5MiB", "--report", report.toString());

    f.assertSameObject(src, "pc/100A.bin", dst, "pc/100A.bin");
    if (honoursCopySourceCondition()) {
      assertThat(run.exitCode()).as(run.err()).isZero();
      f.assertSameObject(src, escape, dst, escape);
      f.assertSameObject(src, invalid, dst, invalid);
    } else {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      List<Row> failed = spark.read().json(report.toString()).where("status = 'FAILED'").collectAsList();
      assertThat(failed).extracting(r -> r.<String>getAs("source"))
          .containsExactlyInAnyOrder("s3://" + src + "/" + escape, "s3://" + src + "/" + invalid);
      assertThat(failed).allSatisfy(r -> {
        assertThat(r.<String>getAs("error_kind")).isEqualTo("REQUEST_REJECTED");
        assertThat(r.<String>getAs("error_message")).contains("not sent", "--multipart-threshold");
      });
      assertThat(f.keys(dst)).as("the store is still up, and holds no copy of the refused objects")
          .containsExactly("pc/100A.bin");
    }
    f.assertNoUploads(dst);
  }

  /** What this server does with x-amz-server-side-encryption: AES256 on a write (S3 applies it). */
  enum SseS3 { APPLIED, IGNORED, REFUSED }

  SseS3 sseS3() {
    return SseS3.APPLIED;
  }

  /** Whether a HEAD of an object completed from an upload created with SSE shows it (S3's does). */
  boolean headShowsSseOfMultipartCopies() {
    return true;
  }

  /**
   * --sse AES256 on single and multipart copies: where the store applies it, every copy shows it; where it accepts the
   * header and stores the copy unencrypted (Ceph RGW 16.2), every object fails VERIFY_FAILED and no unencrypted copy
   * is left; where it refuses the header, every object fails and nothing is written.
   */
  @Test
  void sse_askedFor_appliedOrEveryObjectFailsAndNoUnencryptedCopyIsLeft() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "e/", 3);
    Seeder.put(s3, src, "e/big.bin", Seeder.content("big", 6 * 1024 * 1024 + 1));
    Path report = tmp.resolve("sse-report");

    JobRun run = f.job("--source", "s3://" + src + "/e/", "--dest", "s3://" + dst + "/e/", "--sse", "AES256",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--report", report.toString());

    switch (sseS3()) {
      case APPLIED -> {
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String key : f.keys(dst)) {
          if (key.equals("e/big.bin") && !headShowsSseOfMultipartCopies()) {
            continue;
          }
          assertThat(s3.headObject(b -> b.bucket(dst).key(key)).serverSideEncryptionAsString()).as(key)
              .isEqualTo("AES256");
        }
        assertThat(f.keys(dst)).hasSize(seeded.size() + 1);
      }
      case IGNORED -> {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        List<Row> rows = spark.read().json(report.toString()).collectAsList();
        assertThat(rows).hasSize(seeded.size() + 1).allSatisfy(r -> {
          assertThat(r.<String>getAs("status")).isEqualTo("FAILED");
          assertThat(r.<String>getAs("error_kind")).isEqualTo("VERIFY_FAILED");
          assertThat(r.<String>getAs("error_message")).contains("SSE-S3 (AES256) was asked for", "unencrypted",
              honoursDeleteCondition() ? "the copy was deleted" : "the copy was not deleted");
        });
        if (honoursDeleteCondition()) {
          assertThat(f.keys(dst)).as("no unencrypted copy is left").isEmpty();
        } else {
          assertThat(f.keys(dst)).as("kept, each named by its failure: no delete could be held to the copy")
              .hasSize(seeded.size() + 1);
        }
      }
      case REFUSED -> {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(f.keys(dst)).isEmpty();
      }
    }
    f.assertNoUploads(dst);
  }

  // ---------------------------------------------------------------- SSE-C and SSE-KMS sources

  /** The KMS key id of the SSE-KMS round trip, or null where no KMS key is known for the server (it is skipped). */
  String kmsKeyId() {
    return null;
  }

  /**
   * Whether CopyObject copies from an SSE-C or SSE-KMS source (S3 does); where it answers 501 (Ceph RGW 16.2) lakecopy
   * copies such an object in parts, and a zero-byte one fails.
   */
  boolean copiesFromEncryptedSource() {
    return true;
  }

  /**
   * Whether a copy from an SSE-C source can be encrypted with another SSE-C key (S3's can). Where it cannot (Ceph RGW
   * 16.2), the round trip keeps the key, and a run that re-keys must fail every object and write nothing.
   */
  boolean reKeysSseC() {
    return true;
  }

  /**
   * Whether a GET of an SSE-C object without the key is refused, as the server really encrypts (S3 and RGW do); where
   * not, such a GET must return the object.
   */
  boolean enforcesSseC() {
    return true;
  }

  /**
   * SSE-C source to SSE-C destination under another key: a single-copy-sized and a multipart-sized object arrive with
   * their bytes (GET with the destination key), headers and metadata, encrypted with the destination key (HEAD); where
   * the store refuses CopyObject from an encrypted source the single copy is made in parts and its report row says
   * why, and a zero-byte source fails naming the limitation. Where the store cannot re-key ({@link #reKeysSseC}) the
   * round trip keeps the source's key, and a run with another key fails every object, leaving nothing behind.
   */
  @Test
  void sseC_sourceToDestinationUnderAnotherKey_bytesHeadersAndEncryptionRoundTrip() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    byte[] sourceKey = sseCKey(1);
    byte[] destKey = reKeysSseC() ? sseCKey(2) : sourceKey;
    Path sourceKeyFile = Files.write(tmp.resolve("ssec-source.key"), sourceKey);
    Path destKeyFile = Files.write(tmp.resolve("ssec-dest.key"), destKey);
    Map<String, byte[]> seeded = seedEncrypted(src, "sc/", b -> b.sseCustomerAlgorithm("AES256")
        .sseCustomerKey(base64(sourceKey)).sseCustomerKeyMD5(md5Base64(sourceKey)));
    Path report = tmp.resolve("ssec-report");

    JobRun run = f.job("--source", "s3://" + src + "/sc/", "--dest", "s3://" + dst + "/sc/", "--source-sse-c-key-file",
        sourceKeyFile.toString(), "--dest-sse-c-key-file", destKeyFile.toString(), "--part-size", "5MiB",
        "--multipart-threshold", "5MiB", "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).containsExactlyInAnyOrderElementsOf(seeded.keySet());
    for (Map.Entry<String, byte[]> e : seeded.entrySet()) {
      String key = e.getKey();
      byte[] got = s3.getObjectAsBytes(b -> b.bucket(dst).key(key).sseCustomerAlgorithm("AES256")
          .sseCustomerKey(base64(destKey)).sseCustomerKeyMD5(md5Base64(destKey))).asByteArray();
      assertThat(Seeder.md5Hex(got)).as("content of %s, read with the destination key", key)
          .isEqualTo(Seeder.md5Hex(e.getValue()));
      HeadObjectResponse head = s3.headObject(b -> b.bucket(dst).key(key).sseCustomerAlgorithm("AES256")
          .sseCustomerKey(base64(destKey)).sseCustomerKeyMD5(md5Base64(destKey)));
      assertThat(head.sseCustomerAlgorithm()).as("SSE-C of %s", key).isEqualTo("AES256");
      assertThat(head.sseCustomerKeyMD5()).as("key of %s", key).isEqualTo(md5Base64(destKey));
      assertSeededHeaders(key, head);
      assertThat(readable(() -> s3.getObjectAsBytes(b -> b.bucket(dst).key(key)))).as("%s without a key", key)
          .isEqualTo(!enforcesSseC());
      if (enforcesSseC() && reKeysSseC()) {
        assertThat(readable(() -> s3.getObjectAsBytes(b -> b.bucket(dst).key(key).sseCustomerAlgorithm("AES256")
            .sseCustomerKey(base64(sourceKey)).sseCustomerKeyMD5(md5Base64(sourceKey)))))
            .as("%s with the source key", key).isFalse();
      }
    }
    assertCopiedInPartsWhereRefused(report, "SSE-C");
    f.assertNoUploads(dst);
    if (!reKeysSseC()) {
      assertReKeyFails(src, sourceKeyFile);
    }
    assertEmptyEncryptedSource(src, dst, "SSE-C", b -> b.sseCustomerAlgorithm("AES256")
        .sseCustomerKey(base64(sourceKey)).sseCustomerKeyMD5(md5Base64(sourceKey)), "--source-sse-c-key-file",
        sourceKeyFile.toString(), "--dest-sse-c-key-file", destKeyFile.toString());
  }

  /**
   * SSE-KMS source to SSE-KMS destination (--sse aws:kms --sse-kms-key-id): both objects arrive with their bytes and
   * headers, and HEAD shows aws:kms with the key; as for SSE-C, where the store refuses CopyObject from an encrypted
   * source the single copy is made in parts, and a zero-byte source fails.
   */
  @Test
  void sseKms_sourceToKmsDestination_bytesHeadersAndEncryptionRoundTrip() throws IOException {
    String kmsKey = kmsKeyId();
    org.junit.jupiter.api.Assumptions.assumeTrue(kmsKey != null, "no KMS key is known for this server");
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = seedEncrypted(src, "sk/", b -> b.serverSideEncryption("aws:kms").ssekmsKeyId(kmsKey));
    Path report = tmp.resolve("kms-report");

    JobRun run = f.job("--source", "s3://" + src + "/sk/", "--dest", "s3://" + dst + "/sk/", "--sse", "aws:kms",
        "--sse-kms-key-id", kmsKey, "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--report",
        report.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).containsExactlyInAnyOrderElementsOf(seeded.keySet());
    for (Map.Entry<String, byte[]> e : seeded.entrySet()) {
      String key = e.getKey();
      byte[] got = s3.getObjectAsBytes(b -> b.bucket(dst).key(key)).asByteArray();
      assertThat(Seeder.md5Hex(got)).as("content of %s", key).isEqualTo(Seeder.md5Hex(e.getValue()));
      HeadObjectResponse head = s3.headObject(b -> b.bucket(dst).key(key));
      assertSeededHeaders(key, head);
      if (key.endsWith("big.bin") && !headShowsSseOfMultipartCopies()) {
        continue;
      }
      assertThat(head.serverSideEncryptionAsString()).as("SSE of %s", key).isEqualTo("aws:kms");
      assertThat(head.ssekmsKeyId()).as("KMS key of %s", key).endsWith(kmsKey);
    }
    assertCopiedInPartsWhereRefused(report, "SSE-KMS");
    f.assertNoUploads(dst);
    assertEmptyEncryptedSource(src, dst, "SSE-KMS", b -> b.serverSideEncryption("aws:kms").ssekmsKeyId(kmsKey),
        "--sse", "aws:kms", "--sse-kms-key-id", kmsKey);
  }

  /** A single-copy-sized (100 KiB) and a multipart-sized (11 MiB: 3 parts of 5 MiB) object, encrypted by sse. */
  private Map<String, byte[]> seedEncrypted(String bucket, String prefix,
      java.util.function.Consumer<PutObjectRequest.Builder> sse) {
    Map<String, byte[]> seeded = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : Map.of(prefix + "small.parquet", 100 * 1024, prefix + "big.bin", 11 * MiB)
        .entrySet()) {
      byte[] data = Seeder.content(e.getKey(), e.getValue());
      PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(e.getKey())
          .contentType("application/x-lakecopy").cacheControl("max-age=60").metadata(Map.of("origin", "seed"));
      sse.accept(put);
      s3.putObject(put.build(), RequestBody.fromBytes(data));
      seeded.put(e.getKey(), data);
    }
    return seeded;
  }

  private static void assertSeededHeaders(String key, HeadObjectResponse head) {
    assertThat(head.contentType()).as("content type of %s", key).isEqualTo("application/x-lakecopy");
    assertThat(head.cacheControl()).as("cache control of %s", key).isEqualTo("max-age=60");
    assertThat(head.metadata()).as("metadata of %s", key).isEqualTo(Map.of("origin", "seed"));
  }

  /** The report: every object COPIED; the single copy's row says it was made in parts where CopyObject was refused. */
  private void assertCopiedInPartsWhereRefused(Path report, String mode) {
    List<Row> rows = spark.read().json(report.toString()).collectAsList();
    assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("COPIED"));
    Row single = rows.stream().filter(r -> r.<String>getAs("source").endsWith("small.parquet")).findFirst()
        .orElseThrow();
    String note = Set.of(single.schema().fieldNames()).contains("error_message") ? single.getAs("error_message") : null;
    if (copiesFromEncryptedSource()) {
      assertThat(note).as("%s single copy: CopyObject", mode).isNull();
    } else {
      assertThat(note).as("%s single copy", mode).contains("copied in 1 part (UploadPartCopy)",
          "refused CopyObject from this encrypted source (HTTP 501");
    }
  }

  /** Where the store cannot re-key SSE-C copies: a run with another destination key fails every object, cleanly. */
  private void assertReKeyFails(String src, Path sourceKeyFile) throws IOException {
    String dst = f.bucket("dst");
    Path otherKeyFile = Files.write(tmp.resolve("ssec-other.key"), sseCKey(3));
    Path report = tmp.resolve("ssec-rekey-report");

    JobRun run = f.job("--source", "s3://" + src + "/sc/", "--dest", "s3://" + dst + "/sc/", "--source-sse-c-key-file",
        sourceKeyFile.toString(), "--dest-sse-c-key-file", otherKeyFile.toString(), "--part-size", "5MiB",
        "--multipart-threshold", "5MiB", "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(spark.read().json(report.toString()).collectAsList()).hasSize(2).allSatisfy(r -> {
      assertThat(r.<String>getAs("status")).isEqualTo("FAILED");
      assertThat(r.<String>getAs("error_message")).contains("HTTP 400 InvalidArgument");
    });
    assertThat(f.keys(dst)).isEmpty();
    f.assertNoUploads(dst);
  }

  /** A zero-byte encrypted source: copied where CopyObject copies it; else it fails naming the limitation. */
  private void assertEmptyEncryptedSource(String src, String dst, String mode,
      java.util.function.Consumer<PutObjectRequest.Builder> sse, String... encryptionArgs) {
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(src).key("empty/zero.bin");
    sse.accept(put);
    s3.putObject(put.build(), RequestBody.empty());
    Path report = tmp.resolve("empty-report-" + mode);
    List<String> args = new ArrayList<>(List.of("--source", "s3://" + src + "/empty/", "--dest",
        "s3://" + dst + "/empty/", "--report", report.toString()));
    args.addAll(List.of(encryptionArgs));

    JobRun run = f.job(args.toArray(String[]::new));

    if (copiesFromEncryptedSource()) {
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(f.keys(dst)).contains("empty/zero.bin");
    } else {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      Row row = spark.read().json(report.toString()).collectAsList().get(0);
      assertThat(row.<String>getAs("status")).isEqualTo("FAILED");
      assertThat(row.<String>getAs("error_kind")).isEqualTo("REQUEST_REJECTED");
      assertThat(row.<String>getAs("error_message")).contains("refused CopyObject from this encrypted source",
          "a zero-byte " + mode, "cannot be copied in parts", "nothing was written");
      assertThat(f.keys(dst)).doesNotContain("empty/zero.bin");
    }
    f.assertNoUploads(dst);
  }

  static byte[] sseCKey(int seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return k;
  }

  static String base64(byte[] b) {
    return java.util.Base64.getEncoder().encodeToString(b);
  }

  static String md5Base64(byte[] b) {
    try {
      return base64(java.security.MessageDigest.getInstance("MD5").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code read} succeeded (false on an S3 error, e.g. a GET of an SSE-C object without its key). */
  private static boolean readable(Runnable read) {
    try {
      read.run();
      return true;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      return false;
    }
  }

  @Test
  void dryRun_reportsThePlanAndWritesNothingAtTheDestination() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "d/", 10);
    seeded.putAll(f.seedMultipart(src, "d/"));
    Path report = tmp.resolve("dry-report");

    JobRun run = f.job("--source", "s3://" + src + "/d/", "--dest", "s3://" + dst + "/", "--dry-run",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--report", report.toString(),
        "--report-format", "parquet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst)).isEmpty();
    f.assertNoUploads(dst);
    List<Row> rows = spark.read().parquet(report.toString()).collectAsList();
    assertThat(rows).hasSize(seeded.size()).allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("PLANNED"));
    assertThat(report.resolve("_SUCCESS")).as("a dry run copies nothing: no completion marker").doesNotExist();
  }

  @Test
  void maxUploadParts_dryRun_growsPartSizesToFitAndFailsWhatCannotFit() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Path manifest = tmp.resolve("sizes.csv");
    String eTag = "0123456789abcdef0123456789abcdef";
    // 12 MiB: 3 parts of 5 MiB; 100 GiB: 20,480 parts of 5 MiB, so 100 of 1 GiB; 500 GiB + 1: more than 100 of 5 GiB
    Files.writeString(manifest, "bucket,key,size,etag\n" + src + ",m/small.bin," + 12 * Fixture.MiB + "," + eTag
        + "\n" + src + ",m/large.bin," + 100L * 1024 * 1024 * 1024 + "," + eTag + "\n" + src + ",m/huge.bin,"
        + (500L * 1024 * 1024 * 1024 + 1) + "," + eTag + "\n");
    Path report = tmp.resolve("max-parts-report");

    JobRun run = f.job("--manifest", manifest.toString(), "--dest", "s3://" + dst + "/", "--dry-run",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--max-upload-parts", "100",
        "--report", report.toString(), "--report-format", "parquet");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1); // one object failed
    assertThat(f.keys(dst)).isEmpty();
    Map<String, Row> byKey = new java.util.HashMap<>();
    spark.read().parquet(report.toString()).collectAsList().forEach(r -> byKey.put(r.<String>getAs("source").replace("s3://" + src + "/", ""), r));
    assertThat(byKey.keySet()).containsExactlyInAnyOrder("m/small.bin", "m/large.bin", "m/huge.bin");
    assertThat(byKey.get("m/small.bin").<Integer>getAs("parts")).isEqualTo(3);
    assertThat(byKey.get("m/large.bin").<String>getAs("status")).isEqualTo("PLANNED");
    assertThat(byKey.get("m/large.bin").<Integer>getAs("parts")).as(byKey.get("m/large.bin").toString()).isEqualTo(100);
    Row huge = byKey.get("m/huge.bin");
    assertThat(huge.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(huge.<String>getAs("error_kind")).isEqualTo("INVALID_INPUT");
    assertThat(huge.<String>getAs("error_message")).contains("--max-upload-parts 100");
  }

  @Test
  void report_csvAndParquet_readableWithSparkSql() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    f.seedTree(src, "r/", 12);
    for (String format : List.of("csv", "parquet")) {
      Path report = tmp.resolve("report-" + format);
      JobRun run = f.job("--source", "s3://" + src + "/r/", "--dest", "s3://" + dst + "/" + format + "/",
          "--report", report.toString(), "--report-format", format);
      assertThat(run.exitCode()).as(run.err()).isZero();
      spark.read().format(format).option("header", "true").option("inferSchema", "true").load(report.toString())
          .createOrReplaceTempView("report_" + format);
      List<Row> byStatus = spark.sql("SELECT status, count(*) AS n, sum(size_bytes) AS bytes FROM report_" + format
          + " GROUP BY status").collectAsList();
      assertThat(byStatus).hasSize(1);
      assertThat(byStatus.get(0).getString(0)).isEqualTo("COPIED");
      assertThat(byStatus.get(0).getLong(1)).isEqualTo(12);
    }
  }

  @Test
  void report_toS3aUri_writtenThroughHadoopS3a() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    f.seedTree(src, "s/", 5);
    s3a(dst);
    String report = "s3a://" + dst + "/_lakecopy/run-1";

    JobRun run = f.job("--source", "s3://" + src + "/s/", "--dest", "s3://" + dst + "/copy/", "--report", report);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(f.keys(dst).stream().filter(k -> k.startsWith("_lakecopy/run-1/part-") && k.endsWith(".json")))
        .hasSize(1);
    assertThat(f.keys(dst)).contains("_lakecopy/run-1/_summary.json", "_lakecopy/run-1/_SUCCESS");
    assertThat(spark.read().json(report).count()).isEqualTo(5);
  }

  // ---------------------------------------------------------------- bad input: exit 2, nothing written

  @Test
  void badInput_eachCase_exitCode2NamingTheFaultAndNothingWritten() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    f.seedTree(src, "in/", 3);
    f.seedMultipart(src, "in/");
    Path badManifest = tmp.resolve("bad-manifest.txt");
    Files.writeString(badManifest, "ok-key\n\nhttp://not-s3/key\ns3://" + src + "/in/\n");
    Path missingManifest = tmp.resolve("missing-manifest.txt");
    Files.writeString(missingManifest, "s3://" + src + "/in/not-there-1\n");
    Path existingReport = Files.createDirectories(tmp.resolve("existing-report"));
    Path hugeSize = tmp.resolve("huge-size.csv");
    Files.writeString(hugeSize, "bucket,key,size,etag\n" + src + ",in/a," + (S3Limits.MAX_OBJECT_SIZE_BYTES + 1)
        + ",0123456789abcdef0123456789abcdef\n");
    Path latin1 = tmp.resolve("latin1-manifest.txt");
    Files.write(latin1, ("s3://" + src + "/in/ok\ns3://" + src + "/in/caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
    Path nul = tmp.resolve("nul-manifest.txt");
    Files.writeString(nul, "s3://" + src + "/in/a\u0000b\n");
    Path twiceInConf = tmp.resolve("twice.properties");
    Files.writeString(twiceInConf, "copy.part-size=64MiB\ncopy.part-size=32MiB\n");
    String source = "s3://" + src + "/in/";
    String dest = "s3://" + dst + "/out/";
    BadInputCases cases = new BadInputCases();
    cases.add(List.of("--source", "http://" + src + "/in/", "--dest", dest), "--source");
    cases.add(List.of("--source", "s3://Bad_Bucket/in/", "--dest", dest), "invalid bucket name");
    cases.add(List.of("--source", source, "--dest", "s3:///x"), "--dest");
    cases.add(List.of("--source", "s3://no-such-bucket-lakecopy/in/", "--dest", dest),
        "bucket 'no-such-bucket-lakecopy' does not exist");
    cases.add(List.of("--source", "s3://no-such-bucket-lakecopy/in/", "--dest", dest, "--list-parallelism", "4"),
        "--source (source.uri): bucket 'no-such-bucket-lakecopy' does not exist");
    // No HeadBucket on the destination: whichever request reaches it first must tell a missing bucket.
    String noDest = "s3://no-such-dest-lakecopy/x/";
    String missingDest = "--dest (dest.uri): bucket 'no-such-dest-lakecopy' does not exist";
    cases.add(List.of("--source", source, "--dest", noDest), missingDest); // first write: a single copy
    cases.add(List.of("--source", source, "--dest", noDest, "--multipart-threshold", "5MiB", "--part-size", "5MiB"),
        missingDest); // first write: CreateMultipartUpload
    cases.add(List.of("--source", source, "--dest", noDest, "--min-size", "16MiB"),
        missingDest); // only objects too big to copy alone first: HeadBucket
    cases.add(List.of("--source", source, "--dest", noDest, "--if-exists", "skip"), missingDest); // listing
    cases.add(List.of("--source", source, "--dest", noDest, "--completion-marker", "_DONE"), missingDest);
    cases.add(List.of("--source", source, "--dest", noDest, "--dry-run"), missingDest);
    cases.add(List.of("--source", source, "--dest", source), "the same as the source prefix");
    cases.add(List.of("--source", source, "--dest", source + "nested/"), "inside the source prefix");
    cases.add(List.of("--source", source, "--dest", dest, "--part-size", "4MiB"), "--part-size");
    cases.add(List.of("--source", source, "--dest", dest, "--part-size", "6GiB"), "--part-size");
    cases.add(List.of("--source", source, "--dest", dest, "--multipart-threshold", "6GiB"), "--multipart-threshold");
    cases.add(List.of("--source", source, "--dest", dest, "--part-size", "lots"), "--part-size");
    cases.add(List.of("--source", source, "--dest", dest, "--max-concurrency", "0"), "--max-concurrency");
    cases.add(List.of("--source", source, "--dest", dest, "--report-format", "xml"), "--report-format");
    cases.add(List.of("--source", source, "--dest", dest, "--bogus-flag"), "--bogus-flag");
    cases.add(List.of("--source", source, "--dest", dest, "--manifest", badManifest.toString()), "2 bad lines",
        "\n  line 3: 'http://not-s3/key' is not an s3:// URI", "\n  line 4: ");
    cases.add(List.of("--dest", dest, "--manifest", missingManifest.toString()), "not-there-1");
    cases.add(List.of("--dest", dest, "--manifest", tmp.resolve("no-such-manifest").toString()), "file not found");
    cases.add(List.of("--source", source, "--dest", dest, "--report", existingReport.toString()), "already exists");
    cases.add(List.of("--dest", dest), "--source (source.uri) or --manifest (source.manifest) is required");
    cases.add(List.of("--source", source, "--dest", dest, "--dest-key-regex", "dt=([^/]+)", "--dest-key-replacement",
        "$5"), "--dest-key-replacement (dest.key-replacement): '$5'", "No group 5");
    cases.add(List.of("--source", source, "--dest", dest, "--dest-key-regex", "(.*)", "--dest-key-replacement",
        "copy-$"), "--dest-key-replacement (dest.key-replacement): 'copy-$'");
    cases.add(List.of("--source", source, "--dest", dest, "--manifest", hugeSize.toString()),
        "line 2: size " + (S3Limits.MAX_OBJECT_SIZE_BYTES + 1) + " is larger than S3's largest object");
    cases.add(List.of("--dest", dest, "--manifest", latin1.toString()),
        "--manifest " + latin1 + ": 1 bad line", "line 2: byte offset "
            + ("s3://" + src + "/in/ok\ns3://" + src + "/in/caf").length() + ": not UTF-8 (0xE9)");
    cases.add(List.of("--dest", dest, "--manifest", nul.toString()), "line 1: contains a NUL character");
    cases.add(List.of("--source", source, "--dest", dest, "--dest", "s3://" + dst + "/other/"),
        "--dest (dest.uri) is given more than once");
    cases.add(List.of("--source", source, "--dest", dest, "--dry-run", "--dry-run"),
        "--dry-run (run.dry-run) is given more than once");
    cases.add(List.of("--source", source, "--dest", dest, "--conf-file", twiceInConf.toString()),
        "'copy.part-size' is set twice, on line 1 and line 2");

    for (BadInputCase c : cases.all()) {
      JobRun run = f.job(c.args().toArray(String[]::new));
      assertThat(run.exitCode()).as("exit code of %s: %s", c.args(), run.err()).isEqualTo(2);
      assertThat(run.err()).as("message of %s", c.args()).contains(c.expected());
      assertThat(f.keys(dst)).as("destination after %s", c.args()).isEmpty();
      f.assertNoUploads(dst);
    }
  }

  /** One bad-input run and what its message must contain. */
  record BadInputCase(List<String> args, List<String> expected) {}

  /** The bad-input cases, each run and asserted once; two cases with the same arguments are a mistake. */
  static final class BadInputCases {
    private final Map<List<String>, BadInputCase> cases = new LinkedHashMap<>();

    void add(List<String> args, String... expected) {
      BadInputCase earlier = cases.putIfAbsent(args, new BadInputCase(args, List.of(expected)));
      if (earlier != null) {
        throw new IllegalStateException("two bad-input cases with the same arguments " + args
            + ": put every expected text into one case");
      }
    }

    List<BadInputCase> all() {
      return List.copyOf(cases.values());
    }
  }

  @Test
  void manifest_crlfByteOrderMarkAndControlCharactersInKeys_copiedUnderTheirExactNames() throws IOException {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    List<String> keys = List.of("ctl/plain.txt", "ctl/carriage\rreturn.txt", "ctl/bell\u0007and\u0001soh.txt",
        "ctl/tab\tsep.txt");
    for (String k : keys) {
      Seeder.put(s3, src, k, Seeder.content(k, 100));
    }
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    // CSV: URL-encoded keys, CRLF line endings, a byte order mark before the header.
    StringBuilder csv = new StringBuilder("bucket,key\r\n");
    keys.forEach(k -> csv.append(src).append(',').append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append("\r\n"));
    Path csvManifest = tmp.resolve("ctl-manifest.csv");
    Files.write(csvManifest, concat(bom, csv.toString().getBytes(StandardCharsets.UTF_8)));
    // Lines: the keys verbatim (a carriage return inside a line stays in the key), CRLF, a byte order mark.
    Path linesManifest = tmp.resolve("ctl-manifest.txt");
    Files.write(linesManifest, concat(bom, String.join("\r\n", keys.stream().map(k -> "s3://" + src + "/" + k)
        .toList()).concat("\r\n").getBytes(StandardCharsets.UTF_8)));

    JobRun fromCsv = f.job("--manifest", csvManifest.toString(), "--dest", "s3://" + dst + "/csv/");
    JobRun fromLines = f.job("--manifest", linesManifest.toString(), "--dest", "s3://" + dst + "/lines/");

    assertThat(fromCsv.exitCode()).as(fromCsv.err()).isZero();
    assertThat(fromLines.exitCode()).as(fromLines.err()).isZero();
    for (String k : keys) {
      f.assertSameObject(src, k, dst, "csv/" + k);
      f.assertSameObject(src, k, dst, "lines/" + k);
    }
    assertThat(fromCsv.out()).contains("copied " + keys.size());
    assertThat(fromLines.out()).contains("copied " + keys.size());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** A checked exception, thrown undeclared as Spark's Scala code throws AnalysisException. */
  static final class SimulatedAnalysisException extends Exception {
    SimulatedAnalysisException(String message) {
      super(message);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void runFailsAfterUploadsStarted_anyThrowable_everyUploadAbortedAndExitCode3() {
    String src = f.bucket("src");
    f.seedMultipart(src, "f/");
    for (Throwable failure : List.of(new IllegalStateException("simulated driver failure"),
        new SimulatedAnalysisException("simulated checked failure"), new StackOverflowError("simulated JVM error"))) {
      String dst = f.bucket("dst");
      JobListener crash = new JobListener() {
        @Override
        public void beforeCopy(int wave) {
          assertThat(s3.listMultipartUploads(b -> b.bucket(dst)).uploads()).hasSize(3);
          CopyContractIT.<RuntimeException>throwUnchecked(failure);
        }
      };

      // --max-concurrency 2: objects of 3-4 parts are spread over tasks, so the driver has created their uploads
      JobRun run = JobRun.run(f.args("--source", "s3://" + src + "/f/", "--dest", "s3://" + dst + "/g/",
          "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--max-concurrency", "2"), crash);

      assertThat(run.exitCode()).as("exit code after %s", failure).isEqualTo(3);
      assertThat(run.err()).contains("lakecopy: the job could not run: ", failure.getMessage());
      f.assertNoUploads(dst);
      assertThat(f.keys(dst)).isEmpty();
    }
  }

  @Test
  void unreachableEndpoint_exitCode3() {
    String dead = "http://127.0.0.1:" + S3TestServer.freePort();
    JobRun run = JobRun.run(List.of("--source", "s3://a-bucket/x/", "--dest", "s3://b-bucket/y/",
        "--source-endpoint", dead, "--dest-endpoint", dead, "--path-style", "--source-region", "us-east-1",
        "--dest-region", "us-east-1", "--max-attempts", "1"), JobListener.NONE);

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("--source").contains("cannot reach bucket 'a-bucket'");
  }

}
