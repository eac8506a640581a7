package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.job.JobListener;
import io.lakecopy.testing.Fault;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.FaultRule;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Streamed copies between two services: S3Proxy and S3Mock, each with its own credentials (a profile per side, so
 * neither client could read the other side), in both directions. Neither server can read the other's buckets, so
 * every byte that arrives was streamed by the job. S3Proxy has no tagging API, so these runs go with --no-tags.
 */
class StreamedCopyIT {
  private static final String PROXY_ACCESS = "streamed-proxy-access";
  private static final String PROXY_SECRET = "streamed-proxy-FAKE-secret-41d2";
  /** S3Mock checks no signature; its profile has keys of its own all the same, never the proxy's. */
  private static final String MOCK_ACCESS = "streamed-mock-access";
  private static final String MOCK_SECRET = "streamed-mock-FAKE-secret-9e07";
  private static final int MiB = 1024 * 1024;
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  /** One side of a copy: its server, a client with its credentials, the profile the job reads them from. */
  record Side(io.lakecopy.testing.S3Service server, S3Client s3, String profile, String secret) {
    String bucket(String role) {
      String name = role + "-" + server.name() + "-" + BUCKETS.incrementAndGet();
      Seeder.createBucket(s3, name);
      return name;
    }

    Set<String> keys(String bucket) {
      Set<String> keys = new TreeSet<>();
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
        keys.add(o.key());
      }
      return keys;
    }

    void assertNoUploads(String bucket) {
      assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("uploads left in %s", bucket).isEmpty();
    }
  }

  private static Side proxy;
  private static Side mock;
  private static String credentialsFileBefore;
  private static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start(@TempDir Path home) throws IOException {
    S3TestServer p = S3TestServer.start(S3TestServer.Kind.S3PROXY,
        Map.of("s3proxy.identity", PROXY_ACCESS, "s3proxy.credential", PROXY_SECRET));
    proxy = new Side(p, client(p, PROXY_ACCESS, PROXY_SECRET), "streamed-proxy", PROXY_SECRET);
    S3TestServer m = S3TestServer.start(S3TestServer.Kind.S3MOCK);
    mock = new Side(m, client(m, MOCK_ACCESS, MOCK_SECRET), "streamed-mock", MOCK_SECRET);
    Path credentials = Files.writeString(home.resolve("credentials"), String.join("\n",
        "[" + proxy.profile() + "]", "aws_access_key_id = " + PROXY_ACCESS, "aws_secret_access_key = " + PROXY_SECRET,
        "[" + mock.profile() + "]", "aws_access_key_id = " + MOCK_ACCESS, "aws_secret_access_key = " + MOCK_SECRET,
        ""));
    credentialsFileBefore = System.getProperty("aws.sharedCredentialsFile");
    System.setProperty("aws.sharedCredentialsFile", credentials.toString());
    spark = Fixture.session();
  }

  @AfterAll
  static void stop() {
    restoreCredentialsFile(credentialsFileBefore);
    for (Side s : new Side[] {proxy, mock}) {
      if (s != null) {
        s.s3().close();
        s.server().close();
      }
    }
  }

  /** Puts back the shared credentials file this JVM had before a class set its own ({@code null}: none). */
  static void restoreCredentialsFile(String before) {
    if (before == null) {
      System.clearProperty("aws.sharedCredentialsFile");
    } else {
      System.setProperty("aws.sharedCredentialsFile", before);
    }
  }

  static S3Client client(io.lakecopy.testing.S3Service server, String access, String secret) {
    return S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(S3TestServer.REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(16)).build();
  }

  @Test
  void proxyToMock_smallEmptyMultipartAndOddKeys_streamedByteForByteWithHeaders() throws IOException {
    copiesEverything(proxy, mock, tmp.resolve("report"));
  }

  /** With two requests in flight per task the three parts are spread over tasks: the driver owns the upload. */
  @Test
  void mockToProxy_smallEmptyMultipartAndOddKeys_streamedByteForByteWithHeaders() throws IOException {
    copiesEverything(mock, proxy, tmp.resolve("report"), "--max-concurrency", "2");
  }

  /** Streams {@link #seed}'s objects from one side to the other and compares every byte and header. */
  static void copiesEverything(Side from, Side to, Path report, String... more) throws IOException {
    String src = from.bucket("src");
    String dst = to.bucket("dst");
    Map<String, byte[]> seeded = seed(from, src);

    List<String> args = args(from, src, to, dst, "--report", report.toString());
    args.addAll(List.of(more));
    JobRun run = JobRun.run(args, JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(to.keys(dst)).containsExactlyInAnyOrderElementsOf(seeded.keySet().stream().map(k -> "copy/"
        + k.substring("in/".length())).toList());
    for (Map.Entry<String, byte[]> e : seeded.entrySet()) {
      assertSame(from, src, e.getKey(), to, dst, "copy/" + e.getKey().substring("in/".length()), e.getValue());
    }
    Map<String, Row> rows = report(report);
    assertThat(rows).hasSize(seeded.size());
    assertThat(rows.values()).allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("COPIED"));
    String big = "s3://" + dst + "/copy/big/object.bin";
    assertThat(rows.get(big).<String>getAs("method")).isEqualTo("STREAM_MULTIPART");
    assertThat(rows.get(big).<Long>getAs("parts")).isEqualTo(3L);
    assertThat(rows.entrySet().stream().filter(r -> !r.getKey().equals(big))
        .map(r -> r.getValue().<String>getAs("method")).distinct().toList()).containsExactly("STREAM");
    String eTag = to.s3().headObject(b -> b.bucket(dst).key("copy/big/object.bin")).eTag();
    assertThat(eTag).as("the completed upload's ETag").matches("\"?[0-9a-f]{32}-3\"?");
    to.assertNoUploads(dst);
    assertThat(run.out() + run.err()).doesNotContain(from.secret()).doesNotContain(to.secret());
  }

  /**
   * --bwlimit 4MiB over the tests' two task slots: the task reads its 4 MiB object (twice over plain HTTP: the SDK
   * signs the body's SHA-256 before sending it) at 2 MiB/s, with one second of burst, so the copy takes at least 1 s
   * (3 s with the second read) where it takes milliseconds unlimited: a lower bound, which a slow machine cannot break.
   */
  @Test
  void bwlimit_holdsTheStreamedReadsToTheRate_andTheCopyIsExact() throws IOException {
    String src = proxy.bucket("src");
    String dst = mock.bucket("dst");
    byte[] bytes = Seeder.content("limited", 4 * 1024 * 1024);
    Seeder.put(proxy.s3(), src, "in/limited.bin", bytes);
    Path report = tmp.resolve("report");

    JobRun run = JobRun.run(args(proxy, src, mock, dst, "--bwlimit", "4MiB", "--report", report.toString()),
        JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(mock.s3().getObjectAsBytes(b -> b.bucket(dst).key("copy/limited.bin")).asByteArray()).isEqualTo(bytes);
    Row row = report(report).get("s3://" + dst + "/copy/limited.bin");
    assertThat(row.<String>getAs("method")).isEqualTo("STREAM");
    assertThat(row.<Long>getAs("duration_ms")).as("the copy's own time").isGreaterThanOrEqualTo(900L);
  }

  @Test
  void bwlimitOnAServerSideRun_exitCode2AndNothingWritten() {
    String src = mock.bucket("src");
    String dst = mock.bucket("dst");
    Seeder.put(mock.s3(), src, "in/a.txt", Seeder.content("a", 100));

    JobRun run = JobRun.run(args(mock, src, mock, dst, "--bwlimit", "1MiB"), JobListener.NONE);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--bwlimit", "server-side");
    assertThat(mock.keys(dst)).isEmpty();
  }

  @Test
  void serverModeBetweenTwoServices_exitCode2AndNothingWritten() {
    String src = proxy.bucket("src");
    String dst = mock.bucket("dst");
    Seeder.put(proxy.s3(), src, "in/a.txt", Seeder.content("a", 100));

    JobRun run = JobRun.run(args(proxy, src, mock, dst, "--copy-mode", "server"), JobListener.NONE);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--copy-mode", "server", proxy.server().endpoint().toString(),
        mock.server().endpoint().toString());
    assertThat(mock.keys(dst)).isEmpty();
    mock.assertNoUploads(dst);
  }

  @Test
  void dryRunBetweenTwoServices_saysWhatWouldBeStreamedAndWhyAndWritesNothing() throws IOException {
    String src = proxy.bucket("src");
    String dst = mock.bucket("dst");
    seed(proxy, src);
    Path report = tmp.resolve("report");

    JobRun run = JobRun.run(args(proxy, src, mock, dst, "--dry-run", "--report", report.toString()),
        JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Row> rows = report(report);
    Row big = rows.get("s3://" + dst + "/copy/big/object.bin");
    assertThat(big.<String>getAs("status")).isEqualTo("PLANNED");
    assertThat(big.<String>getAs("method")).isEqualTo("STREAM_MULTIPART");
    assertThat(big.<String>getAs("error_message")).contains("3 ranged GetObjects streamed into UploadPart parts",
        "two services");
    Row small = rows.get("s3://" + dst + "/copy/small/a.json");
    assertThat(small.<String>getAs("method")).isEqualTo("STREAM");
    assertThat(small.<String>getAs("error_message")).contains("one GetObject streamed into one PutObject");
    assertThat(run.out()).contains("UploadPart=3").doesNotContain("CopyObject").doesNotContain("UploadPartCopy");
    assertThat(mock.keys(dst)).isEmpty();
    mock.assertNoUploads(dst);
  }

  @Test
  void moveBetweenTwoServices_sourcesDeletedOnceTheirStreamedCopiesVerify() throws IOException {
    String src = mock.bucket("src");
    String dst = proxy.bucket("dst");
    Map<String, byte[]> seeded = seed(mock, src);
    Path report = tmp.resolve("report");

    JobRun run = JobRun.run(args(mock, src, proxy, dst, "--move", "--report", report.toString()), JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(mock.keys(src)).as("sources left").isEmpty();
    for (Map.Entry<String, byte[]> e : seeded.entrySet()) {
      byte[] copied = proxy.s3().getObjectAsBytes(b -> b.bucket(dst).key("copy/" + e.getKey().substring(3)))
          .asByteArray();
      assertThat(Seeder.md5Hex(copied)).as(e.getKey()).isEqualTo(Seeder.md5Hex(e.getValue()));
    }
    assertThat(report(report).values()).hasSize(seeded.size())
        .allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("MOVED"));
  }

  @Test
  void verifyAfterAStreamedCopy_checksEverySourceAgainstItsCopy() {
    String src = proxy.bucket("src");
    String dst = mock.bucket("dst");
    seed(proxy, src);

    JobRun run = JobRun.run(args(proxy, src, mock, dst, "--verify", "--report", tmp.resolve("report").toString()),
        JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    // the multipart copy's ETag cannot be compared with its single-part source's: unverified, not different
    assertThat(run.out()).contains("copied 9", "lakecopy verify summary").containsPattern("same +8\\R")
        .containsPattern("differ +0\\R").containsPattern("missing +0\\R").containsPattern("unverified +1\\R");
  }

  @Test
  void sourceRewrittenAfterPlanning_sourceChangedAndNothingAtTheDestination() throws IOException {
    sourceRewrittenAfterPlanning(proxy, mock, tmp.resolve("report"));
  }

  /** Two sources rewritten between the plan and the first copy: both fail SOURCE_CHANGED, nothing of them written. */
  static void sourceRewrittenAfterPlanning(Side from, Side to, Path report) throws IOException {
    String src = from.bucket("src");
    String dst = to.bucket("dst");
    Seeder.put(from.s3(), src, "in/small.txt", Seeder.content("small", 4000));
    Seeder.put(from.s3(), src, "in/big.bin", Seeder.content("big", 11 * MiB));
    Seeder.put(from.s3(), src, "in/kept.txt", Seeder.content("kept", 10));
    // Between the plan (which pinned each source's ETag) and the first copy request: two sources rewritten.
    JobListener rewrite = new JobListener() {
      @Override
      public void beforeCopy(int wave) {
        Seeder.put(from.s3(), src, "in/small.txt", Seeder.content("small, rewritten", 4000));
        Seeder.put(from.s3(), src, "in/big.bin", Seeder.content("big, rewritten", 11 * MiB));
      }
    };

    JobRun run = JobRun.run(args(from, src, to, dst, "--object-attempts", "1", "--report", report.toString()),
        rewrite);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    Map<String, Row> rows = report(report);
    assertThat(DataSafetyContractIT.status(rows.get("s3://" + dst + "/copy/small.txt")))
        .isEqualTo("FAILED SOURCE_CHANGED");
    assertThat(DataSafetyContractIT.status(rows.get("s3://" + dst + "/copy/big.bin")))
        .isEqualTo("FAILED SOURCE_CHANGED");
    assertThat(DataSafetyContractIT.status(rows.get("s3://" + dst + "/copy/kept.txt"))).isEqualTo("COPIED");
    assertThat(to.keys(dst)).containsExactly("copy/kept.txt");
    to.assertNoUploads(dst);
  }

  @Test
  void connectionResetInTheMiddleOfSourceBodies_retriedAndTheBytesExact() throws IOException {
    String src = proxy.bucket("src");
    String dst = mock.bucket("dst");
    byte[] small = Seeder.content("small", 300_000);
    byte[] big = Seeder.content("big", 2 * 5 * MiB + 11);
    Seeder.put(proxy.s3(), src, "in/small.bin", small);
    Seeder.put(proxy.s3(), src, "in/big.bin", big);
    Path report = tmp.resolve("report");
    try (FaultProxy faults = FaultProxy.start(proxy.server().endpoint())) {
      // the first GetObjects of the copy break halfway through their bodies
      FaultRule resets = faults.addRule(FaultRule.burst(Set.of(RequestType.GET_OBJECT), 1, 3,
          Fault.RESET_MID_RESPONSE));
      List<String> args = args(proxy, src, mock, dst, "--object-attempts", "1", "--report", report.toString());
      args.set(args.indexOf(proxy.server().endpoint().toString()), faults.endpoint().toString());

      JobRun run = JobRun.run(args, JobListener.NONE);

      assertThat(resets.fired()).as("resets injected").isEqualTo(3);
      assertThat(run.exitCode()).as(run.err()).isZero();
    }
    assertThat(mock.s3().getObjectAsBytes(b -> b.bucket(dst).key("copy/small.bin")).asByteArray()).isEqualTo(small);
    assertThat(mock.s3().getObjectAsBytes(b -> b.bucket(dst).key("copy/big.bin")).asByteArray()).isEqualTo(big);
    assertThat(report(report).values()).allSatisfy(r -> {
      assertThat(r.<String>getAs("status")).isEqualTo("COPIED");
      assertThat(r.<Long>getAs("attempts")).as("copied in the object's one attempt").isEqualTo(1L);
    });
    mock.assertNoUploads(dst);
  }

  @Test
  void streamModeOnOneService_tagsAndStorageClassCarriedToo() throws IOException {
    String src = mock.bucket("src");
    String dst = mock.bucket("dst");
    byte[] small = Seeder.content("tagged", 5000);
    Seeder.put(mock.s3(), src, "in/tagged.txt", small, "text/plain", Map.of("k", "v"), "team=data&n=1");
    byte[] big = Seeder.content("tagged-big", 2 * 5 * MiB + 5);
    mock.s3().putObject(PutObjectRequest.builder().bucket(src).key("in/big.bin").tagging("size=big")
        .storageClass(software.amazon.awssdk.services.s3.model.StorageClass.STANDARD_IA)
        .metadata(Map.of("origin", "seed")).build(), RequestBody.fromBytes(big));
    Path report = tmp.resolve("report");
    List<String> args = args(mock, src, mock, dst, "--copy-mode", "stream", "--report", report.toString());
    args.remove("--no-tags");

    JobRun run = JobRun.run(args, JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String key : List.of("tagged.txt", "big.bin")) {
      assertSame(mock, src, "in/" + key, mock, dst, "copy/" + key, key.equals("big.bin") ? big : small);
      assertThat(tags(dst, "copy/" + key)).as("tags of %s", key).isEqualTo(tags(src, "in/" + key)).isNotEmpty();
    }
    assertThat(mock.s3().headObject(b -> b.bucket(dst).key("copy/big.bin")).storageClassAsString())
        .isEqualTo("STANDARD_IA");
    Map<String, Row> rows = report(report);
    assertThat(rows.get("s3://" + dst + "/copy/tagged.txt").<String>getAs("method")).isEqualTo("STREAM");
    assertThat(rows.get("s3://" + dst + "/copy/big.bin").<String>getAs("method")).isEqualTo("STREAM_MULTIPART");
    assertThat(run.out()).contains("--copy-mode stream");
  }

  private static Map<String, String> tags(String bucket, String key) {
    return mock.s3().getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().stream()
        .collect(Collectors.toMap(software.amazon.awssdk.services.s3.model.Tag::key,
            software.amazon.awssdk.services.s3.model.Tag::value));
  }

  /**
   * Small objects with headers and metadata, an empty one, one of three 5 MiB parts (the last one short) with every
   * header a multipart upload must carry, and keys that break naive URL handling.
   */
  static Map<String, byte[]> seed(Side side, String bucket) {
    Map<String, byte[]> seeded = new LinkedHashMap<>();
    seeded.put("in/small/a.json", Seeder.content("a", 10_000));
    Seeder.put(side.s3(), bucket, "in/small/a.json", seeded.get("in/small/a.json"), "application/json",
        Map.of("writer", "spark", "rows", "12"), null);
    seeded.put("in/empty.bin", new byte[0]);
    Seeder.put(side.s3(), bucket, "in/empty.bin", new byte[0], "application/x-empty", Map.of("empty", "yes"), null);
    byte[] big = Seeder.content("big", 2 * 5 * MiB + 3);
    side.s3().putObject(PutObjectRequest.builder().bucket(bucket).key("in/big/object.bin")
        .contentType("application/vnd.lakecopy-big").cacheControl("max-age=60")
        .contentDisposition("attachment; filename=\"object.bin\"").contentEncoding("identity")
        .contentLanguage("en-GB").metadata(Map.of("origin", "seed", "index", "1")).build(), RequestBody.fromBytes(big));
    seeded.put("in/big/object.bin", big);
    List<String> odd = new ArrayList<>(Seeder.oddKeys());
    odd.add("odd/100%.txt");
    for (String key : odd) {
      byte[] data = Seeder.content(key, 1000 + key.length());
      Seeder.put(side.s3(), bucket, "in/" + key, data, "text/plain", Map.of("key-length", "" + key.length()), null);
      seeded.put("in/" + key, data);
    }
    return seeded;
  }

  static List<String> args(Side from, String src, Side to, String dst, String... more) {
    List<String> all = new ArrayList<>(List.of("--source", "s3://" + src + "/in/", "--dest", "s3://" + dst + "/copy/",
        "--source-endpoint", from.server().endpoint().toString(), "--source-profile", from.profile(),
        "--dest-endpoint", to.server().endpoint().toString(), "--dest-profile", to.profile(),
        "--source-region", S3TestServer.REGION, "--dest-region", S3TestServer.REGION, "--path-style", "--no-tags",
        "--multipart-threshold", "5MiB", "--part-size", "5MiB"));
    all.addAll(List.of(more));
    return all;
  }

  static void assertSame(Side from, String srcBucket, String srcKey, Side to, String dstBucket, String dstKey,
      byte[] seeded) {
    byte[] copied = to.s3().getObjectAsBytes(b -> b.bucket(dstBucket).key(dstKey)).asByteArray();
    String what = "s3://" + dstBucket + "/" + dstKey;
    assertThat(Seeder.md5Hex(copied)).as("bytes of %s", what).isEqualTo(Seeder.md5Hex(seeded));
    HeadObjectResponse x = from.s3().headObject(b -> b.bucket(srcBucket).key(srcKey));
    HeadObjectResponse y = to.s3().headObject(b -> b.bucket(dstBucket).key(dstKey));
    assertThat(y.contentLength()).as("length of %s", what).isEqualTo(seeded.length);
    assertThat(y.metadata()).as("metadata of %s", what).isEqualTo(x.metadata()).isNotEmpty();
    assertThat(y.contentType()).as("content type of %s", what).isEqualTo(x.contentType());
    assertThat(y.cacheControl()).as("cache control of %s", what).isEqualTo(x.cacheControl());
    assertThat(y.contentDisposition()).as("content disposition of %s", what).isEqualTo(x.contentDisposition());
    assertThat(y.contentEncoding()).as("content encoding of %s", what).isEqualTo(x.contentEncoding());
    assertThat(y.contentLanguage()).as("content language of %s", what).isEqualTo(x.contentLanguage());
  }

  static Map<String, Row> report(Path report) {
    return Fixture.session().read().json(report.toString()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("destination"), r -> r));
  }
}
