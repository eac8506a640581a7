package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.cli.JobListener;
import io.lakecopy.plan.ObjectPlan;
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
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  static final int MiB = 1024 * 1024;

  S3TestServer server;
  S3Client s3;
  SparkSession spark;
  @TempDir Path tmp;

  abstract S3TestServer.Kind serverKind();

  /** Whether the server implements object tagging (GetObjectTagging, x-amz-tagging). */
  abstract boolean supportsTagging();

  /** Whether the server keeps a storage class other than STANDARD. */
  abstract boolean supportsStorageClass();

  @BeforeAll
  void startServer() {
    server = S3TestServer.start(serverKind());
    server.exportCredentials();
    s3 = server.newClient();
    spark = SparkSession.builder().master("local[2]").appName("lakecopy-it")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  @AfterAll
  void stopServer() {
    if (s3 != null) {
      s3.close();
    }
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------- the copy itself

  @Test
  void prefix_smallAndMultipartObjects_allCopiedByteForByteWithMetadata() throws IOException {
    String src = bucket("src");
    String dst = bucket("dst");
    Map<String, byte[]> seeded = seedTree(src, "warehouse/events/", 200);
    Map<String, byte[]> big = seedMultipart(src, "warehouse/events/");
    seeded.putAll(big);
    Seeder.put(s3, src, "warehouse/other/not-me.txt", Seeder.content("x", 10));
    Path report = tmp.resolve("report");

    JobRun run = job("--source", "s3://" + src + "/warehouse/events/", "--dest", "s3://" + dst + "/backup/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("copied " + seeded.size());
    assertThat(keys(dst)).hasSize(seeded.size());
    for (String key : seeded.keySet()) {
      assertSameObject(src, key, dst, "backup/" + key.substring("warehouse/events/".length()));
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
    assertNoUploads(dst);
    assertNoSecretIn(run, report);
  }

  @Test
  void oddKeysAndEmptyObject_copiedUnderTheirExactNames() {
    String src = bucket("src");
    String dst = bucket("dst");
    Map<String, byte[]> seeded = new LinkedHashMap<>();
    for (String key : Seeder.oddKeys()) {
      seeded.put(key, Seeder.content(key, 333));
    }
    seeded.put("odd/empty-object", new byte[0]);
    seeded.put("odd/dir-marker/", new byte[0]);
    seeded.forEach((k, v) -> Seeder.put(s3, src, k, v));

    JobRun run = job("--source", "s3://" + src + "/odd/", "--dest", "s3://" + dst + "/c/");

    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String key : seeded.keySet()) {
      assertSameObject(src, key, dst, "c/" + key.substring("odd/".length()));
    }
    assertThat(keys(dst)).hasSize(seeded.size());
  }

  // ---------------------------------------------------------------- inputs: manifest, filters

  @Test
  void manifest_localFile_copiesExactlyTheListedObjects() throws IOException {
    String src = bucket("src");
    String dst = bucket("dst");
    Map<String, byte[]> seeded = seedTree(src, "data/", 30);
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

    JobRun run = job("--source", "s3://" + src + "/data/", "--manifest", manifest.toString(),
        "--dest", "s3://" + dst + "/m/");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(keys(dst)).containsExactlyInAnyOrderElementsOf(
        all.subList(0, 4).stream().map(k -> "m/" + k.substring("data/".length())).toList());
    for (String key : all.subList(0, 4)) {
      assertSameObject(src, key, dst, "m/" + key.substring("data/".length()));
    }
    assertNoUploads(dst);
  }

  @Test
  void manifest_storedInS3WithFullUris_copiesListedObjectsIncludingMultipart() {
    String src = bucket("src");
    String dst = bucket("dst");
    Map<String, byte[]> big = seedMultipart(src, "lake/");
    Seeder.put(s3, src, Seeder.oddKeys().get(0), Seeder.content("odd", 100));
    List<String> lines = new ArrayList<>();
    big.keySet().forEach(k -> lines.add("s3://" + src + "/" + k));
    lines.add("s3://" + src + "/" + Seeder.oddKeys().get(0));
    Seeder.put(s3, src, "lists/manifest.txt", String.join("\n", lines).getBytes(StandardCharsets.UTF_8));

    JobRun run = job("--manifest", "s3://" + src + "/lists/manifest.txt", "--dest", "s3://" + dst + "/copy/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB");

    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String key : big.keySet()) {
      assertSameObject(src, key, dst, "copy/" + key);
    }
    assertSameObject(src, Seeder.oddKeys().get(0), dst, "copy/" + Seeder.oddKeys().get(0));
    assertThat(keys(dst)).hasSize(big.size() + 1);
    assertNoUploads(dst);
  }

  @Test
  void manifest_missingObjectWithSkipMissing_reportsSkippedAndCopiesTheRest() throws IOException {
    String src = bucket("src");
    String dst = bucket("dst");
    Seeder.put(s3, src, "a/present.txt", Seeder.content("p", 10));
    Path manifest = tmp.resolve("skip-manifest.txt");
    Files.writeString(manifest, "present.txt\ngone.txt\n");
    Path report = tmp.resolve("skip-report");

    JobRun run = job("--source", "s3://" + src + "/a/", "--manifest", manifest.toString(), "--skip-missing",
        "--dest", "s3://" + dst + "/b/", "--report", report.toString(), "--report-format", "csv");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(keys(dst)).containsExactly("b/present.txt");
    Map<String, String> status = spark.read().option("header", "true").csv(report.toString()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("source"), r -> r.<String>getAs("status")));
    assertThat(status).containsExactlyInAnyOrderEntriesOf(Map.of(
        "s3://" + src + "/a/present.txt", "COPIED", "s3://" + src + "/a/gone.txt", "SKIPPED"));
  }

  @Test
  void filters_includeAndExcludeInOrder_lastMatchWins() {
    String src = bucket("src");
    String dst = bucket("dst");
    for (String key : List.of("t/a.parquet", "t/b.parquet", "t/b.csv", "t/tmp/c.parquet", "t/x/_SUCCESS",
        "t/x/d.parquet")) {
      Seeder.put(s3, src, key, Seeder.content(key, 64));
    }

    JobRun run = job("--source", "s3://" + src + "/t/", "--dest", "s3://" + dst + "/",
        "--exclude", "*", "--include", "*.parquet", "--exclude", "tmp/*", "--include", "*/_SUCCESS");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(keys(dst)).containsExactlyInAnyOrder("a.parquet", "b.parquet", "x/_SUCCESS", "x/d.parquet");
  }

  // ---------------------------------------------------------------- failures

  @Test
  void sourceChangedAfterPlanning_thatObjectFailsWithSourceChangedAndNothingIsLeft() {
    String src = bucket("src");
    String dst = bucket("dst");
    Map<String, byte[]> small = seedTree(src, "p/", 20);
    Map<String, byte[]> big = seedMultipart(src, "p/");
    String changedSmall = small.keySet().iterator().next();
    String changedBig = big.keySet().iterator().next();
    Path report = tmp.resolve("changed-report");
    JobListener overwrite = new JobListener() {
      @Override
      public void beforeCopy(List<ObjectPlan> plans) {
        Seeder.put(s3, src, changedSmall, Seeder.content("changed", 77));
        Seeder.put(s3, src, changedBig, Seeder.content("changed", 6 * MiB));
      }
    };

    JobRun run = JobRun.run(args("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/q/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--report", report.toString()), overwrite);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("failed 2").contains("SOURCE_CHANGED=2");
    List<Row> failed = spark.read().json(report.toString()).where("status = 'FAILED'").collectAsList();
    assertThat(failed).extracting(r -> r.<String>getAs("source"))
        .containsExactlyInAnyOrder("s3://" + src + "/" + changedSmall, "s3://" + src + "/" + changedBig);
    assertThat(failed).allSatisfy(r -> assertThat(r.<String>getAs("error_kind")).isEqualTo("SOURCE_CHANGED"));
    Set<String> copied = keys(dst);
    assertThat(copied).doesNotContain("q/" + changedSmall.substring(2), "q/" + changedBig.substring(2));
    assertThat(copied).hasSize(small.size() + big.size() - 2);
    assertNoUploads(dst);
  }

  @Test
  void dryRun_reportsThePlanAndWritesNothingAtTheDestination() {
    String src = bucket("src");
    String dst = bucket("dst");
    Map<String, byte[]> seeded = seedTree(src, "d/", 10);
    seeded.putAll(seedMultipart(src, "d/"));
    Path report = tmp.resolve("dry-report");

    JobRun run = job("--source", "s3://" + src + "/d/", "--dest", "s3://" + dst + "/", "--dry-run",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--report", report.toString(),
        "--report-format", "parquet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(keys(dst)).isEmpty();
    assertNoUploads(dst);
    List<Row> rows = spark.read().parquet(report.toString()).collectAsList();
    assertThat(rows).hasSize(seeded.size()).allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("PLANNED"));
  }

  @Test
  void report_csvAndParquet_readableWithSparkSql() {
    String src = bucket("src");
    String dst = bucket("dst");
    seedTree(src, "r/", 12);
    for (String format : List.of("csv", "parquet")) {
      Path report = tmp.resolve("report-" + format);
      JobRun run = job("--source", "s3://" + src + "/r/", "--dest", "s3://" + dst + "/" + format + "/",
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
    String src = bucket("src");
    String dst = bucket("dst");
    seedTree(src, "s/", 5);
    var hadoop = spark.sparkContext().hadoopConfiguration();
    String prefix = "fs.s3a.bucket." + dst + ".";
    hadoop.set(prefix + "endpoint", server.endpoint().toString());
    hadoop.set(prefix + "path.style.access", "true");
    hadoop.set(prefix + "connection.ssl.enabled", "false");
    hadoop.set(prefix + "access.key", S3TestServer.ACCESS_KEY);
    hadoop.set(prefix + "secret.key", S3TestServer.SECRET_KEY);
    hadoop.set(prefix + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop.set("fs.s3a.change.detection.version.required", "false");
    String report = "s3a://" + dst + "/_lakecopy/run-1";

    JobRun run = job("--source", "s3://" + src + "/s/", "--dest", "s3://" + dst + "/copy/", "--report", report);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(keys(dst).stream().filter(k -> k.startsWith("_lakecopy/run-1/") && k.endsWith(".json"))).hasSize(1);
    assertThat(spark.read().json(report).count()).isEqualTo(5);
  }

  // ---------------------------------------------------------------- bad input: exit 2, nothing written

  @Test
  void badInput_eachCase_exitCode2NamingTheFaultAndNothingWritten() throws IOException {
    String src = bucket("src");
    String dst = bucket("dst");
    seedTree(src, "in/", 3);
    seedMultipart(src, "in/");
    Path badManifest = tmp.resolve("bad-manifest.txt");
    Files.writeString(badManifest, "ok-key\n\nhttp://not-s3/key\ns3://" + src + "/in/\n");
    Path missingManifest = tmp.resolve("missing-manifest.txt");
    Files.writeString(missingManifest, "s3://" + src + "/in/not-there-1\n");
    Path existingReport = Files.createDirectories(tmp.resolve("existing-report"));
    String source = "s3://" + src + "/in/";
    String dest = "s3://" + dst + "/out/";
    Map<List<String>, String> cases = new LinkedHashMap<>();
    cases.put(List.of("--source", "http://" + src + "/in/", "--dest", dest), "--source");
    cases.put(List.of("--source", "s3://Bad_Bucket/in/", "--dest", dest), "invalid bucket name");
    cases.put(List.of("--source", source, "--dest", "s3:///x"), "--dest");
    cases.put(List.of("--source", "s3://no-such-bucket-lakecopy/in/", "--dest", dest),
        "bucket 'no-such-bucket-lakecopy' does not exist");
    cases.put(List.of("--source", source, "--dest", "s3://no-such-dest-lakecopy/x/"),
        "bucket 'no-such-dest-lakecopy' does not exist");
    cases.put(List.of("--source", source, "--dest", source), "the same as the source prefix");
    cases.put(List.of("--source", source, "--dest", source + "nested/"), "inside the source prefix");
    cases.put(List.of("--source", source, "--dest", dest, "--part-size", "4MiB"), "--part-size");
    cases.put(List.of("--source", source, "--dest", dest, "--part-size", "6GiB"), "--part-size");
    cases.put(List.of("--source", source, "--dest", dest, "--multipart-threshold", "6GiB"), "--multipart-threshold");
    cases.put(List.of("--source", source, "--dest", dest, "--part-size", "lots"), "--part-size");
    cases.put(List.of("--source", source, "--dest", dest, "--max-concurrency", "0"), "--max-concurrency");
    cases.put(List.of("--source", source, "--dest", dest, "--report-format", "xml"), "--report-format");
    cases.put(List.of("--source", source, "--dest", dest, "--bogus-flag"), "--bogus-flag");
    cases.put(List.of("--source", source, "--dest", dest, "--manifest", badManifest.toString()), "line 3");
    cases.put(List.of("--source", source, "--dest", dest, "--manifest", badManifest.toString()), "line 4");
    cases.put(List.of("--dest", dest, "--manifest", missingManifest.toString()), "not-there-1");
    cases.put(List.of("--dest", dest, "--manifest", tmp.resolve("no-such-manifest").toString()), "file not found");
    cases.put(List.of("--source", source, "--dest", dest, "--report", existingReport.toString()), "already exists");
    cases.put(List.of("--dest", dest), "--source or --manifest is required");

    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      JobRun run = job(c.getKey().toArray(String[]::new));
      assertThat(run.exitCode()).as("exit code of %s: %s", c.getKey(), run.err()).isEqualTo(2);
      assertThat(run.err()).as("message of %s", c.getKey()).contains(c.getValue());
      assertThat(keys(dst)).as("destination after %s", c.getKey()).isEmpty();
      assertNoUploads(dst);
    }
  }

  @Test
  void runFailsAfterUploadsStarted_everyUploadAbortedAndExitCode3() {
    String src = bucket("src");
    String dst = bucket("dst");
    seedMultipart(src, "f/");
    JobListener crash = new JobListener() {
      @Override
      public void beforeCopy(List<ObjectPlan> plans) {
        assertThat(s3.listMultipartUploads(b -> b.bucket(dst)).uploads()).hasSize(3);
        throw new IllegalStateException("simulated driver failure");
      }
    };

    JobRun run = JobRun.run(args("--source", "s3://" + src + "/f/", "--dest", "s3://" + dst + "/g/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB"), crash);

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("simulated driver failure");
    assertNoUploads(dst);
    assertThat(keys(dst)).isEmpty();
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

  // ---------------------------------------------------------------- helpers

  JobRun job(String... args) {
    return JobRun.run(args(args), JobListener.NONE);
  }

  List<String> args(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    String endpoint = server.endpoint().toString();
    all.addAll(List.of("--source-endpoint", endpoint, "--dest-endpoint", endpoint, "--path-style",
        "--source-region", S3TestServer.REGION, "--dest-region", S3TestServer.REGION));
    if (!supportsTagging()) {
      all.add("--no-tags");
    }
    return all;
  }

  String bucket(String role) {
    String name = role + "-" + serverKind().name().toLowerCase() + "-" + BUCKETS.incrementAndGet();
    Seeder.createBucket(s3, name);
    return name;
  }

  /** {@code count} small objects (0..8 KiB) under prefix; every 10th with headers and metadata, every 20th tagged. */
  Map<String, byte[]> seedTree(String bucket, String prefix, int count) {
    Random random = new Random(42);
    Map<String, byte[]> seeded = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String key = prefix + "dt=2026-11-" + String.format("%02d", 1 + i % 7) + "/part-" + String.format("%05d", i)
          + (i % 3 == 0 ? ".parquet" : ".json");
      byte[] data = Seeder.content(key, i == 0 ? 0 : random.nextInt(8 * 1024));
      boolean rich = i % 10 == 0;
      String tagging = supportsTagging() && i % 20 == 0 ? "team=data&n=" + i : null;
      Seeder.put(s3, bucket, key, data, rich ? "application/x-parquet" : null,
          rich ? Map.of("rows", String.valueOf(i), "writer", "spark") : Map.of(), tagging);
      seeded.put(key, data);
    }
    return seeded;
  }

  /** Three objects copied in 3..4 parts of 5 MiB, with every header CreateMultipartUpload must carry. */
  Map<String, byte[]> seedMultipart(String bucket, String prefix) {
    Map<String, byte[]> seeded = new LinkedHashMap<>();
    int[] sizes = {16 * MiB + 1, 15 * MiB + 7, 11 * MiB};
    for (int i = 0; i < sizes.length; i++) {
      String key = prefix + "big/object-" + i + ".bin";
      byte[] data = Seeder.content(key, sizes[i]);
      PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key)
          .contentType("application/vnd.lakecopy-" + i)
          .cacheControl("max-age=" + (60 * i))
          .contentDisposition("attachment; filename=\"object-" + i + ".bin\"")
          .contentEncoding("identity")
          .contentLanguage("en-GB")
          .metadata(Map.of("origin", "seed", "index", String.valueOf(i)));
      if (supportsTagging()) {
        put.tagging("size=big&index=" + i);
      }
      if (supportsStorageClass() && i == 1) {
        put.storageClass(StorageClass.STANDARD_IA);
      }
      s3.putObject(put.build(), RequestBody.fromBytes(data));
      seeded.put(key, data);
    }
    return seeded;
  }

  void assertSameObject(String srcBucket, String srcKey, String dstBucket, String dstKey) {
    byte[] a = s3.getObjectAsBytes(b -> b.bucket(srcBucket).key(srcKey)).asByteArray();
    byte[] b = s3.getObjectAsBytes(r -> r.bucket(dstBucket).key(dstKey)).asByteArray();
    assertThat(Seeder.md5Hex(b)).as("content of s3://%s/%s", dstBucket, dstKey).isEqualTo(Seeder.md5Hex(a));
    HeadObjectResponse x = s3.headObject(r -> r.bucket(srcBucket).key(srcKey));
    HeadObjectResponse y = s3.headObject(r -> r.bucket(dstBucket).key(dstKey));
    String what = "s3://" + dstBucket + "/" + dstKey;
    assertThat(y.contentLength()).as("length of %s", what).isEqualTo(x.contentLength());
    assertThat(y.contentType()).as("content type of %s", what).isEqualTo(x.contentType());
    assertThat(y.metadata()).as("metadata of %s", what).isEqualTo(x.metadata());
    assertThat(y.cacheControl()).as("cache control of %s", what).isEqualTo(x.cacheControl());
    assertThat(y.contentDisposition()).as("content disposition of %s", what).isEqualTo(x.contentDisposition());
    assertThat(y.contentEncoding()).as("content encoding of %s", what).isEqualTo(x.contentEncoding());
    assertThat(y.contentLanguage()).as("content language of %s", what).isEqualTo(x.contentLanguage());
    if (supportsStorageClass()) {
      assertThat(y.storageClassAsString()).as("storage class of %s", what).isEqualTo(x.storageClassAsString());
    }
    if (supportsTagging()) {
      assertThat(tags(dstBucket, dstKey)).as("tags of %s", what).isEqualTo(tags(srcBucket, srcKey));
    }
  }

  Map<String, String> tags(String bucket, String key) {
    List<Tag> tags = s3.getObjectTagging(GetObjectTaggingRequest.builder().bucket(bucket).key(key).build()).tagSet();
    return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  Set<String> keys(String bucket) {
    Set<String> keys = new TreeSet<>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      keys.add(o.key());
    }
    return keys;
  }

  void assertNoUploads(String bucket) {
    assertThat(s3.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(bucket).build()).uploads())
        .as("multipart uploads left in %s", bucket).isEmpty();
  }

  void assertNoSecretIn(JobRun run, Path report) throws IOException {
    assertThat(run.out() + run.err()).doesNotContain(S3TestServer.SECRET_KEY);
    try (var files = Files.walk(report)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("report file %s", f)
            .doesNotContain(S3TestServer.SECRET_KEY);
      }
    }
  }
}
