package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.copy.CheckRows;
import io.lakecopy.job.JobListener;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.Seeder;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code lakecopy check} against a real server: exact report rows and exit codes for identical trees, missing,
 * extra, size and ETag differences, --one-way, key mapping, odd keys, multipart ETags, recorded source ETags, SSE-KMS,
 * --download, --dest-inventory and bad input; and that it sends nothing but listings and HEADs (and, with --download,
 * GETs). Requests are counted at a proxy in front of the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CheckContractIT {
  /** The only requests a check may send (--download adds GETs): it writes and deletes nothing. */
  private static final Set<RequestType> READ_ONLY = Set.of(RequestType.LIST_OBJECTS, RequestType.HEAD_BUCKET,
      RequestType.HEAD_OBJECT);
  /** Just over one 5 MiB part: the smallest object that can be written in two parts. */
  private static final byte[] BIG = Seeder.content("big", 5 * Fixture.MiB + 1);

  Fixture f;
  FaultProxy proxy;
  @TempDir Path tmp;

  abstract Fixture fixture();

  /**
   * Whether the server keeps the additional checksums the test client's uploads send (its SDK sends a CRC32 with
   * every PutObject): S3 and S3Mock do; S3Proxy 4.1 and Ceph RGW 16.2 do not.
   */
  boolean answersChecksums() {
    return false;
  }

  /** A KMS key the server accepts for SSE-KMS objects, or null where it holds none (then that test is skipped). */
  String kmsKeyId() {
    return null;
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
    if (f != null) { // null when the server could not start
      f.close("Compared"); // what every check logs: the log searched for the secret is this JVM's
    }
  }

  @AfterEach
  void reset() {
    proxy.resetCounts();
  }

  /** A check of {@code s3://src/p/} against {@code s3://dst/q/} with a report, plus {@code more} flags. */
  private Checked check(String src, String dst, String... more) {
    Path report = tmp.resolve("report-" + System.nanoTime());
    List<String> args = new ArrayList<>(List.of("check", "--source", "s3://" + src + "/p/", "--destination",
        "s3://" + dst + "/q/", "--report", report.toString()));
    args.addAll(Arrays.asList(more));
    Set<String> before = f.keys(src);
    Set<String> beforeDest = f.keys(dst);
    JobRun run = JobRun.run(f.argsVia(proxy.endpoint().toString(), args.toArray(String[]::new)), JobListener.NONE);
    Set<RequestType> allowed = new java.util.HashSet<>(READ_ONLY);
    if (args.contains("--download")) {
      allowed.add(RequestType.GET_OBJECT);
    }
    assertThat(proxy.counts().keySet()).as("requests of a check: %s", proxy.counts()).isSubsetOf(allowed);
    assertThat(f.keys(src)).as("source keys after a check").isEqualTo(before);
    assertThat(f.keys(dst)).as("destination keys after a check").isEqualTo(beforeDest);
    return new Checked(run, report);
  }

  /** A check's run and its report's rows, each as source|destination|sizes|ETags|result|reason. */
  private record Checked(JobRun run, Path report) {}

  private List<String> rows(Path report) {
    List<String> out = new ArrayList<>();
    for (Row r : f.spark.read().schema(CheckRows.SCHEMA).json(report.toString()).collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        cells.add(r.isNullAt(i) ? "-" : String.valueOf(r.get(i)));
      }
      out.add(String.join("|", cells));
    }
    return out;
  }

  private static String row(String src, String dst, Long srcSize, Long dstSize, String srcETag, String dstETag,
      String result, String reason) {
    return String.join("|", src == null ? "-" : src, dst == null ? "-" : dst, srcSize == null ? "-" : "" + srcSize,
        dstSize == null ? "-" : "" + dstSize, srcETag == null ? "-" : srcETag, dstETag == null ? "-" : dstETag, result,
        reason);
  }

  /** Puts {@code size} bytes seeded by {@code seed} at bucket/key; their MD5 (the ETag of a single PUT). */
  private String put(String bucket, String key, String seed, int size) {
    byte[] data = Seeder.content(seed, size);
    Seeder.put(f.s3, bucket, key, data);
    return Seeder.md5Hex(data);
  }

  /** The same bytes at p/{@code rel} in src and q/{@code rel} in dst; their MD5. */
  private String putBoth(String src, String dst, String rel, String seed, int size) {
    put(dst, "q/" + rel, seed, size);
    return put(src, "p/" + rel, seed, size);
  }

  private static String same(String src, String srcKey, String dst, String dstKey, long size, String eTag) {
    return row("s3://" + src + "/" + srcKey, "s3://" + dst + "/" + dstKey, size, size, eTag, eTag, "same", "");
  }

  private static String missing(String src, String srcKey, String dst, String dstKey, long size, String eTag) {
    return row("s3://" + src + "/" + srcKey, "s3://" + dst + "/" + dstKey, size, null, eTag, null, "missing",
        "not at the destination");
  }

  @Test
  void copyWithVerify_checksWhatItCopied_andAnObjectWrittenDuringTheRunMakesItExit1() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String a = put(src, "p/a.txt", "a", 100);
    String b = put(src, "p/sub/b.txt", "b", 2000);
    Path report = tmp.resolve("copy-report");

    JobRun run = JobRun.run(f.argsVia(f.server.endpoint().toString(), "--source", "s3://" + src + "/p/", "--dest",
        "s3://" + dst + "/q/", "--verify", "--report", report.toString()), JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("lakecopy verify summary").containsPattern("same +2");
    assertThat(rows(report.resolve("_verify"))).containsExactlyInAnyOrder(
        same(src, "p/a.txt", dst, "q/a.txt", 100, a), same(src, "p/sub/b.txt", dst, "q/sub/b.txt", 2000, b));

    // --delete: the check looks for extra objects too; one another writer puts under --dest after the listing
    // is neither deleted by the run nor missed by the check
    Path again = tmp.resolve("copy-report-2");
    JobRun mirrored = JobRun.run(f.argsVia(f.server.endpoint().toString(), "--source", "s3://" + src + "/p/",
        "--dest", "s3://" + dst + "/q/", "--delete", "--verify", "--report", again.toString()), new JobListener() {
          @Override
          public void beforeCopy(int wave) {
            put(dst, "q/late.txt", "late", 10);
          }
        });

    assertThat(mirrored.exitCode()).as(mirrored.out()).isEqualTo(1);
    assertThat(f.keys(dst)).contains("q/late.txt");
    assertThat(rows(again.resolve("_verify"))).contains(row(null, "s3://" + dst + "/q/late.txt", null, 10L, null,
        Seeder.md5Hex(Seeder.content("late", 10)), "extra", "no source maps to this key"));
  }

  @Test
  void check_identicalTrees_exit0AllSame() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String rel = "dt=2026-11-0" + i + "/part-" + i + ".json";
      String eTag = putBoth(src, dst, rel, rel, 100 * i);
      expected.add(same(src, "p/" + rel, dst, "q/" + rel, 100 * i, eTag));
    }
    put(dst, "elsewhere/not-under-q.txt", "x", 5); // outside --dest: not compared

    Checked c = check(src, dst);

    assertThat(c.run().exitCode()).as(c.run().err()).isZero();
    assertThat(rows(c.report())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(c.run().out()).contains("keys       5", "same       5", "missing    0", "differ     0", "extra      0");
    assertThat(Files.readString(c.report().resolve("_summary.json"))).contains("\"status\" : \"MATCHED\"",
        "\"exit_code\" : 0", "\"same\" : 5");
    assertThat(c.report().resolve("_SUCCESS")).exists();
    f.assertNoSecretIn(c.run(), c.report());
  }

  @Test
  void check_missingExtraSizeAndETag_exit1WithExactRows() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String a = putBoth(src, dst, "a.txt", "a", 10);
    String b = put(src, "p/b.txt", "b", 20);
    String c1 = put(src, "p/sub/c.txt", "c", 30);
    String c2 = put(dst, "q/sub/c.txt", "c", 31);
    String d1 = put(src, "p/d.txt", "d", 40);
    String d2 = put(dst, "q/d.txt", "other d", 40);
    String e = put(dst, "q/e.txt", "e", 50);
    assertThat(d2).isNotEqualTo(d1);

    Checked c = check(src, dst);

    assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(1);
    assertThat(rows(c.report())).containsExactlyInAnyOrder(
        same(src, "p/a.txt", dst, "q/a.txt", 10, a),
        missing(src, "p/b.txt", dst, "q/b.txt", 20, b),
        row("s3://" + src + "/p/sub/c.txt", "s3://" + dst + "/q/sub/c.txt", 30L, 31L, c1, c2, "differ",
            "size differs"),
        row("s3://" + src + "/p/d.txt", "s3://" + dst + "/q/d.txt", 40L, 40L, d1, d2, "differ", "ETag differs"),
        row(null, "s3://" + dst + "/q/e.txt", null, 50L, null, e, "extra", "no source maps to this key"));
    assertThat(c.run().out()).contains("keys       5", "same       1", "differ     2", "missing    1", "extra      1");
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).as("HEADs of both sides of the differing ETag only").isEqualTo(2);
    assertThat(Files.readString(c.report().resolve("_summary.json"))).contains("\"status\" : \"MISMATCHED\"",
        "\"exit_code\" : 1");
    assertThat(c.report().resolve("_SUCCESS")).doesNotExist();
  }

  @Test
  void check_oneWay_reportsNoExtraAndExtraAloneIsExit0() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String a = putBoth(src, dst, "a.txt", "a", 10);
    put(dst, "q/only-here.txt", "extra", 7);

    Checked oneWay = check(src, dst, "--one-way");
    Checked both = check(src, dst);

    assertThat(oneWay.run().exitCode()).as(oneWay.run().err()).isZero();
    assertThat(rows(oneWay.report())).containsExactly(same(src, "p/a.txt", dst, "q/a.txt", 10, a));
    assertThat(oneWay.run().out()).contains("extra      0 (not looked for)");
    assertThat(both.run().exitCode()).isEqualTo(1);
    assertThat(rows(both.report())).hasSize(2).anyMatch(r -> r.endsWith("|extra|no source maps to this key"));
  }

  /** p/dt=2026-11-01/a.json, and its copy at the key 'dt=(..)' -> 'date=$1' maps it to; their ETag. */
  private String putMapped(String src, String dst) {
    put(dst, "q/date=2026-11-01/a.json", "a", 10);
    return put(src, "p/dt=2026-11-01/a.json", "a", 10);
  }

  @Test
  void check_filters_extrasInScopeOfTheFiltersOnly() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String a = putBoth(src, dst, "a.json", "a", 10);
    put(src, "p/skip.tmp", "tmp", 12);
    put(dst, "q/skip.tmp", "tmp", 13); // the copy of an excluded source: not compared, not extra
    put(dst, "q/other.tmp", "other", 5); // excluded by the filter: not extra
    String extra = put(dst, "q/new.json", "new", 6);

    Checked c = check(src, dst, "--exclude", "*.tmp");

    assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(1);
    assertThat(rows(c.report())).containsExactlyInAnyOrder(same(src, "p/a.json", dst, "q/a.json", 10, a),
        row(null, "s3://" + dst + "/q/new.json", null, 6L, null, extra, "extra", "no source maps to this key"));
  }

  @Test
  void check_manifest_comparesTheListedObjectsOnly() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String a = putBoth(src, dst, "a.txt", "a", 10);
    String b1 = put(src, "p/b c.txt", "b", 20);
    String b2 = put(dst, "q/b c.txt", "b", 21);
    put(src, "p/not-listed.txt", "n", 5);
    put(dst, "q/z.txt", "z", 5); // not extra: the manifest names what to compare
    Path manifest = tmp.resolve("manifest-" + System.nanoTime() + ".txt");
    Files.writeString(manifest, "a.txt\ns3://" + src + "/p/b c.txt\na.txt\n");

    Checked c = check(src, dst, "--manifest", manifest.toString());

    assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(1);
    assertThat(rows(c.report())).containsExactlyInAnyOrder(same(src, "p/a.txt", dst, "q/a.txt", 10, a),
        row("s3://" + src + "/p/b c.txt", "s3://" + dst + "/q/b c.txt", 20L, 21L, b1, b2, "differ", "size differs"));
    assertThat(c.run().out()).contains("keys       2", "extra      0 (not looked for)");
  }

  @Test
  void check_keyMappingAndFilters_compareMappedKeys() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String a = putMapped(src, dst);
    String b = put(src, "p/dt=2026-11-02/b.json", "b", 11);
    String tmpFile = put(src, "p/dt=2026-11-02/skip.tmp", "tmp", 12); // excluded: neither compared nor missing
    put(dst, "q/dt=2026-11-01/a.json", "a", 10); // not looked for: --one-way

    Checked mapped = check(src, dst, "--dest-key-regex", "dt=([^/]+)", "--dest-key-replacement", "date=$1",
        "--exclude", "*.tmp", "--one-way");
    Checked flat = check(src, dst, "--flatten", "--one-way");

    assertThat(mapped.run().exitCode()).as(mapped.run().err()).isEqualTo(1);
    assertThat(rows(mapped.report())).containsExactlyInAnyOrder(
        same(src, "p/dt=2026-11-01/a.json", dst, "q/date=2026-11-01/a.json", 10, a),
        missing(src, "p/dt=2026-11-02/b.json", dst, "q/date=2026-11-02/b.json", 11, b));
    assertThat(flat.run().exitCode()).as(flat.run().err()).isEqualTo(1);
    assertThat(rows(flat.report())).containsExactlyInAnyOrder(
        missing(src, "p/dt=2026-11-01/a.json", dst, "q/a.json", 10, a),
        missing(src, "p/dt=2026-11-02/b.json", dst, "q/b.json", 11, b),
        missing(src, "p/dt=2026-11-02/skip.tmp", dst, "q/skip.tmp", 12, tmpFile));
  }

  @Test
  void check_rewrittenKeysWithKeyFilter_withoutOneWay_exit2NothingWritten() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    put(src, "p/dt=2026-11-01/a.json", "a", 10);

    Checked c = check(src, dst, "--dest-key-regex", "dt=([^/]+)", "--dest-key-replacement", "date=$1",
        "--exclude", "*.tmp");

    assertThat(c.run().exitCode()).as("extras are unknown under a rewritten mapping with a key filter").isEqualTo(2);
    assertThat(c.run().err()).startsWith("lakecopy check: ").contains("--dest-key-regex", "--one-way");
    assertThat(c.report()).doesNotExist();
  }

  @Test
  void check_keyMapping_withoutKeyFilter_findsExtraAtUnmappedKey() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String a = putMapped(src, dst);
    String old = put(dst, "q/dt=2026-11-01/a.json", "a", 10);

    Checked c = check(src, dst, "--dest-key-regex", "dt=([^/]+)", "--dest-key-replacement", "date=$1");

    assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(1);
    assertThat(rows(c.report())).containsExactlyInAnyOrder(
        same(src, "p/dt=2026-11-01/a.json", dst, "q/date=2026-11-01/a.json", 10, a),
        row(null, "s3://" + dst + "/q/dt=2026-11-01/a.json", null, 10L, null, old, "extra",
            "no source maps to this key"));
  }

  @Test
  void check_oddKeys_sameAndMissingByExactKey() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    List<String> keys = new ArrayList<>(Seeder.oddKeys());
    keys.add("odd/space and + plus/é 漢字.json");
    List<String> expected = new ArrayList<>();
    for (String key : keys) {
      String eTag = putBoth(src, dst, key, key, 9);
      expected.add(same(src, "p/" + key, dst, "q/" + key, 9, eTag));
    }
    String absent = put(src, "p/odd/a b+c.txt", "missing", 4);
    // a key that differs from a source key only by '+' for ' ' is another key: extra, not the source's copy
    String extra = put(dst, "q/odd/a+b+c.txt", "missing", 4);
    expected.add(missing(src, "p/odd/a b+c.txt", dst, "q/odd/a b+c.txt", 4, absent));
    expected.add(row(null, "s3://" + dst + "/q/odd/a+b+c.txt", null, 4L, null, extra, "extra",
        "no source maps to this key"));

    Checked c = check(src, dst, "--report-format", "json");

    assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(1);
    assertThat(rows(c.report())).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** {@code data} written at bucket/key as a 2-part upload (5 MiB + the rest) with this user metadata; its ETag. */
  private String putInParts(String bucket, String key, byte[] data, Map<String, String> metadata) {
    int first = 5 * Fixture.MiB;
    String id = f.s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata)).uploadId();
    String p1 = f.s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(1),
        RequestBody.fromBytes(Arrays.copyOfRange(data, 0, first))).eTag();
    String p2 = f.s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(2),
        RequestBody.fromBytes(Arrays.copyOfRange(data, first, data.length))).eTag();
    f.s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)
        .multipartUpload(m -> m.parts(x -> x.partNumber(1).eTag(p1), x -> x.partNumber(2).eTag(p2))));
    // as the object holds it: Ceph RGW 16.2 answers Complete with an empty ETag
    String eTag = f.s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
    assertThat(eTag).endsWith("-2\"");
    return eTag.replace("\"", "");
  }

  /** {@link #BIG} at p/big.bin in src in two parts and at q/big.bin in dst in one request; the source's ETag. */
  private String putBig(String src, String dst) {
    Seeder.put(f.s3, dst, "q/big.bin", BIG);
    return putInParts(src, "p/big.bin", BIG, Map.of());
  }

  @Test
  void check_incomparableETags_unverifiedUnlessARecordedSourceETagSettlesThem() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    long size = BIG.length;
    String bigSource = putBig(src, dst);
    // copies in parts of single-part sources, as an --if-exists update run writes them: the source ETag recorded
    byte[] one = Seeder.content("one", (int) size);
    Seeder.put(f.s3, src, "p/one.bin", one);
    String oneCopy = putInParts(dst, "q/one.bin", one, Map.of("lakecopy-source-etag", Seeder.md5Hex(one)));
    byte[] two = Seeder.content("two", (int) size);
    Seeder.put(f.s3, src, "p/two.bin", two);
    String twoCopy = putInParts(dst, "q/two.bin", two, Map.of("lakecopy-source-etag", "0".repeat(32)));

    Checked c = check(src, dst);

    assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(1);
    assertThat(rows(c.report())).containsExactlyInAnyOrder(
        row("s3://" + src + "/p/big.bin", "s3://" + dst + "/q/big.bin", size, size, bigSource, Seeder.md5Hex(BIG),
            "unverified", "same size, ETags not comparable: one written in one request, one in parts"),
        row("s3://" + src + "/p/one.bin", "s3://" + dst + "/q/one.bin", size, size, Seeder.md5Hex(one), oneCopy,
            "same", "recorded source ETag (lakecopy-source-etag) matches"),
        row("s3://" + src + "/p/two.bin", "s3://" + dst + "/q/two.bin", size, size, Seeder.md5Hex(two), twoCopy,
            "differ", "recorded source ETag (lakecopy-source-etag) differs"));
    assertThat(c.run().out()).contains("same       1", "differ     1", "unverified 1");
    // one HEAD per key of incomparable ETags; where the store keeps checksums, big.bin's destination (written in one
    // request) shows one, so its source (written in parts, without one) is HEADed for its own
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).as("HEADs").isEqualTo(answersChecksums() ? 4 : 3);
    f.assertNoUploads(src);
    f.assertNoUploads(dst);
  }

  @Test
  void check_incomparableETags_settledByFullObjectChecksumsWhereBothSidesHaveThem() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    long size = BIG.length;
    Seeder.put(f.s3, src, "p/big.bin", BIG);
    f.putInParts(dst, "q/big.bin", BIG, 5 * Fixture.MiB, answersChecksums());
    String copy = f.s3.headObject(b -> b.bucket(dst).key("q/big.bin")).eTag().replace("\"", "");

    Checked c = check(src, dst);

    String crc = Fixture.crc32(BIG);
    assertThat(rows(c.report())).containsExactly(row("s3://" + src + "/p/big.bin", "s3://" + dst + "/q/big.bin", size,
        size, Seeder.md5Hex(BIG), copy, answersChecksums() ? "same" : "unverified", answersChecksums()
            ? "full-object checksums equal (CRC32)"
            : "same size, ETags not comparable: one written in one request, one in parts"));
    assertThat(c.run().exitCode()).as(c.run().err()).isZero();
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).as("the destination, then the source where the destination"
        + " showed a checksum (%s)", crc).isEqualTo(answersChecksums() ? 2 : 1);
  }

  @Test
  void check_differingETagOfAnSseKmsCopy_unverifiedNotDiffer() {
    String kmsKey = kmsKeyId();
    org.junit.jupiter.api.Assumptions.assumeTrue(kmsKey != null, "no KMS key is known for this server");
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String plain = put(src, "p/k.bin", "k", 64);
    byte[] other = Seeder.content("not k", 64);
    // an SSE-KMS object's ETag is no MD5 on S3; this server keeps the header, so its ETag stands for one that is not
    String kms = f.s3.putObject(b -> b.bucket(dst).key("q/k.bin").serverSideEncryption("aws:kms").ssekmsKeyId(kmsKey),
        RequestBody.fromBytes(other)).eTag().replace("\"", "");
    assertThat(kms).isNotEqualTo(plain);

    Checked c = check(src, dst);

    if (answersChecksums()) {
      // the ETags cannot tell, but both objects' CRC32 (of their bytes, whatever the encryption) can
      assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(1);
      assertThat(rows(c.report())).containsExactly(row("s3://" + src + "/p/k.bin", "s3://" + dst + "/q/k.bin", 64L,
          64L, plain, kms, "differ", "full-object checksums differ (CRC32 " + Fixture.crc32(Seeder.content("k", 64))
              + " at the source, " + Fixture.crc32(other) + " at the destination)"));
    } else {
      assertThat(c.run().exitCode()).as(c.run().err()).isZero();
      assertThat(rows(c.report())).containsExactly(row("s3://" + src + "/p/k.bin", "s3://" + dst + "/q/k.bin", 64L,
          64L, plain, kms, "unverified", "same size, ETags not comparable: SSE-KMS or SSE-C at the destination"));
    }
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).as("a HEAD of each side").isEqualTo(2);
  }

  @Test
  void check_download_comparesBytesWhateverTheETagsSay() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    long size = BIG.length;
    String bigSource = putBig(src, dst);
    String a = putBoth(src, dst, "a.txt", "a", 10);
    String d1 = put(src, "p/d.txt", "d", 40);
    String d2 = put(dst, "q/d.txt", "other d", 40);
    String c1 = put(src, "p/c.txt", "c", 30);
    String c2 = put(dst, "q/c.txt", "c", 31);

    Checked c = check(src, dst, "--download");

    assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(1);
    assertThat(rows(c.report())).containsExactlyInAnyOrder(
        row("s3://" + src + "/p/big.bin", "s3://" + dst + "/q/big.bin", size, size, bigSource, Seeder.md5Hex(BIG),
            "same", "same bytes (downloaded)"),
        row("s3://" + src + "/p/a.txt", "s3://" + dst + "/q/a.txt", 10L, 10L, a, a, "same", "same bytes (downloaded)"),
        row("s3://" + src + "/p/d.txt", "s3://" + dst + "/q/d.txt", 40L, 40L, d1, d2, "differ",
            "content differs (downloaded)"),
        row("s3://" + src + "/p/c.txt", "s3://" + dst + "/q/c.txt", 30L, 31L, c1, c2, "differ", "size differs"));
    assertThat(proxy.count(RequestType.GET_OBJECT)).as("a GET of each side of each key of one size").isEqualTo(6);
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).as("the bytes decide: no HEAD").isZero();
  }

  @Test
  void check_unverifiedOnly_exit0() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    putBig(src, dst);

    Checked c = check(src, dst);

    assertThat(c.run().exitCode()).as(c.run().err()).isZero();
    assertThat(rows(c.report())).hasSize(1).allMatch(r -> r.endsWith("|unverified|same size, ETags not comparable:"
        + " one written in one request, one in parts"));
  }

  @Test
  void check_ledger_keepsTheWorkingDirectoryAndIsNotReused() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String a = putBoth(src, dst, "a.txt", "a", 10);
    Path ledger = tmp.resolve("check-ledger-" + System.nanoTime());

    Checked first = check(src, dst, "--ledger", ledger.toString());
    Checked again = check(src, dst, "--ledger", ledger.toString());

    assertThat(first.run().exitCode()).as(first.run().err()).isZero();
    assertThat(rows(first.report())).containsExactly(same(src, "p/a.txt", dst, "q/a.txt", 10, a));
    assertThat(ledger.resolve("meta.properties")).exists();
    assertThat(ledger.resolve("check")).isDirectory();
    assertThat(again.run().exitCode()).isEqualTo(2);
    assertThat(again.run().err()).contains("--ledger");
    assertThat(again.report()).doesNotExist();
  }

  @Test
  void check_badFlag_exit2AndNothingWritten() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    put(src, "p/a.txt", "a", 10);

    Checked unknown = check(src, dst, "--colour", "blue");
    Checked badValue = check(src, dst, "--list-page-size", "0");

    assertThat(unknown.run().exitCode()).isEqualTo(2);
    assertThat(unknown.run().err()).contains("--colour");
    assertThat(unknown.report()).doesNotExist();
    assertThat(badValue.run().exitCode()).isEqualTo(2);
    assertThat(badValue.run().err()).contains("--list-page-size");
    assertThat(badValue.report()).doesNotExist();
    assertThat(proxy.total()).as("requests of checks with bad input").isZero();
  }

  @Test
  void check_missingDestinationBucket_exit2NamingFlag() {
    String src = f.bucket("src");
    put(src, "p/a.txt", "a", 10);
    Path report = tmp.resolve("no-bucket");

    JobRun run = JobRun.run(f.argsVia(proxy.endpoint().toString(), "check", "--source", "s3://" + src + "/p/",
        "--dest", "s3://no-such-bucket-" + System.nanoTime() + "/q/", "--report", report.toString()), JobListener.NONE);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--dest");
    assertThat(report).doesNotExist();
    assertThat(Map.copyOf(proxy.counts()).keySet()).isSubsetOf(READ_ONLY);
  }

  // ---------------------------------------------------------------- --dest-inventory

  /** The current objects under q/ of {@code dst} as S3 Inventory rows (ETags unquoted, as S3 writes them). */
  private List<Row> inventoryOf(String dst) {
    List<Row> rows = new ArrayList<>();
    for (var o : f.s3.listObjectsV2Paginator(b -> b.bucket(dst).prefix("q/")).contents()) {
      rows.add(RowFactory.create(dst, o.key(), o.size(), Timestamp.from(o.lastModified()), o.eTag().replace("\"", ""),
          true, false, "STANDARD"));
    }
    return rows;
  }

  /** A row of {@link ManifestInputContractIT#INVENTORY} for bucket/key. */
  private static Row inventoryRow(String bucket, String key, Long size, String eTag, boolean latest,
      boolean deleteMarker) {
    return RowFactory.create(bucket, key, size, Timestamp.from(Instant.parse("2026-11-27T00:00:00Z")), eTag, latest,
        deleteMarker, "STANDARD");
  }

  /**
   * {@code rows} as a local copy of an S3 Inventory report of {@code sourceBucket} in {@code format} (parquet or csv,
   * CSV keys URL-encoded and gzipped as S3 writes them), its manifest.json taken at 2026-11-27T00:00:00Z.
   */
  private Path inventory(String sourceBucket, String format, StructType schema, List<Row> rows) throws IOException {
    Path bucket = tmp.resolve("inv-" + System.nanoTime()).resolve("inv-bucket");
    String prefix = "inventory/" + sourceBucket + "/all/";
    Path data = bucket.resolve(prefix + "data");
    List<String> files;
    String fileSchema = "";
    if (format.equals("csv")) {
      Files.createDirectories(data);
      StringBuilder csv = new StringBuilder();
      for (Row r : rows) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
          String cell = r.isNullAt(i) ? "" : r.get(i) instanceof Timestamp t ? t.toInstant().toString() : "" + r.get(i);
          cells.add("\"" + (i == 1 ? URLEncoder.encode(cell, StandardCharsets.UTF_8) : cell) + "\"");
        }
        csv.append(String.join(",", cells)).append('\n');
      }
      try (var out = new GZIPOutputStream(Files.newOutputStream(data.resolve("part-1.csv.gz")))) {
        out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
      }
      files = List.of(prefix + "data/part-1.csv.gz");
      fileSchema = "Bucket, Key, Size, LastModifiedDate, ETag, IsLatest, IsDeleteMarker, StorageClass";
    } else {
      f.spark.createDataFrame(rows, schema).coalesce(1).write().parquet(data.toString());
      try (var list = Files.list(data)) {
        files = list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).sorted()
            .map(n -> prefix + "data/" + n).toList();
      }
    }
    Path manifest = Files.createDirectories(bucket.resolve(prefix + "2026-11-27T00-00Z")).resolve("manifest.json");
    Files.writeString(manifest, Fixture.inventoryManifest(sourceBucket, "inv-bucket", format.equals("csv") ? "CSV"
        : "Parquet", fileSchema, files).replaceFirst("\\{", "{\"creationTimestamp\": \"1795737600000\", "));
    return manifest;
  }

  private long lists(Runnable check) {
    proxy.resetCounts();
    check.run();
    return proxy.count(RequestType.LIST_OBJECTS);
  }

  @Test
  void check_destInventoryParquet_findsWhatTheListingFinds_asOfTheInventory() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    putBoth(src, dst, "a.txt", "a", 10);
    put(src, "p/b.txt", "b", 20);
    put(src, "p/sub/c.txt", "c", 30);
    put(dst, "q/sub/c.txt", "c", 31);
    put(src, "p/d.txt", "d", 40);
    put(dst, "q/d.txt", "other d", 40);
    put(dst, "q/e.txt", "e", 50);
    String late = put(src, "p/late.txt", "late", 12);
    String gone = put(dst, "q/gone.txt", "gone", 13);
    put(dst, "elsewhere/not-under-q.txt", "x", 5);
    Checked[] listed = new Checked[1];
    long listingLists = lists(() -> listed[0] = check(src, dst));
    List<Row> rows = inventoryOf(dst);
    rows.add(inventoryRow(dst, "elsewhere/not-under-q.txt", 5L, "0".repeat(32), true, false));
    rows.add(inventoryRow(dst, "q/b.txt", null, null, true, true)); // a delete marker: no object
    rows.add(inventoryRow(dst, "q/b.txt", 20L, Seeder.md5Hex(Seeder.content("b", 20)), false, false)); // not current
    Path manifest = inventory(dst, "parquet", ManifestInputContractIT.INVENTORY, rows);
    // after the inventory was taken: the late object is copied, the gone one deleted; the inventory does not see it
    put(dst, "q/late.txt", "late", 12);
    f.s3.deleteObject(b -> b.bucket(dst).key("q/gone.txt"));

    Checked[] inv = new Checked[1];
    long inventoryLists = lists(() -> inv[0] = check(src, dst, "--dest-inventory", manifest.toString()));

    Checked c = inv[0];
    assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(1);
    assertThat(rows(c.report())).as("as the listing before the late writes").containsExactlyInAnyOrderElementsOf(
        rows(listed[0].report())).contains(missing(src, "p/late.txt", dst, "q/late.txt", 12, late),
        row(null, "s3://" + dst + "/q/gone.txt", null, 13L, null, gone, "extra", "no source maps to this key"),
        missing(src, "p/b.txt", dst, "q/b.txt", 20, Seeder.md5Hex(Seeder.content("b", 20))));
    assertThat(rows(c.report())).hasSize(7);
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).as("HEADs of both sides of the differing ETag only").isEqualTo(2);
    assertThat(inventoryLists).as("only the source is listed").isPositive().isLessThan(listingLists);
    assertThat(c.run().out()).contains("dest side  inventory " + manifest + " (as of 2026-11-27T00:00:00Z)");
    assertThat(Files.readString(c.report().resolve("_summary.json"))).contains("\"destination_side\" : \"inventory\"",
        "\"destination_inventory\" : \"" + manifest + "\"",
        "\"destination_inventory_created\" : \"2026-11-27T00:00:00Z\"");
    assertThat(Files.readString(listed[0].report().resolve("_summary.json")))
        .contains("\"destination_side\" : \"listing\"");
    f.assertNoSecretIn(c.run(), c.report());
  }

  @Test
  void check_destInventoryCsv_urlEncodedOddKeys_andRowsWithoutSizeOrETagNeverSame() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    List<String> keys = new ArrayList<>(Seeder.oddKeys());
    keys.add("a b+c/\u00fc.txt");
    for (String key : keys) {
      putBoth(src, dst, key, key, 9);
    }
    put(src, "p/odd/a b+c.txt", "missing", 4);
    put(dst, "q/odd/a+b+c.txt", "missing", 4); // another key than the source's: extra
    String noSize = putBoth(src, dst, "no-size.txt", "no-size", 8);
    String noETag = putBoth(src, dst, "no-etag.txt", "no-etag", 8);
    Checked listed = check(src, dst);
    List<Row> rows = new ArrayList<>();
    for (Row r : inventoryOf(dst)) {
      String key = r.getString(1);
      rows.add(key.endsWith("no-size.txt") ? inventoryRow(dst, key, null, noSize, true, false)
          : key.endsWith("no-etag.txt") ? inventoryRow(dst, key, 8L, null, true, false) : r);
    }
    rows.add(inventoryRow(dst, "q/no-size-extra.txt", null, "1".repeat(32), true, false));
    Path manifest = inventory(dst, "csv", ManifestInputContractIT.INVENTORY, rows);

    Checked c = check(src, dst, "--dest-inventory", manifest.toString());

    assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(1);
    List<String> expected = new ArrayList<>(rows(listed.report()).stream()
        .filter(r -> !r.contains("/no-size.txt|") && !r.contains("/no-etag.txt|")).toList());
    expected.add(row("s3://" + src + "/p/no-size.txt", "s3://" + dst + "/q/no-size.txt", 8L, null, noSize, noSize,
        "unverified", "size not known: the destination inventory gives none"));
    // as for a listing without an ETag: unverified, unless the HEADs the check sends for it settle it by checksums
    expected.add(row("s3://" + src + "/p/no-etag.txt", "s3://" + dst + "/q/no-etag.txt", 8L, 8L, noETag, null,
        answersChecksums() ? "same" : "unverified", answersChecksums() ? "full-object checksums equal (CRC32)"
            : "same size, ETags not comparable: no ETag at the destination"));
    expected.add(row(null, "s3://" + dst + "/q/no-size-extra.txt", null, null, null, "1".repeat(32), "extra",
        "no source maps to this key"));
    assertThat(rows(c.report())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(rows(c.report())).contains(same(src, "p/a b+c/\u00fc.txt", dst, "q/a b+c/\u00fc.txt", 9,
        Seeder.md5Hex(Seeder.content("a b+c/\u00fc.txt", 9))));
  }

  @Test
  void check_destInventoryOfAnotherBucketOrUnreadable_exit2NamingTheFlagBeforeAnyRequest() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    putBoth(src, dst, "a.txt", "a", 10);
    Path ofSource = inventory(src, "parquet", ManifestInputContractIT.INVENTORY, List.of(inventoryRow(src, "p/a.txt",
        10L, Seeder.md5Hex(Seeder.content("a", 10)), true, false)));
    Path notJson = Files.writeString(tmp.resolve("not-json-" + System.nanoTime() + ".json"), "bucket,key\n");
    Path notInventory = Files.writeString(tmp.resolve("no-bucket-" + System.nanoTime() + ".json"),
        "{\"fileFormat\": \"CSV\", \"files\": []}");

    Map<Path, String> errors = Map.of(ofSource, "an inventory of bucket '" + src + "' (its sourceBucket), not of"
        + " --dest's bucket '" + dst + "'", notJson, "not a JSON inventory manifest", notInventory,
        "inventory manifest has no 'sourceBucket'", tmp.resolve("absent/manifest.json"), "file not found");
    errors.forEach((manifest, error) -> {
      Checked c = check(src, dst, "--dest-inventory", manifest.toString());

      assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(2);
      assertThat(c.run().err()).contains("--dest-inventory " + manifest + ": " + error);
      assertThat(c.report()).doesNotExist();
    });
    assertThat(proxy.total()).as("requests of checks with a bad --dest-inventory").isZero();
  }

  @Test
  void check_destInventoryWithoutSizeAndETagColumns_exit2SaysTheCheckNeedsThem() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    putBoth(src, dst, "a.txt", "a", 10);
    StructType keysOnly = new StructType().add("bucket", "string").add("key", "string")
        .add("is_latest", "boolean").add("is_delete_marker", "boolean");
    Path manifest = inventory(dst, "parquet", keysOnly, List.of(RowFactory.create(dst, "q/a.txt", true, false)));

    Checked c = check(src, dst, "--dest-inventory", manifest.toString());

    assertThat(c.run().exitCode()).as(c.run().err()).isEqualTo(2);
    assertThat(c.run().err()).contains("--dest-inventory " + manifest + ": the inventory has no size or no e_tag column",
        "needs both");
    assertThat(c.report()).doesNotExist();
    assertThat(proxy.count(RequestType.LIST_OBJECTS)).as("nothing listed").isZero();
  }
}
