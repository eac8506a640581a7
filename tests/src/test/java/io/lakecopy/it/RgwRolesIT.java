package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.RgwService;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * {@code --source-role-arn} / {@code --dest-role-arn} against Ceph RGW 16.2's own IAM roles and STS AssumeRole,
 * which RGW serves on its S3 endpoint ({@code --source-sts-endpoint} / {@code --dest-sts-endpoint}). The base
 * credentials of both sides are a user of no access to the test buckets (profile {@code base}); each side's role
 * allows only its side's part of the copy: the source role lists and reads the source, the destination role reads
 * the source objects and writes the destination, and neither may do the other's part. So a copy that succeeds was
 * made with each side's role, and a recording proxy in front of RGW shows it request by request: every one carries a
 * session token, the source's listings are signed by one session and the copies by another.
 *
 * <p>RGW deviations that matter here, measured on 16.2.15:
 * <ul>
 *   <li>A role ARN has no account ({@code arn:aws:iam:::role/NAME}), which lakecopy accepts for that reason.
 *   <li>STS errors are a bare {@code <Error>} the SDK reads no error code from: a role that does not trust the
 *       caller is "HTTP 403", an unknown role "HTTP 404".
 *   <li>A bucket-policy Deny naming the base user also applies to its role sessions (AWS would not match it), so
 *       the base user is kept out by owning nothing rather than by a Deny.
 *   <li>Every UploadPartCopy sent with a role session's credentials is refused, 403 AccessDenied: with {@code s3:*}
 *       on {@code arn:aws:s3:::*} too, and with source and destination buckets of the session's own user; CopyObject
 *       and UploadPart with the same credentials succeed, and so does the same UploadPartCopy with the user's keys.
 *       So on 16.2 a destination role copies single objects only: {@link
 *       #multipartCopyWithADestRole_copiedWhereTheStoreAllowsIt_elseFailedAndNothingLeft} shows the multipart copy
 *       failing cleanly there, and copying elsewhere.
 * </ul>
 */
@ExtendWith(RgwFixture.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RgwRolesIT {
  private static final String CREDENTIALS_FILE = "aws.sharedCredentialsFile";
  private static final List<String> DEST_BUCKETS = List.of("both", "multipart", "none", "source-only", "dest-only",
      "unknown", "untrusted");

  Fixture f;
  RgwService rgw;
  FaultProxy proxy;
  AwsBasicCredentials base;
  Path home;
  String previousCredentialsFile;
  String src;
  Map<String, String> dst;
  Map<String, byte[]> seeded;
  String reader;
  String writer;
  String untrusting;

  @BeforeAll
  void start() throws IOException {
    f = RgwFixture.fixture();
    rgw = (RgwService) f.server;
    proxy = FaultProxy.start(f.server.endpoint());
    proxy.record(true);
    base = rgw.createUser("lakecopy-base");
    // The job's base credentials: profile "base" of a credentials file; the fixture's own client keeps the admin keys.
    home = Files.createTempDirectory("rgw-roles");
    Path credentials = Files.writeString(home.resolve("credentials"), "[base]\naws_access_key_id = "
        + base.accessKeyId() + "\naws_secret_access_key = " + base.secretAccessKey() + "\n");
    previousCredentialsFile = System.setProperty(CREDENTIALS_FILE, credentials.toString());

    src = f.bucket("roles-src");
    dst = DEST_BUCKETS.stream().collect(Collectors.toMap(k -> k, k -> f.bucket("roles-" + k)));
    seeded = f.seedTree(src, "lake/", 6);
    Seeder.put(f.s3, src, "big/object.bin", Seeder.content("big/object.bin", 11 * Fixture.MiB + 5));

    String trustsBase = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam:::user/lakecopy-base\"]},"
        + "\"Action\":[\"sts:AssumeRole\"]}");
    reader = rgw.createRole("lakecopy-reader", trustsBase, policy(
        allow("s3:ListBucket", bucket(src)),
        allow("s3:GetObject\",\"s3:GetObjectTagging", objects(src))));
    String destBuckets = dst.values().stream().map(RgwRolesIT::bucket).collect(Collectors.joining("\",\""));
    String destObjects = dst.values().stream().map(RgwRolesIT::objects).collect(Collectors.joining("\",\""));
    writer = rgw.createRole("lakecopy-writer", trustsBase, policy(
        allow("s3:GetObject\",\"s3:GetObjectTagging", objects(src)),
        allow("s3:ListBucket\",\"s3:ListBucketMultipartUploads", destBuckets),
        allow("s3:PutObject\",\"s3:PutObjectTagging\",\"s3:AbortMultipartUpload\",\"s3:ListMultipartUploadParts"
            + "\",\"s3:GetObject\",\"s3:DeleteObject", destObjects)));
    untrusting = rgw.createRole("lakecopy-trusts-another", policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "[\"arn:aws:iam:::user/test\"]},\"Action\":[\"sts:AssumeRole\"]}"), policy(
        allow("s3:*", "arn:aws:s3:::*")));
  }

  @AfterAll
  void stop() throws IOException {
    if (previousCredentialsFile == null) {
      System.clearProperty(CREDENTIALS_FILE);
    } else {
      System.setProperty(CREDENTIALS_FILE, previousCredentialsFile);
    }
    if (proxy != null) {
      proxy.close();
    }
    if (f != null) {
      f.close();
    }
    if (home != null) {
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @BeforeEach
  void clearRecorded() {
    proxy.clearRecorded();
  }

  @Test
  void bothRoleFlags_baseUserOwnsNothing_eachSideCopiesWithItsOwnRole() {
    String to = dst.get("both");

    JobRun run = job(to, "--source-role-arn", reader, "--dest-role-arn", writer);

    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String key : seeded.keySet()) {
      assertSameObject(key, to, key.replaceFirst("^lake/", "copy/"));
    }
    assertThat(f.keys(to)).hasSize(seeded.size());
    f.assertNoUploads(to);
    List<FaultProxy.Recorded> requests = proxy.recorded();
    assertThat(requests).isNotEmpty().allSatisfy(r -> {
      assertThat(r.header("x-amz-security-token")).as("%s %s: a role session's token", r.type(), r.path())
          .isPresent();
      assertThat(signer(r)).as("%s %s", r.type(), r.path()).isNotIn(base.accessKeyId(), S3TestServer.ACCESS_KEY);
    });
    Set<String> listedSource = signers(requests, r -> r.type() == RequestType.LIST_OBJECTS && r.bucket().equals(src));
    Set<String> copied = signers(requests, r -> r.type() == RequestType.COPY_OBJECT);
    assertThat(listedSource).as("sessions that listed the source").isNotEmpty();
    assertThat(copied).as("sessions that sent the copies").isNotEmpty().doesNotContainAnyElementsOf(listedSource);
    assertThat(requests).as("the base user's keys reach no request").noneMatch(r -> r.header("authorization")
        .orElse("").contains(base.accessKeyId()));
  }

  /** On RGW 16.2 every UploadPartCopy of a role session is refused (see the class comment). */
  @Test
  void multipartCopyWithADestRole_copiedWhereTheStoreAllowsIt_elseFailedAndNothingLeft() {
    String to = dst.get("multipart");

    JobRun run = jobFrom("big/", to, "--source-role-arn", reader, "--dest-role-arn", writer, "--multipart-threshold",
        "8MiB", "--part-size", "5MiB");

    f.assertNoUploads(to);
    if (RgwFixture.pacific(f)) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
      assertThat(run.err()).contains("access denied on every copy");
      assertThat(run.out()).contains("ACCESS_DENIED=1");
      assertThat(f.keys(to)).isEmpty();
    } else {
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertSameObject("big/object.bin", to, "copy/object.bin");
    }
  }

  @Test
  void noRoleFlags_baseUserAlone_listingDeniedExit3AndNothingWritten() {
    String to = dst.get("none");

    JobRun run = job(to);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("403");
    assertThat(f.keys(to)).isEmpty();
  }

  @Test
  void sourceRoleOnly_destBaseUserMayNotCopy_exit3AndNothingWritten() {
    String to = dst.get("source-only");

    JobRun run = job(to, "--source-role-arn", reader);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("access denied on every copy");
    assertThat(f.keys(to)).isEmpty();
    f.assertNoUploads(to);
  }

  @Test
  void destRoleOnly_sourceBaseUserMayNotList_exit3AndNothingWritten() {
    String to = dst.get("dest-only");

    JobRun run = job(to, "--dest-role-arn", writer);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("403");
    assertThat(f.keys(to)).isEmpty();
  }

  @Test
  void unknownDestRole_failsBeforeAnyS3RequestNamingTheFlag() {
    assertRefusedBeforeAnyS3Request(dst.get("unknown"), "--dest-role-arn (dest.role-arn): cannot assume"
        + " arn:aws:iam:::role/no-such-role at " + rgw.endpoint(), "--source-role-arn", reader, "--dest-role-arn",
        "arn:aws:iam:::role/no-such-role");
  }

  @Test
  void roleThatDoesNotTrustTheBaseUser_failsBeforeAnyS3RequestNamingTheFlag() {
    assertRefusedBeforeAnyS3Request(dst.get("untrusted"), "--source-role-arn (source.role-arn): cannot assume "
        + untrusting + " at " + rgw.endpoint() + " with this side's base credentials: HTTP 403", "--source-role-arn",
        untrusting, "--dest-role-arn", writer);
  }

  /** A run with these role flags stops with exit code 3 and {@code message} before its first S3 request. */
  private void assertRefusedBeforeAnyS3Request(String to, String message, String... roleFlags) {
    JobRun run = job(to, roleFlags);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains(message);
    assertThat(proxy.recorded()).as("S3 requests before the role check").isEmpty();
    assertThat(f.keys(to)).isEmpty();
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** lakecopy from src/lake/ to {@code to}/copy/ through the recording proxy, both sides on profile base; STS direct. */
  private JobRun job(String to, String... more) {
    return jobFrom("lake/", to, more);
  }

  /** As {@link #job(String, String...)}, from this source prefix. */
  private JobRun jobFrom(String prefix, String to, String... more) {
    List<String> args = new ArrayList<>(List.of("--source", "s3://" + src + "/" + prefix, "--dest", "s3://" + to + "/copy/",
        "--source-profile", "base", "--dest-profile", "base"));
    List<String> flags = List.of(more);
    if (flags.contains("--source-role-arn")) {
      args.addAll(List.of("--source-sts-endpoint", rgw.endpoint().toString()));
    }
    if (flags.contains("--dest-role-arn")) {
      args.addAll(List.of("--dest-sts-endpoint", rgw.endpoint().toString()));
    }
    args.addAll(flags);
    return JobRun.run(f.argsVia(proxy.endpoint().toString(), args.toArray(String[]::new)),
        io.lakecopy.job.JobListener.NONE);
  }

  /**
   * The copy has the source's bytes, length, content type and user metadata. It is read with the base user's keys:
   * RGW 16.2 has no S3 Object Ownership, so a copy belongs to the user whose role session wrote it, and the
   * destination bucket's owner may not read it (on AWS, buckets own their objects by default since 2023).
   */
  private void assertSameObject(String srcKey, String dstBucket, String dstKey) {
    try (var writer = rgw.newClient(base)) {
      byte[] copy = writer.getObjectAsBytes(b -> b.bucket(dstBucket).key(dstKey)).asByteArray();
      assertThat(Seeder.md5Hex(copy)).as("content of s3://%s/%s", dstBucket, dstKey)
          .isEqualTo(Seeder.md5Hex(f.s3.getObjectAsBytes(b -> b.bucket(src).key(srcKey)).asByteArray()));
      var x = f.s3.headObject(b -> b.bucket(src).key(srcKey));
      var y = writer.headObject(b -> b.bucket(dstBucket).key(dstKey));
      assertThat(y.contentLength()).isEqualTo(x.contentLength());
      assertThat(y.contentType()).isEqualTo(x.contentType());
      assertThat(y.metadata()).isEqualTo(x.metadata());
    }
  }

  private static String signer(FaultProxy.Recorded r) {
    String auth = r.header("authorization").orElse("");
    int at = auth.indexOf("Credential=");
    return at < 0 ? "(unsigned)" : auth.substring(at + "Credential=".length()).split("/", 2)[0];
  }

  private static Set<String> signers(List<FaultProxy.Recorded> requests,
      java.util.function.Predicate<FaultProxy.Recorded> which) {
    return requests.stream().filter(which).map(RgwRolesIT::signer).collect(Collectors.toSet());
  }

  /** A policy document, compact: RGW 16.2 reads a policy with spaces as malformed. */
  private static String policy(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  /** {@code actions} and {@code resources} are quoted lists without their outer quotes: a","b. */
  private static String allow(String actions, String resources) {
    return "{\"Effect\":\"Allow\",\"Action\":[\"" + actions + "\"],\"Resource\":[\"" + resources + "\"]}";
  }

  private static String bucket(String name) {
    return "arn:aws:s3:::" + name;
  }

  private static String objects(String bucket) {
    return "arn:aws:s3:::" + bucket + "/*";
  }
}
