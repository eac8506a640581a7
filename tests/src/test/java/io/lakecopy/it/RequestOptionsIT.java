package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.job.JobListener;
import io.lakecopy.testing.Fault;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.FaultRule;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The headers every request carries, looked at on the wire for every request of a run (the recording
 * fault proxy in front of S3Mock): requester pays and the bucket-owner guards on every request that
 * takes them, the copy-source owner on copies, SSE-KMS, Bucket Keys and the ACL on the writes, SSE-C keys
 * where S3 needs them and nowhere else, a KMS key map per source key. The proxy stands in for S3's
 * bucket-owner check, which S3Mock lacks. S3Mock takes SSE-C headers without enforcing them (a HEAD
 * without the key works), so what is checked here is what was sent, not what S3 would refuse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestOptionsIT {
  private static final String SOURCE_OWNER = "111122223333";
  private static final String DEST_OWNER = "444455556666";
  // S3Mock accepts only KMS key ids it was given (as ARNs) at start-up, and takes and reports them as bare ids
  // where AWS takes ids or ARNs and reports ARNs: the key ids here are bare.
  private static final String DEST_KEY = "0000dest-12ab-34cd-56ef-1234567890ab";
  private static final String KEY_A = "aaaa1111-12ab-34cd-56ef-1234567890ab";
  private static final String KEY_B = "bbbb2222-12ab-34cd-56ef-1234567890ab";
  private static final String DEST_A = "dddd000a-12ab-34cd-56ef-1234567890ab";
  private static final String DEST_B = "dddd000b-12ab-34cd-56ef-1234567890ab";
  private static final String PAYER = "x-amz-request-payer";
  private static final String OWNER = "x-amz-expected-bucket-owner";
  private static final String SOURCE_OWNER_HEADER = "x-amz-source-expected-bucket-owner";
  private static final String SSE = "x-amz-server-side-encryption";
  private static final String KMS_KEY = "x-amz-server-side-encryption-aws-kms-key-id";
  private static final String BUCKET_KEY = "x-amz-server-side-encryption-bucket-key-enabled";
  private static final String SSE_C_KEY = "x-amz-server-side-encryption-customer-key";
  private static final String SSE_C_ALGORITHM = "x-amz-server-side-encryption-customer-algorithm";
  private static final String COPY_SOURCE_SSE_C_KEY = "x-amz-copy-source-server-side-encryption-customer-key";
  /**
   * Every request type a run with multipart copies, a failed part, --move, --delete and a marker sends (deletes are
   * single conditional DeleteObjects: no DeleteObjects batch is ever sent).
   */
  private static final Set<RequestType> EVERY_TYPE = EnumSet.of(RequestType.LIST_OBJECTS, RequestType.HEAD_OBJECT,
      RequestType.GET_TAGGING, RequestType.COPY_OBJECT, RequestType.UPLOAD_PART_COPY, RequestType.CREATE_MULTIPART,
      RequestType.COMPLETE_MULTIPART, RequestType.ABORT_MULTIPART, RequestType.LIST_MULTIPART_UPLOADS,
      RequestType.DELETE_OBJECT, RequestType.PUT_OBJECT);
  private static final Set<RequestType> WRITES = EnumSet.of(RequestType.COPY_OBJECT, RequestType.CREATE_MULTIPART,
      RequestType.PUT_OBJECT);

  Fixture f;
  FaultProxy proxy;
  @TempDir Path tmp;

  @BeforeAll
  void start() {
    String validKeys = java.util.stream.Stream.of(DEST_KEY, KEY_A, KEY_B, DEST_A, DEST_B)
        .map(id -> "arn:aws:kms:us-east-1:111122223333:key/" + id).collect(Collectors.joining(","));
    f = new Fixture(S3TestServer.start(S3TestServer.Kind.S3MOCK, Map.of("com.adobe.testing.s3mock.store.valid-kms-keys",
        validKeys)), true, true);
    proxy = FaultProxy.start(f.server.endpoint());
    proxy.record(true);
  }

  @AfterAll
  void stop() {
    proxy.close();
    f.close();
  }

  @AfterEach
  void resetProxy() {
    proxy.clearRules();
    proxy.clearRecorded();
    proxy.bucketOwners(Map.of());
    proxy.resetCounts();
  }

  /** Three small objects and one of three 5 MiB parts under t/; one destination object no source maps to. */
  private void seed(String src, String dst) {
    for (int i = 0; i < 3; i++) {
      Seeder.put(f.s3, src, "t/small-" + i, Seeder.content("small" + i, 1000 + i));
    }
    Seeder.put(f.s3, src, "t/big.bin", Seeder.content("big", 11 * Fixture.MiB));
    Seeder.put(f.s3, dst, "t/stale", Seeder.content("stale", 10));
  }

  /** A run that sends every request type: multipart, one failed part (abort, second round), move, delete, marker. */
  private JobRun everyTypeRun(String src, String dst, String... options) {
    // The first part copy fails once: --max-attempts 1 makes the object fail, its upload is aborted, round 2 copies it.
    proxy.addRule(FaultRule.onNth(EnumSet.of(RequestType.UPLOAD_PART_COPY), 1, Fault.INTERNAL_ERROR));
    List<String> args = new ArrayList<>(List.of("--source", "s3://" + src + "/t/", "--dest", "s3://" + dst + "/t/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--max-attempts", "1", "--object-attempts", "2",
        "--move", "--delete", "--completion-marker", "_SUCCESS", "--requester-pays", "--expected-source-owner",
        SOURCE_OWNER, "--expected-dest-owner", DEST_OWNER));
    args.addAll(List.of(options));
    return JobRun.run(f.argsVia(proxy.endpoint().toString(), args.toArray(String[]::new)), JobListener.NONE);
  }

  @Test
  void everyRequestType_requesterPaysOwnersKmsAndAcl_eachOnTheRequestsThatTakeIt() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    seed(src, dst);
    proxy.bucketOwners(Map.of(src, SOURCE_OWNER, dst, DEST_OWNER));

    JobRun run = everyTypeRun(src, dst, "--sse", "aws:kms", "--sse-kms-key-id", DEST_KEY, "--bucket-key", "--acl",
        "bucket-owner-full-control");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(f.keys(dst)).containsExactlyInAnyOrder("t/small-0", "t/small-1", "t/small-2", "t/big.bin", "t/_SUCCESS");
    List<FaultProxy.Recorded> requests = proxy.recorded();
    assertThat(requests.stream().map(FaultProxy.Recorded::type).collect(Collectors.toSet())).containsAll(EVERY_TYPE);
    for (FaultProxy.Recorded r : requests) {
      String what = r.type() + " " + r.path();
      assertThat(r.header(PAYER)).as("%s: requester pays", what).contains("requester");
      assertThat(r.signed(PAYER)).as("%s: requester pays signed", what).isTrue();
      assertThat(r.header(OWNER)).as("%s: owner of its bucket", what)
          .contains(r.bucket().equals(src) ? SOURCE_OWNER : DEST_OWNER);
      boolean copy = r.type() == RequestType.COPY_OBJECT || r.type() == RequestType.UPLOAD_PART_COPY;
      assertThat(r.header(SOURCE_OWNER_HEADER)).as("%s: owner of the copy source", what)
          .isEqualTo(copy ? java.util.Optional.of(SOURCE_OWNER) : java.util.Optional.empty());
      boolean write = WRITES.contains(r.type());
      assertThat(r.header(SSE)).as("%s: SSE", what).isEqualTo(write ? java.util.Optional.of("aws:kms") : java.util.Optional.empty());
      assertThat(r.header(KMS_KEY)).as("%s: KMS key", what).isEqualTo(write ? java.util.Optional.of(DEST_KEY) : java.util.Optional.empty());
      assertThat(r.header(BUCKET_KEY)).as("%s: bucket key", what).isEqualTo(write ? java.util.Optional.of("true") : java.util.Optional.empty());
      assertThat(r.header("x-amz-acl")).as("%s: ACL", what)
          .isEqualTo(write ? java.util.Optional.of("bucket-owner-full-control") : java.util.Optional.empty());
      assertThat(r.header(SSE_C_KEY)).as(what).isEmpty();
    }
    f.assertNoUploads(dst);
  }

  @Test
  void everyRequestType_sseCKeys_sourceKeyOnSourceReadsDestinationKeyOnWritesNothingElsewhere() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    seed(src, dst);
    byte[] sourceKey = key(1);
    byte[] destKey = key(2);
    Path sourceKeyFile = Files.write(tmp.resolve("source.key"), sourceKey);
    Path destKeyFile = Files.writeString(tmp.resolve("dest.key"), Base64.getEncoder().encodeToString(destKey) + "\n");

    JobRun run = everyTypeRun(src, dst, "--source-sse-c-key-file", sourceKeyFile.toString(), "--dest-sse-c-key-file",
        destKeyFile.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    List<FaultProxy.Recorded> requests = proxy.recorded();
    assertThat(requests.stream().map(FaultProxy.Recorded::type).collect(Collectors.toSet())).containsAll(EVERY_TYPE);
    String source = Base64.getEncoder().encodeToString(sourceKey);
    String dest = Base64.getEncoder().encodeToString(destKey);
    Set<RequestType> destKeyTypes = EnumSet.of(RequestType.COPY_OBJECT, RequestType.UPLOAD_PART_COPY,
        RequestType.CREATE_MULTIPART, RequestType.COMPLETE_MULTIPART, RequestType.PUT_OBJECT);
    for (FaultProxy.Recorded r : requests) {
      String what = r.type() + " " + r.path();
      boolean copy = r.type() == RequestType.COPY_OBJECT || r.type() == RequestType.UPLOAD_PART_COPY;
      boolean head = r.type() == RequestType.HEAD_OBJECT;
      String expected = head ? (r.bucket().equals(src) ? source : dest) : destKeyTypes.contains(r.type()) ? dest : null;
      assertThat(r.header(SSE_C_KEY)).as("%s: SSE-C key", what).isEqualTo(java.util.Optional.ofNullable(expected));
      if (expected != null) {
        assertThat(r.header(SSE_C_ALGORITHM)).as(what).contains("AES256");
        assertThat(r.header(SSE_C_KEY + "-md5")).as(what).contains(md5(expected.equals(source) ? sourceKey : destKey));
      }
      assertThat(r.header(COPY_SOURCE_SSE_C_KEY)).as("%s: copy-source key", what)
          .isEqualTo(copy ? java.util.Optional.of(source) : java.util.Optional.empty());
      assertThat(r.header(SSE)).as(what).isEmpty();
      assertThat(r.header(PAYER)).as(what).contains("requester");
    }
    assertThat(requests).filteredOn(r -> r.type() == RequestType.HEAD_OBJECT).extracting(FaultProxy.Recorded::bucket)
        .as("HEADs of both sides were seen").contains(src, dst);
    assertThat(run.out() + run.err()).doesNotContain(source).doesNotContain(dest);
  }

  @Test
  void kmsKeyMap_eachObjectGetsTheKeyItsSourceKeyMapsToOthersTheDefault() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    String keyA = KEY_A;
    String keyB = KEY_B;
    Map<String, String> sourceKeys = new LinkedHashMap<>();
    sourceKeys.put("t/under-a", keyA);
    sourceKeys.put("t/under-b", keyB);
    sourceKeys.put("t/big-under-a.bin", keyA);
    for (var e : sourceKeys.entrySet()) {
      int size = e.getKey().contains("big") ? 11 * Fixture.MiB : 1200;
      f.s3.putObject(b -> b.bucket(src).key(e.getKey()).serverSideEncryption("aws:kms").ssekmsKeyId(e.getValue()),
          RequestBody.fromBytes(Seeder.content(e.getKey(), size)));
    }
    Seeder.put(f.s3, src, "t/plain", Seeder.content("plain", 900));
    assertThat(f.s3.headObject(b -> b.bucket(src).key("t/under-a")).ssekmsKeyId())
        .as("S3Mock keeps an object's KMS key").isEqualTo(keyA);
    Path map = Files.writeString(tmp.resolve("keys.txt"), "# source key = destination key\n"
        + keyA + " = " + DEST_A + "\n"
        + KEY_B + " = " + DEST_B + "\n");

    JobRun run = JobRun.run(f.argsVia(proxy.endpoint().toString(), "--source", "s3://" + src + "/t/", "--dest",
        "s3://" + dst + "/t/", "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--sse-kms-key-map",
        map.toString(), "--expected-source-owner", SOURCE_OWNER), JobListener.NONE);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    Map<String, String> keyOnWrite = new LinkedHashMap<>();
    assertThat(proxy.recorded()).as("the probe of x-amz-copy-source-if-match before the first copy")
        .anySatisfy(r -> assertThat(r.path()).contains("/t/_lakecopy-probe-"));
    for (FaultProxy.Recorded r : proxy.recorded()) {
      if (r.path().contains("/t/_lakecopy-probe-")) {
        continue; // the probe's own objects, deleted by the probe (CopyContractIT checks them)
      }
      if (r.type() == RequestType.COPY_OBJECT || r.type() == RequestType.CREATE_MULTIPART) {
        keyOnWrite.put(r.path().substring(r.path().indexOf("/t/") + 1), r.header(KMS_KEY).orElse("(none)")
            + " " + r.header(SSE).orElse("(none)"));
      }
    }
    assertThat(keyOnWrite).containsOnly(
        Map.entry("t/under-a", DEST_A + " aws:kms"),
        Map.entry("t/under-b", DEST_B + " aws:kms"),
        Map.entry("t/big-under-a.bin", DEST_A + " aws:kms"),
        Map.entry("t/plain", "(none) (none)"));
    // The documented cost: one HEAD of the source per single copy (carrying the source's owner), and a multipart
    // copy's before its create; S3Mock honours x-amz-copy-source-if-match (the run's probe found out), so none before
    // its complete. A KMS copy's ETag says nothing of its source: no more.
    List<FaultProxy.Recorded> heads = proxy.recorded().stream().filter(r -> r.type() == RequestType.HEAD_OBJECT).toList();
    assertThat(heads.stream().map(h -> h.path().substring(h.path().indexOf("/t/") + 1)))
        .containsExactlyInAnyOrder("t/under-a", "t/under-b", "t/plain", "t/big-under-a.bin");
    assertThat(heads).allSatisfy(h -> {
      assertThat(h.bucket()).isEqualTo(src);
      assertThat(h.header(OWNER)).contains(SOURCE_OWNER);
      assertThat(h.header("if-match")).isPresent();
    });
    assertThat(f.s3.headObject(b -> b.bucket(dst).key("t/under-b")).ssekmsKeyId()).isEqualTo(DEST_B);
  }

  @Test
  void expectedOwnerMismatch_eitherSide_exit2NamingTheFlagBeforeAnyWrite() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    seed(src, dst);
    proxy.bucketOwners(Map.of(src, SOURCE_OWNER, dst, DEST_OWNER));
    Map<String, List<String>> cases = new LinkedHashMap<>();
    cases.put("--expected-dest-owner (dest.expected-owner): bucket '" + dst + "' is not owned by account 999988887777",
        List.of("--expected-source-owner", SOURCE_OWNER, "--expected-dest-owner", "999988887777"));
    cases.put("--expected-source-owner (source.expected-owner): bucket '" + src + "' is not owned by account 999988887777",
        List.of("--expected-source-owner", "999988887777", "--expected-dest-owner", DEST_OWNER));

    for (var c : cases.entrySet()) {
      proxy.clearRecorded();
      List<String> args = new ArrayList<>(List.of("--source", "s3://" + src + "/t/", "--dest", "s3://" + dst + "/t/"));
      args.addAll(c.getValue());

      JobRun run = JobRun.run(f.argsVia(proxy.endpoint().toString(), args.toArray(String[]::new)), JobListener.NONE);

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains(c.getKey());
      assertThat(proxy.recorded()).as("only listings were sent").isNotEmpty()
          .allSatisfy(r -> assertThat(r.type()).isEqualTo(RequestType.LIST_OBJECTS));
      assertThat(f.keys(dst)).containsExactly("t/stale");
      assertThat(f.keys(src)).hasSize(4);
    }
  }

  @Test
  void expectedOwnerWithAListingDeniedAnyway_exit3SayingTheOwnerCouldNotBeChecked() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    seed(src, dst);
    proxy.addRule(FaultRule.always(EnumSet.of(RequestType.LIST_OBJECTS), p -> p.startsWith("/" + dst), Fault.ACCESS_DENIED));

    JobRun run = JobRun.run(f.argsVia(proxy.endpoint().toString(), "--source", "s3://" + src + "/t/", "--dest",
        "s3://" + dst + "/t/", "--expected-dest-owner", DEST_OWNER), JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("--expected-dest-owner (dest.expected-owner) = " + DEST_OWNER, "and without it",
        "could not be checked");
    assertThat(proxy.recorded()).allSatisfy(r -> assertThat(r.type()).isEqualTo(RequestType.LIST_OBJECTS));
  }

  @Test
  void badCredentialAndEncryptionInput_each_exit2NamingTheFlagAndNoRequestSent() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    seed(src, dst);
    Path badMap = Files.writeString(tmp.resolve("bad-map.txt"), "# keys\nkey-a = key-b\nkey-c key-d\n");
    Path shortKey = Files.write(tmp.resolve("short.key"), key(3, 16));
    Map<List<String>, String> cases = new LinkedHashMap<>();
    cases.put(List.of("--dest-role-arn", "arn:aws:iam::12345:role/x"), "--dest-role-arn (dest.role-arn): 'arn:aws:iam::12345:role/x' is not an IAM role ARN");
    cases.put(List.of("--source-role-arn", "lakecopy-reader"), "--source-role-arn (source.role-arn)");
    cases.put(List.of("--sse-kms-key-map", badMap.toString()), "--sse-kms-key-map (dest.sse-kms-key-map) " + badMap + " line 3");
    cases.put(List.of("--source-sse-c-key-file", shortKey.toString()), "--source-sse-c-key-file (source.sse-c-key-file)");
    cases.put(List.of("--dest-sse-c-key-file", shortKey.toString()), "an SSE-C key is 32");
    cases.put(List.of("--sse-kms-key-id", DEST_KEY), "--sse-kms-key-id (dest.sse-kms-key-id) needs --sse (dest.sse) aws:kms");
    cases.put(List.of("--sse", "AES256", "--sse-kms-key-id", DEST_KEY), "needs --sse (dest.sse) aws:kms");
    cases.put(List.of("--expected-dest-owner", "44445555666"), "--expected-dest-owner (dest.expected-owner): '44445555666' is not an AWS account id");
    cases.put(List.of("--acl", "public"), "--acl (dest.acl)");
    cases.put(List.of("--dest-external-id", "ext"), "--dest-external-id (dest.external-id) is given without --dest-role-arn");

    for (var c : cases.entrySet()) {
      proxy.resetCounts();
      List<String> args = new ArrayList<>(List.of("--source", "s3://" + src + "/t/", "--dest", "s3://" + dst + "/t/"));
      args.addAll(c.getKey());

      JobRun run = JobRun.run(f.argsVia(proxy.endpoint().toString(), args.toArray(String[]::new)), JobListener.NONE);

      assertThat(run.exitCode()).as("%s: %s", c.getKey(), run.err()).isEqualTo(2);
      assertThat(run.err()).as("%s", c.getKey()).contains(c.getValue());
      assertThat(proxy.total()).as("requests sent for %s", c.getKey()).isZero();
    }
    assertThat(f.keys(dst)).containsExactly("t/stale");
  }

  @Test
  void sseCCanaryKeys_appearNowhereTheRunPrintsOrWritesNorInTheSparkEventLog() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    seed(src, dst);
    // Canary keys: printable, so a leak shows in any text, raw, as base64 or as hex.
    byte[] sourceKey = "lakecopy-CANARY-source-key-0042!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] destKey = "lakecopy-CANARY-dest-key-000042!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path sourceKeyFile = Files.write(tmp.resolve("canary-source.key"), sourceKey);
    Path destKeyFile = Files.writeString(tmp.resolve("canary-dest.key"), Base64.getEncoder().encodeToString(destKey));
    Path events = Files.createDirectories(tmp.resolve("spark-events"));
    Path report = tmp.resolve("canary-report");
    Path ledger = tmp.resolve("canary-ledger");
    List<String> command = new ArrayList<>(ChildJvm.javaCommand(io.lakecopy.testing.Classpaths::clusterProvided,
        List.of(System.getProperty("lakecopy.shaded.jar", "missing.jar"))));
    // The event log is what the Spark UI and the history server show: jobs, stages, tasks, accumulators, the
    // environment (Spark properties, system properties, the command line).
    command.addAll(1, List.of("-Dspark.master=local[2]", "-Dspark.driver.host=127.0.0.1", "-Dspark.ui.enabled=false",
        "-Dspark.eventLog.enabled=true", "-Dspark.eventLog.dir=file:" + events, "-Dlog4j2.configurationFile=file:"
            + Path.of(System.getProperty("lakecopy.root", "..")).resolve("conf/log4j2.properties")));
    command.add("io.lakecopy.cli.LakecopyMain");
    command.addAll(f.argsVia(proxy.endpoint().toString(), "--source", "s3://" + src + "/t/", "--dest",
        "s3://" + dst + "/t/", "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--source-sse-c-key-file",
        sourceKeyFile.toString(), "--dest-sse-c-key-file", destKeyFile.toString(), "--report", report.toString(),
        "--ledger", ledger.toString(), "--requester-pays"));
    Path log = tmp.resolve("canary.log");
    Process p = ChildJvm.start(command, log, Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY, "AWS_EC2_METADATA_DISABLED", "true"), true);
    assertThat(p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)).as("the run finished").isTrue();

    String printed = Files.readString(log);
    assertThat(p.exitValue()).as(printed).isZero();
    assertThat(proxy.recorded()).as("the keys were sent").anySatisfy(r -> assertThat(r.header(SSE_C_KEY))
        .contains(Base64.getEncoder().encodeToString(destKey)));
    List<Path> written = new ArrayList<>();
    for (Path dir : List.of(report, ledger, events)) {
      try (var files = Files.walk(dir)) {
        files.filter(Files::isRegularFile).forEach(written::add);
      }
    }
    assertThat(written).as("report, ledger and event log files").hasSizeGreaterThan(3);
    assertThat(events.toFile().list()).as("an event log").isNotEmpty();
    List<String> forms = new ArrayList<>();
    for (byte[] k : List.of(sourceKey, destKey)) {
      forms.add(new String(k, java.nio.charset.StandardCharsets.US_ASCII));
      forms.add(Base64.getEncoder().encodeToString(k));
      forms.add(java.util.HexFormat.of().formatHex(k));
    }
    forms.add("CANARY");
    assertThat(printed).as("what the run printed").contains("copied 4").doesNotContain(forms.toArray(String[]::new));
    for (Path file : written) {
      assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s", file)
          .doesNotContain(forms.toArray(String[]::new));
    }
  }

  private static byte[] key(int seed) {
    return key(seed, 32);
  }

  private static byte[] key(int seed, int length) {
    byte[] k = new byte[length];
    new java.util.Random(seed).nextBytes(k);
    return k;
  }

  private static String md5(byte[] key) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
  }
}
