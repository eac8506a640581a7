package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lakecopy.job.JobListener;
import io.lakecopy.testing.Fault;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.FaultRule;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.Seeder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The modes that delete or overwrite, tried the way they lose data: a source rewritten between its copy and its
 * delete, a manifest naming an old version or the wrong size, filters and key mapping that widen --delete,
 * locations that overlap, a resumed run, an interrupted driver, another writer's upload, failed deletes, a
 * destination that already holds something. After every case: nothing that has no verified copy is gone.
 * Requests go through a proxy that can change an object at the exact moment a request reaches the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DataSafetyContractIT {
  Fixture f;
  FaultProxy proxy;
  @TempDir Path tmp;

  abstract Fixture fixture();

  /** Whether the server keeps object versions (S3 does). */
  boolean supportsVersioning() {
    return true;
  }

  /**
   * Whether {@code --move} from a versioned bucket deletes exactly the version it copied (S3 names it in the copy
   * response, x-amz-copy-source-version-id), so that the key keeps no delete marker and a version written after the
   * copy stays current.
   */
  boolean movesByVersionId() {
    return true;
  }

  /** Whether every bucket a test creates is versioned (where deletes must name a version id to be exact). */
  boolean versionedBuckets() {
    return false;
  }

  /** A new bucket for one test, versioned where {@link #versionedBuckets()}. */
  String bucket(String role) {
    String bucket = f.bucket(role);
    if (versionedBuckets()) {
      versioned(bucket);
    }
    return bucket;
  }

  void versioned(String bucket) {
    f.s3.putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
  }

  /**
   * Whether the server holds a CopyObject to the destination's If-None-Match / If-Match (S3 does; S3Mock 5.2, S3Proxy
   * 4.1 and Ceph RGW 16.2 copy over an existing key regardless: measured).
   */
  boolean holdsCopyObjectToTheListing() {
    return true;
  }

  /** Whether the server holds a CompleteMultipartUpload to If-None-Match / If-Match (S3, S3Mock, S3Proxy do). */
  boolean holdsCompleteToTheListing() {
    return true;
  }

  /**
   * Whether AbortMultipartUpload leaves the object at the upload's key alone (S3 and S3Proxy do; S3Mock 5.2.0 deletes
   * it: measured, an upload created and aborted at a key that holds an object leaves the key empty).
   */
  boolean abortKeepsTheObjectAtItsKey() {
    return true;
  }

  /** The text another writer put at {@code key}, where an aborted upload at that key can have left it. */
  void assertKeptAfterTheAbort(String bucket, String key, String written) {
    if (abortKeepsTheObjectAtItsKey()) {
      assertThat(text(bucket, key)).as("%s: the other writer's object is not overwritten", key).isEqualTo(written);
    } else {
      assertThat(exists(bucket, key)).as("%s: the server's abort removed the key's object", key).isFalse();
    }
  }

  /** Whether the server applies SSE-S3 (x-amz-server-side-encryption: AES256). */
  boolean supportsSseS3() {
    return true;
  }

  @BeforeAll
  void start() {
    f = fixture();
    proxy = FaultProxy.start(f.server.endpoint());
  }

  @AfterAll
  void stop() {
    proxy.close();
    f.close();
  }

  @AfterEach
  void reset() {
    proxy.clearRules();
    proxy.clearObservers();
    proxy.resetCounts();
  }

  /**
   * Whether the server keeps additional checksums and checks the full-object value a multipart Complete names (S3
   * does; S3Proxy 4.1 and Ceph RGW 16.2 answer no checksum).
   */
  boolean answersChecksums() {
    return false;
  }

  @Test
  void checksum_sourceAnsweredWithAnotherValue_noCopyStays_andThoseObjectsFailVerifyFailed() {
    String src = bucket("src");
    String dst = bucket("dst");
    Seeder.put(f.s3, src, "c/one.txt", "one".getBytes(StandardCharsets.UTF_8));
    byte[] big = Seeder.content("c/big.bin", 11 * Fixture.MiB);
    f.s3.putObject(b -> b.bucket(src).key("c/big.bin").checksumAlgorithm(answersChecksums()
        ? software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32 : null),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(big));
    byte[] inParts = Seeder.content("c/parts.bin", 5 * Fixture.MiB + 1024);
    f.putInParts(src, "c/parts.bin", inParts, 5 * Fixture.MiB, answersChecksums());
    String wrong = "AAAAAA==";
    assertThat(List.of(Fixture.crc32(big), Fixture.crc32(inParts))).doesNotContain(wrong);
    // the store answers the source's HEAD with a CRC32 that is not the object's
    proxy.rewriteResponseHeader(RequestType.HEAD_OBJECT, p -> p.startsWith("/" + src + "/"), "x-amz-checksum-crc32",
        v -> wrong);
    Path report = tmp.resolve("report");
    try {
      JobRun run = run("--source", "s3://" + src + "/c/", "--dest", "s3://" + dst + "/c/", "--part-size", "5MiB",
          "--multipart-threshold", "10MiB", "--object-attempts", "1", "--report", report.toString());

      Map<String, Row> rows = report(report);
      assertThat(status(rows.get("s3://" + dst + "/c/one.txt"))).isEqualTo("COPIED");
      if (answersChecksums()) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(status(rows.get("s3://" + dst + "/c/big.bin"))).isEqualTo("FAILED VERIFY_FAILED");
        assertThat(rows.get("s3://" + dst + "/c/big.bin").<String>getAs("error_message"))
            .contains("refused to complete", wrong);
        assertThat(status(rows.get("s3://" + dst + "/c/parts.bin"))).isEqualTo("FAILED VERIFY_FAILED");
        assertThat(rows.get("s3://" + dst + "/c/parts.bin").<String>getAs("error_message"))
            .contains(wrong, Fixture.crc32(inParts), "the copy was deleted");
        assertThat(f.keys(dst)).as("no copy that failed its checksum stays").containsExactly("c/one.txt");
      } else {
        assertThat(run.exitCode()).as("a store without checksums has none to rewrite: %s", run.err()).isZero();
        assertThat(f.keys(dst)).containsExactlyInAnyOrder("c/one.txt", "c/big.bin", "c/parts.bin");
      }
      f.assertNoUploads(dst);
      assertThat(f.keys(src)).as("the sources are untouched").hasSize(3);
    } finally {
      proxy.clearRewrites();
    }
  }

  JobRun run(String... args) {
    return JobRun.run(f.argsVia(proxy.endpoint().toString(), args), JobListener.NONE);
  }

  long writeRequests() {
    long n = 0;
    for (RequestType t : List.of(RequestType.COPY_OBJECT, RequestType.UPLOAD_PART_COPY, RequestType.CREATE_MULTIPART,
        RequestType.COMPLETE_MULTIPART, RequestType.PUT_OBJECT, RequestType.DELETE_OBJECT,
        RequestType.DELETE_OBJECTS)) {
      n += proxy.count(t);
    }
    return n;
  }

  /** The report's rows by destination URI. */
  Map<String, Row> report(Path report) {
    return f.spark.read().json(report.toString()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("destination"), r -> r));
  }

  static String status(Row r) {
    // JSON reports leave out columns that are null in every row
    boolean hasKind = java.util.Arrays.asList(r.schema().fieldNames()).contains("error_kind");
    return r.<String>getAs("status") + (!hasKind || r.getAs("error_kind") == null ? "" : " " + r.getAs("error_kind"));
  }

  String text(String bucket, String key) {
    return f.s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] seeded) {
    return new String(seeded, StandardCharsets.ISO_8859_1);
  }

  boolean exists(String bucket, String key) {
    return f.keys(bucket).contains(key);
  }

  @Test
  void move_sourceRewrittenAfterItsCopy_theNewVersionIsKeptAndTheObjectFails() {
    String src = bucket("src");
    String dst = bucket("dst");
    Seeder.put(f.s3, src, "r/a.json", "old a".getBytes(StandardCharsets.UTF_8));
    Seeder.put(f.s3, src, "r/big.bin", Seeder.content("old big", 6 * Fixture.MiB));
    Seeder.put(f.s3, src, "r/b.json", "b".getBytes(StandardCharsets.UTF_8));
    // The moment each delete of a.json or big.bin reaches the server, a writer has just replaced the source.
    Set<String> rewritten = java.util.concurrent.ConcurrentHashMap.newKeySet();
    proxy.onRequest((type, path) -> {
      for (String key : List.of("r/a.json", "r/big.bin")) {
        if (type == RequestType.DELETE_OBJECT && path.equals("/" + src + "/" + key) && rewritten.add(key)) {
          Seeder.put(f.s3, src, key, ("new " + key).getBytes(StandardCharsets.UTF_8));
        }
      }
    });
    Path report = tmp.resolve("race-report");

    JobRun run = run("--source", "s3://" + src + "/r/", "--dest", "s3://" + dst + "/r/", "--move",
        "--multipart-threshold", "5MiB", "--part-size", "5MiB", "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(rewritten).containsExactlyInAnyOrder("r/a.json", "r/big.bin");
    assertThat(text(src, "r/a.json")).as("the rewritten source survives").isEqualTo("new r/a.json");
    assertThat(text(src, "r/big.bin")).isEqualTo("new r/big.bin");
    assertThat(text(dst, "r/a.json")).isEqualTo("old a");
    assertThat(exists(src, "r/b.json")).as("an unchanged source is moved").isFalse();
    Map<String, Row> rows = report(report);
    assertThat(status(rows.get("s3://" + dst + "/r/a.json"))).isEqualTo("FAILED SOURCE_CHANGED");
    assertThat(status(rows.get("s3://" + dst + "/r/big.bin"))).isEqualTo("FAILED SOURCE_CHANGED");
    assertThat(rows.get("s3://" + dst + "/r/a.json").<String>getAs("error_message")).contains("kept");
    assertThat(status(rows.get("s3://" + dst + "/r/b.json"))).isEqualTo("MOVED");
    assertThat(report.resolve("_SUCCESS")).doesNotExist();
    f.assertNoUploads(dst);
  }

  @Test
  void skipWithMove_keyWrittenByAnotherWriterAfterTheListing_neverOverwrittenWhereTheStoreHoldsTheWrite()
      throws Exception {
    String src = bucket("src");
    String dst = bucket("dst");
    Seeder.put(f.s3, src, "k/a.json", "source a".getBytes(StandardCharsets.UTF_8));
    byte[] big = Seeder.content("source big", 6 * Fixture.MiB);
    Seeder.put(f.s3, src, "k/big.bin", big);
    Seeder.put(f.s3, src, "k/b.json", "b".getBytes(StandardCharsets.UTF_8));
    // The destination was listed empty; the moment the copy of a.json and the Complete of big.bin reach the
    // server, another writer has just written those keys.
    Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
    proxy.onRequest((type, path) -> {
      if ((type == RequestType.COPY_OBJECT && path.equals("/" + dst + "/k/a.json")
          || type == RequestType.COMPLETE_MULTIPART && path.equals("/" + dst + "/k/big.bin"))
          && written.add(path)) {
        Seeder.put(f.s3, dst, path.substring(dst.length() + 2), "another writer".getBytes(StandardCharsets.UTF_8));
      }
    });
    Path report = tmp.resolve("racing-writer-report");

    JobRun run = run("--source", "s3://" + src + "/k/", "--dest", "s3://" + dst + "/k/", "--if-exists", "skip",
        "--move", "--multipart-threshold", "5MiB", "--part-size", "5MiB", "--report", report.toString());

    assertThat(written).hasSize(2);
    Map<String, Row> rows = report(report);
    String held = new io.lakecopy.copy.WriteConditions(holdsCopyObjectToTheListing(), holdsCompleteToTheListing())
        .describe();
    assertThat(run.out()).contains("  writes    " + held);
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.resolve("_summary.json").toFile())
        .get("write_condition").asText()).isEqualTo(held);
    Map<String, Boolean> holds = Map.of("k/a.json", holdsCopyObjectToTheListing(), "k/big.bin",
        holdsCompleteToTheListing());
    holds.forEach((key, kept) -> {
      if (kept) {
        if (key.equals("k/big.bin")) {
          assertKeptAfterTheAbort(dst, key, "another writer");
        } else {
          assertThat(text(dst, key)).as("%s: the other writer's object is not overwritten", key)
              .isEqualTo("another writer");
        }
        assertThat(status(rows.get("s3://" + dst + "/" + key))).isEqualTo("FAILED DESTINATION_CHANGED");
        assertThat(rows.get("s3://" + dst + "/" + key).<String>getAs("error_message")).contains("not overwritten");
        assertThat(exists(src, key)).as("%s: no verified copy, so the source is kept", key).isTrue();
      } else {
        // the store copies over the key regardless (README: which stores hold the write)
        assertThat(status(rows.get("s3://" + dst + "/" + key))).isEqualTo("MOVED");
      }
    });
    if (!holdsCompleteToTheListing()) {
      assertThat(f.s3.getObjectAsBytes(b -> b.bucket(dst).key("k/big.bin")).asByteArray()).isEqualTo(big);
    }
    assertThat(status(rows.get("s3://" + dst + "/k/b.json"))).isEqualTo("MOVED");
    assertThat(exists(src, "k/b.json")).isFalse();
    assertThat(run.exitCode()).as(run.err()).isEqualTo(holds.containsValue(true) ? 1 : 0);
    f.assertNoUploads(dst);
  }

  @Test
  void update_keyRewrittenByAnotherWriterAfterTheListing_neverOverwrittenWhereTheStoreHoldsTheWrite() {
    String src = bucket("src");
    String dst = bucket("dst");
    byte[] big = Seeder.content("new big", 6 * Fixture.MiB);
    Seeder.put(f.s3, src, "u/big.bin", big);
    Seeder.put(f.s3, dst, "u/big.bin", "stale copy".getBytes(StandardCharsets.UTF_8));
    // The listing saw the stale copy; the moment the Complete reaches the server, a writer has replaced it.
    AtomicReference<String> newer = new AtomicReference<>();
    proxy.onRequest((type, path) -> {
      if (type == RequestType.COMPLETE_MULTIPART && path.equals("/" + dst + "/u/big.bin") && newer.get() == null) {
        Seeder.put(f.s3, dst, "u/big.bin", "newer writer".getBytes(StandardCharsets.UTF_8));
        newer.set(path);
      }
    });
    Path report = tmp.resolve("racing-update-report");

    JobRun run = run("--source", "s3://" + src + "/u/", "--dest", "s3://" + dst + "/u/", "--if-exists", "update",
        "--multipart-threshold", "5MiB", "--part-size", "5MiB", "--report", report.toString());

    assertThat(newer.get()).isNotNull();
    Row row = report(report).get("s3://" + dst + "/u/big.bin");
    if (holdsCompleteToTheListing()) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      assertKeptAfterTheAbort(dst, "u/big.bin", "newer writer");
      assertThat(status(row)).isEqualTo("FAILED DESTINATION_CHANGED");
      assertThat(row.<String>getAs("error_message")).contains("If-Match");
    } else {
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(f.s3.getObjectAsBytes(b -> b.bucket(dst).key("u/big.bin")).asByteArray()).isEqualTo(big);
    }
    f.assertNoUploads(dst);
  }

  @Test
  void move_manifestNamesAnOlderVersion_deletesExactlyThatVersionAndKeepsTheCurrentOne() throws Exception {
    assumeTrue(supportsVersioning(), "the server has no object versions");
    String src = bucket("src");
    String dst = bucket("dst");
    versioned(src);
    String v1 = f.s3.putObject(b -> b.bucket(src).key("v/a"), RequestBody.fromString("version 1")).versionId();
    String v2 = f.s3.putObject(b -> b.bucket(src).key("v/a"), RequestBody.fromString("version 2")).versionId();
    Path manifest = tmp.resolve("versions.csv");
    Files.writeString(manifest, src + ",v/a," + v1 + "\n");

    JobRun run = run("--manifest", manifest.toString(), "--source", "s3://" + src + "/v/", "--dest",
        "s3://" + dst + "/v/", "--move");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(text(dst, "v/a")).isEqualTo("version 1");
    assertThat(text(src, "v/a")).as("the current version was never copied and is still current")
        .isEqualTo("version 2");
    var versions = f.s3.listObjectVersions(b -> b.bucket(src).prefix("v/"));
    assertThat(versions.versions()).extracting(ObjectVersion::versionId).containsExactly(v2);
    assertThat(versions.deleteMarkers()).as("no delete marker over the current version").isEmpty();
  }

  @Test
  void move_versionedSource_deletesTheCopiedVersionKeepsOneWrittenSinceAndSkipsADeleteMarker() {
    assumeTrue(supportsVersioning(), "the server has no object versions");
    String src = bucket("src");
    String dst = bucket("dst");
    versioned(src);
    String a1 = f.s3.putObject(b -> b.bucket(src).key("v/a"), RequestBody.fromString("a 1")).versionId();
    String b1 = f.s3.putObject(b -> b.bucket(src).key("v/b"), RequestBody.fromString("b 1")).versionId();
    f.s3.putObject(b -> b.bucket(src).key("v/gone"), RequestBody.fromString("gone"));
    String marker = f.s3.deleteObject(b -> b.bucket(src).key("v/gone")).versionId();
    // The moment the delete of v/a reaches the server, a writer has just written a new version.
    AtomicReference<String> a2 = new AtomicReference<>();
    proxy.onRequest((type, path) -> {
      if (type == RequestType.DELETE_OBJECT && path.equals("/" + src + "/v/a") && a2.get() == null) {
        a2.set(f.s3.putObject(b -> b.bucket(src).key("v/a"), RequestBody.fromString("a 2")).versionId());
      }
    });
    Path report = tmp.resolve("versioned-move-report");

    JobRun run = run("--source", "s3://" + src + "/v/", "--dest", "s3://" + dst + "/v/", "--move", "--report",
        report.toString());

    assertThat(f.keys(dst)).as("a source whose current version is a delete marker is not copied")
        .containsExactlyInAnyOrder("v/a", "v/b");
    assertThat(text(dst, "v/a")).isEqualTo("a 1");
    assertThat(text(src, "v/a")).as("the version written after the copy is current").isEqualTo("a 2");
    var versions = f.s3.listObjectVersions(b -> b.bucket(src).prefix("v/"));
    Map<String, List<String>> byKey = versions.versions().stream().collect(Collectors.groupingBy(ObjectVersion::key,
        Collectors.mapping(ObjectVersion::versionId, Collectors.toList())));
    assertThat(byKey.get("v/gone")).as("nothing is deleted for a delete-marked source").hasSize(1);
    Map<String, Row> rows = report(report);
    Row gone = rows.get("s3://" + dst + "/v/gone");
    assertThat(gone == null ? "not listed" : status(gone)).as("a delete-marked source is neither copied nor moved")
        .isIn("not listed", "FAILED NOT_FOUND");
    if (movesByVersionId()) {
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(f.keys(src)).containsExactly("v/a");
      assertThat(byKey.get("v/a")).as("exactly the copied version is gone").containsExactly(a2.get());
      assertThat(byKey).as("the copied version of v/b is gone, without a delete marker").doesNotContainKey("v/b");
      assertThat(versions.deleteMarkers()).extracting(m -> m.key() + " " + m.versionId())
          .containsExactly("v/gone " + marker);
      assertThat(status(rows.get("s3://" + dst + "/v/a"))).isEqualTo("MOVED");
    } else {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      assertThat(byKey.get("v/a")).as("both versions kept").containsExactlyInAnyOrder(a1, a2.get());
      assertThat(byKey.get("v/b")).as("kept as a noncurrent version").containsExactly(b1);
      assertThat(status(rows.get("s3://" + dst + "/v/a"))).isEqualTo("FAILED SOURCE_CHANGED");
    }
    assertThat(status(rows.get("s3://" + dst + "/v/b"))).isEqualTo("MOVED");
  }

  @Test
  void manifestSizeSmallerThanTheObject_multipartCopy_sourceChangedNothingWrittenSourceKept() throws Exception {
    String src = bucket("src");
    String dst = bucket("dst");
    byte[] data = Seeder.content("big", 12 * Fixture.MiB);
    Seeder.put(f.s3, src, "s/big.bin", data);
    String eTag = f.s3.headObject(b -> b.bucket(src).key("s/big.bin")).eTag().replace("\"", "");
    Path manifest = tmp.resolve("sizes.csv");
    Files.writeString(manifest, "bucket,key,size,etag\n" + src + ",s/big.bin," + (6 * Fixture.MiB + 1) + "," + eTag
        + "\n");
    Path report = tmp.resolve("size-report");

    JobRun run = run("--manifest", manifest.toString(), "--source", "s3://" + src + "/s/", "--dest",
        "s3://" + dst + "/s/", "--move", "--multipart-threshold", "5MiB", "--part-size", "5MiB", "--report",
        report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(status(report(report).get("s3://" + dst + "/s/big.bin"))).isEqualTo("FAILED SOURCE_CHANGED");
    assertThat(f.keys(dst)).as("no truncated copy").isEmpty();
    assertThat(f.s3.getObjectAsBytes(b -> b.bucket(src).key("s/big.bin")).asByteArray()).isEqualTo(data);
    assertThat(proxy.count(RequestType.CREATE_MULTIPART)).isZero();
    f.assertNoUploads(dst);
  }

  @Test
  void manifestSizeWrong_singleCopyWithMove_sourceKept() throws Exception {
    String src = bucket("src");
    String dst = bucket("dst");
    Seeder.put(f.s3, src, "w/a", Seeder.content("a", 1000));
    String eTag = f.s3.headObject(b -> b.bucket(src).key("w/a")).eTag().replace("\"", "");
    Path manifest = tmp.resolve("small-sizes.csv");
    Files.writeString(manifest, "bucket,key,size,etag\n" + src + ",w/a,10," + eTag + "\n");
    Path report = tmp.resolve("small-size-report");

    JobRun run = run("--manifest", manifest.toString(), "--source", "s3://" + src + "/w/", "--dest",
        "s3://" + dst + "/w/", "--move", "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    Row row = report(report).get("s3://" + dst + "/w/a");
    assertThat(status(row)).isEqualTo("FAILED SOURCE_CHANGED");
    assertThat(row.<String>getAs("error_message")).contains("1000 bytes, not the planned 10");
    assertThat(exists(src, "w/a")).isTrue();
  }

  @Test
  void delete_incrementalSync_neverDeletesCopiesOfSourcesTheFiltersLeftOut() throws Exception {
    String src = bucket("src");
    String dst = bucket("dst");
    for (String k : List.of("i/old-1", "i/old-2", "i/tiny")) {
      Seeder.put(f.s3, src, k, Seeder.content(k, k.endsWith("tiny") ? 5 : 500));
    }
    Path copied = tmp.resolve("first-manifest");
    JobRun first = run("--source", "s3://" + src + "/i/", "--dest", "s3://" + dst + "/i/", "--output-manifest",
        copied.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    Instant between = Instant.now().plusSeconds(2);
    Thread.sleep(3000); // S3 times have one-second resolution: the new objects must be clearly after `between`
    Seeder.put(f.s3, src, "i/new", Seeder.content("new", 500));
    Seeder.put(f.s3, dst, "i/orphan", Seeder.content("orphan", 500)); // no source: the mirror removes it
    Set<String> copies = Set.of("i/old-1", "i/old-2", "i/tiny");

    JobRun byTime = run("--source", "s3://" + src + "/i/", "--dest", "s3://" + dst + "/i/", "--delete",
        "--modified-after", between.toString());
    assertThat(byTime.exitCode()).as(byTime.err()).isZero();
    assertThat(f.keys(dst)).containsAll(copies).contains("i/new").doesNotContain("i/orphan");

    Seeder.put(f.s3, dst, "i/orphan-2", Seeder.content("orphan", 500));
    JobRun byManifest = run("--source", "s3://" + src + "/i/", "--dest", "s3://" + dst + "/i/", "--delete",
        "--previous-manifest", copied.toString(), "--min-size", "100");
    assertThat(byManifest.exitCode()).as(byManifest.err()).isZero();
    assertThat(f.keys(dst)).as("copies of skipped and too-small sources are kept").containsAll(copies)
        .doesNotContain("i/orphan-2");
  }

  @Test
  void delete_srcPatternAndPrefixesFile_judgeTheSourceKeyTheDestinationKeyMapsBackTo() throws Exception {
    String src = bucket("src");
    String dst = bucket("dst");
    Seeder.put(f.s3, src, "data/keep/a", Seeder.content("a", 10));
    Seeder.put(f.s3, src, "data/other/b", Seeder.content("b", 10));
    Seeder.put(f.s3, dst, "backup/other/b", Seeder.content("b", 10)); // a copy of a source the pattern leaves out
    Seeder.put(f.s3, dst, "backup/keep/orphan", Seeder.content("o", 10)); // a real orphan in scope
    Seeder.put(f.s3, dst, "backup/other/orphan", Seeder.content("o", 10)); // an orphan out of scope

    JobRun byPattern = run("--source", "s3://" + src + "/data/", "--dest", "s3://" + dst + "/backup/", "--delete",
        "--src-pattern", "data/keep/.*");
    assertThat(byPattern.exitCode()).as(byPattern.err()).isZero();
    assertThat(f.keys(dst)).containsExactlyInAnyOrder("backup/keep/a", "backup/other/b", "backup/other/orphan");

    Seeder.put(f.s3, dst, "backup/keep/orphan-2", Seeder.content("o", 10));
    Path prefixes = tmp.resolve("prefixes.txt");
    Files.writeString(prefixes, "other/\n");
    JobRun byPrefixes = run("--source", "s3://" + src + "/data/", "--dest", "s3://" + dst + "/backup/", "--delete",
        "--src-prefixes-file", prefixes.toString());
    assertThat(byPrefixes.exitCode()).as(byPrefixes.err()).isZero();
    assertThat(f.keys(dst)).as("keep/ is outside the listed prefixes: its orphan stays")
        .containsExactlyInAnyOrder("backup/keep/a", "backup/other/b", "backup/keep/orphan-2");
  }

  @Test
  void delete_withKeyMappingAndAKeyFilter_refusedBeforeAnyRequest() {
    String src = bucket("src");
    String dst = bucket("dst");
    Seeder.put(f.s3, src, "k/dt=1/a", Seeder.content("a", 10));

    JobRun run = run("--source", "s3://" + src + "/k/", "--dest", "s3://" + dst + "/k/", "--delete",
        "--dest-key-regex", "dt=([^/]+)", "--dest-key-replacement", "date=$1", "--exclude", "*.tmp");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--delete", "--dest-key-regex", "cannot be mapped back");
    assertThat(proxy.total()).isZero();
  }

  @Test
  void overlappingLocations_refusedBeforeAnyRequest() {
    String bucket = bucket("lake");
    Seeder.put(f.s3, bucket, "x/y/a", Seeder.content("a", 10));
    Seeder.put(f.s3, bucket, "x/y/y/b", Seeder.content("b", 10));
    Set<String> before = f.keys(bucket);
    String source = "s3://" + bucket + "/x/y/";
    Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(List.of("--dest", "s3://" + bucket + "/x/", "--delete"), "--delete could then delete sources");
    cases.put(List.of("--dest", "s3://" + bucket + "/x/", "--move"), "--move could then delete sources");
    cases.put(List.of("--dest", "s3://" + bucket + "/z/", "--report", "s3a://" + bucket + "/z/_report/"),
        "overlaps --dest");
    cases.put(List.of("--dest", "s3://" + bucket + "/z/", "--report", tmp.resolve("r").toString(), "--ledger",
        tmp.resolve("r").toString()), "overlaps --ledger");
    cases.put(List.of("--dest", "s3://" + bucket + "/z/", "--output-manifest", "s3a://" + bucket + "/x/y/m/"),
        "overlaps --source");
    // without deletes a destination holding the source is allowed, but no copy may land inside the source
    cases.put(List.of("--dest", "s3://" + bucket + "/x/"), "inside the source prefix");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      proxy.resetCounts();
      List<String> args = new java.util.ArrayList<>(List.of("--source", source));
      args.addAll(c.getKey());

      JobRun run = run(args.toArray(String[]::new));

      assertThat(run.exitCode()).as("%s: %s", c.getKey(), run.err()).isEqualTo(2);
      assertThat(run.err()).as("%s", c.getKey()).contains(c.getValue());
      assertThat(writeRequests()).as("%s", c.getKey()).isZero();
    }
    assertThat(f.keys(bucket)).isEqualTo(before);
    assertThat(tmp.resolve("r")).doesNotExist();
  }

  @Test
  void resume_reportLocationExists_refusedAndLeftAsItWas() throws Exception {
    String src = bucket("src");
    String dst = bucket("dst");
    f.seedTree(src, "p/", 3);
    Path ledger = tmp.resolve("resume-ledger");
    JobRun first = run("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/p/", "--ledger",
        ledger.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    Path report = Files.createDirectories(tmp.resolve("precious"));
    Files.writeString(report.resolve("keep.txt"), "not lakecopy's");
    proxy.resetCounts();

    JobRun resumed = run("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/p/", "--resume",
        ledger.toString(), "--report", report.toString());
    JobRun intoLedger = run("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/p/", "--resume",
        ledger.toString(), "--report", ledger.toString());

    assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(2);
    assertThat(resumed.err()).contains("--report", "already exists");
    assertThat(report.resolve("keep.txt")).hasContent("not lakecopy's");
    assertThat(intoLedger.exitCode()).isEqualTo(2);
    assertThat(intoLedger.err()).contains("overlaps --resume");
    assertThat(ledger.resolve("meta.properties")).exists();
    assertThat(writeRequests()).isZero();
  }

  @Test
  void driverThreadInterruptedMidCopy_everyUploadIsAborted() throws Exception {
    String src = bucket("src");
    String dst = bucket("dst");
    f.seedMultipart(src, "t/");
    AtomicReference<JobRun> result = new AtomicReference<>();
    AtomicReference<Throwable> escaped = new AtomicReference<>();
    JobListener interrupt = new JobListener() {
      @Override
      public void beforeCopy(int wave) {
        Thread.currentThread().interrupt(); // as a cancelled job or a helper restoring the flag leaves the thread
      }
    };
    Thread driver = new Thread(() -> {
      try {
        // --max-concurrency 2: objects of 3-4 parts are spread over tasks, their uploads created by the driver
        result.set(JobRun.run(f.argsVia(proxy.endpoint().toString(), "--source", "s3://" + src + "/t/", "--dest",
            "s3://" + dst + "/t/", "--multipart-threshold", "5MiB", "--part-size", "5MiB", "--max-concurrency", "2"),
            interrupt));
      } catch (Throwable t) {
        escaped.set(t);
      }
    }, "interrupted-driver");
    driver.start();
    driver.join(120_000);

    assertThat(driver.isAlive()).isFalse();
    assertThat(proxy.count(RequestType.CREATE_MULTIPART)).as("uploads were started").isPositive();
    f.assertNoUploads(dst);
    assertThat(escaped.get()).as("nothing escapes the entry point").isNull();
    assertThat(result.get().exitCode()).isEqualTo(3);
  }

  @Test
  void anotherWritersUploadStartedDuringTheRun_isNotAborted() {
    String src = bucket("src");
    String dst = bucket("dst");
    f.seedMultipart(src, "o/");
    AtomicReference<String> foreign = new AtomicReference<>();
    AtomicBoolean once = new AtomicBoolean();
    proxy.onRequest((type, path) -> {
      if (type == RequestType.UPLOAD_PART_COPY && once.compareAndSet(false, true)) {
        foreign.set(f.s3.createMultipartUpload(b -> b.bucket(dst).key("o/big/object-0.bin")).uploadId());
      }
    });

    JobRun run = run("--source", "s3://" + src + "/o/", "--dest", "s3://" + dst + "/o/", "--multipart-threshold",
        "5MiB", "--part-size", "5MiB");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<MultipartUpload> left = f.s3.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(dst).build())
        .uploads();
    assertThat(left).extracting(MultipartUpload::uploadId).containsExactly(foreign.get());
    f.s3.abortMultipartUpload(b -> b.bucket(dst).key("o/big/object-0.bin").uploadId(foreign.get()));
  }

  @Test
  void move_everySourceDeleteDenied_exitCode1WithoutSuccessAndEverySourceKept() {
    String src = bucket("src");
    String dst = bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "d/", 4);
    proxy.addRule(FaultRule.always(EnumSet.of(RequestType.DELETE_OBJECT, RequestType.DELETE_OBJECTS),
        p -> p.startsWith("/" + src), Fault.ACCESS_DENIED));
    Path report = tmp.resolve("denied-report");

    JobRun run = run("--source", "s3://" + src + "/d/", "--dest", "s3://" + dst + "/d/", "--move", "--report",
        report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(f.keys(src)).hasSize(seeded.size());
    assertThat(f.keys(dst)).hasSize(seeded.size());
    assertThat(report(report).values()).extracting(DataSafetyContractIT::status).containsOnly("FAILED DELETE_FAILED");
    assertThat(report.resolve("_SUCCESS")).doesNotExist();
    assertThat(Files.exists(report.resolve("_summary.json"))).isTrue();
  }

  @Test
  void move_withIfExistsSkip_deletesSourcesOnlyWhereTheDestinationHoldsAnIdenticalCopy() {
    String src = bucket("src");
    String dst = bucket("dst");
    Seeder.put(f.s3, src, "k/same", Seeder.content("same", 100));
    Seeder.put(f.s3, src, "k/differs", Seeder.content("ours", 100));
    Seeder.put(f.s3, src, "k/new", Seeder.content("new", 100));
    Seeder.put(f.s3, dst, "k/same", Seeder.content("same", 100));
    Seeder.put(f.s3, dst, "k/differs", Seeder.content("theirs", 100));
    Path report = tmp.resolve("skip-move-report");

    JobRun run = run("--source", "s3://" + src + "/k/", "--dest", "s3://" + dst + "/k/", "--move", "--if-exists",
        "skip", "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(f.keys(src)).containsExactly("k/differs");
    assertThat(text(dst, "k/differs")).isEqualTo(text(Seeder.content("theirs", 100)));
    Map<String, Row> rows = report(report);
    assertThat(status(rows.get("s3://" + dst + "/k/same"))).isEqualTo("MOVED");
    assertThat(rows.get("s3://" + dst + "/k/same").<String>getAs("method")).isEqualTo("NONE");
    assertThat(status(rows.get("s3://" + dst + "/k/differs"))).isEqualTo("FAILED DESTINATION_EXISTS");
    assertThat(status(rows.get("s3://" + dst + "/k/new"))).isEqualTo("MOVED");
    assertThat(proxy.count(RequestType.COPY_OBJECT)).as("only the new object is copied").isEqualTo(1);
  }

  @Test
  void move_resumedAfterItsDeletesFailed_deletesTheSourcesItHadCopiedWithoutCopyingAgain() {
    String src = bucket("src");
    String dst = bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "c/", 5);
    seeded.putAll(f.seedMultipart(src, "c/"));
    Path ledger = tmp.resolve("move-ledger");
    String[] move = {"--source", "s3://" + src + "/c/", "--dest", "s3://" + dst + "/c/", "--multipart-threshold",
        "5MiB", "--part-size", "5MiB", "--move"};
    proxy.addRule(FaultRule.always(EnumSet.of(RequestType.DELETE_OBJECT), p -> p.startsWith("/" + src),
        Fault.ACCESS_DENIED));
    JobRun first = run(concat(move, "--ledger", ledger.toString()));
    assertThat(first.exitCode()).as(first.err()).isEqualTo(1);
    assertThat(f.keys(src)).as("every delete was denied").hasSize(seeded.size());
    proxy.clearRules();
    proxy.resetCounts();

    Path report = tmp.resolve("resumed-move-report");
    JobRun moved = run(concat(move, "--resume", ledger.toString(), "--report", report.toString()));

    assertThat(report(report).values()).extracting(r -> status(r) + ": " + r.getAs("error_message"))
        .allMatch(s -> s.startsWith("MOVED"));
    assertThat(moved.exitCode()).as(moved.err()).isZero();
    assertThat(moved.out()).contains("moved " + seeded.size());
    assertThat(f.keys(src)).isEmpty();
    for (Map.Entry<String, byte[]> e : seeded.entrySet()) {
      assertThat(f.s3.getObjectAsBytes(b -> b.bucket(dst).key(e.getKey())).asByteArray()).isEqualTo(e.getValue());
    }
    assertThat(proxy.count(RequestType.COPY_OBJECT) + proxy.count(RequestType.UPLOAD_PART_COPY))
        .as("nothing copied again").isZero();
  }

  @Test
  void completionMarker_aSourceAtTheMarkerKeyOrANonEmptyObjectThere_refusedBeforeAnyWrite() {
    String src = bucket("src");
    String dst = bucket("dst");
    f.seedTree(src, "m/", 2);
    Seeder.put(f.s3, src, "m/_SUCCESS", new byte[0]);
    Seeder.put(f.s3, dst, "n/_DONE", Seeder.content("user data", 20));

    JobRun fromSource = run("--source", "s3://" + src + "/m/", "--dest", "s3://" + dst + "/m/", "--completion-marker",
        "_SUCCESS");
    JobRun occupied = run("--source", "s3://" + src + "/m/", "--dest", "s3://" + dst + "/n/", "--completion-marker",
        "_DONE", "--exclude", "_SUCCESS");

    assertThat(fromSource.exitCode()).isEqualTo(2);
    assertThat(fromSource.err()).contains("--completion-marker", "maps to the marker's key");
    assertThat(occupied.exitCode()).isEqualTo(2);
    assertThat(occupied.err()).contains("--completion-marker", "not an empty marker");
    assertThat(writeRequests()).isZero();
    assertThat(text(dst, "n/_DONE")).isEqualTo(text(Seeder.content("user data", 20)));
  }

  @Test
  void move_sseS3Source_verifiedByItsETag() {
    assumeTrue(supportsSseS3(), "the server does not apply SSE-S3");
    String src = bucket("src");
    String dst = bucket("dst");
    f.s3.putObject(b -> b.bucket(src).key("e/a").serverSideEncryption(ServerSideEncryption.AES256),
        RequestBody.fromString("encrypted at rest"));
    Path report = tmp.resolve("sse-report");

    JobRun run = run("--source", "s3://" + src + "/e/", "--dest", "s3://" + dst + "/e/", "--move", "--report",
        report.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Row row = report(report).get("s3://" + dst + "/e/a");
    assertThat(status(row)).isEqualTo("MOVED");
    assertThat(row.<String>getAs("error_message")).contains("verified: size and ETag");
  }

  @Test
  void delete_destinationObjectRewrittenAfterTheListing_isKept() {
    String src = bucket("src");
    String dst = bucket("dst");
    Seeder.put(f.s3, src, "l/a", Seeder.content("a", 10));
    Seeder.put(f.s3, dst, "l/orphan", Seeder.content("orphan", 10));
    proxy.onRequest((type, path) -> {
      if (type == RequestType.DELETE_OBJECT && path.equals("/" + dst + "/l/orphan")) {
        Seeder.put(f.s3, dst, "l/orphan", Seeder.content("written just now", 10));
      }
    });

    JobRun run = run("--source", "s3://" + src + "/l/", "--dest", "s3://" + dst + "/l/", "--delete");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(text(dst, "l/orphan")).isEqualTo(text(Seeder.content("written just now", 10)));
  }

  static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
