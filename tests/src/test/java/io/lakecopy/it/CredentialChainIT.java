package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.testing.CredentialsStandIn;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every source of the AWS default credentials chain, from the shaded jar, each in a fresh JVM whose
 * environment holds nothing but what the test gives it: environment variables, system properties,
 * web identity (IRSA), the container endpoint (EKS Pod Identity, ECS), the instance metadata service,
 * profiles with {@code role_arn} (with {@code source_profile} and with {@code credential_source}),
 * {@code credential_process}, SSO, and the job's own role flags. Every credential endpoint is the
 * loopback {@link CredentialsStandIn}; S3 is S3Proxy, which checks SigV4 signatures against its one
 * key pair, behind a recording proxy. A source proves itself twice: handing out S3Proxy's pair, its
 * requests succeed and every one carries the session token it issued; handing out another secret, S3
 * answers 403 and the run stops with exit code 3. Each run is a fresh JVM (the chain reads the
 * environment once), so most sources are proved with {@code lakecopy cleanup}, which builds its client
 * exactly as a copy does but starts no Spark; full copies, driver and executor, prove the plain keys,
 * the profile flags, the role flags and their renewal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialChainIT {
  private static final Path ROOT = Path.of(System.getProperty("lakecopy.root", ".."));
  private static final Path JAR = Path.of(System.getProperty("lakecopy.shaded.jar", "missing.jar"));
  private static final String ROLE = "arn:aws:iam::111122223333:role/lakecopy-copier";
  private static final String WRONG_SECRET = "not-the-secret-s3proxy-knows";
  private static final AtomicInteger RUNS = new AtomicInteger();

  S3TestServer server;
  S3Client s3;
  FaultProxy proxy;
  CredentialsStandIn standIn;
  @TempDir Path tmp;
  Path home;

  @BeforeAll
  void start() {
    // S3Proxy answers x-amz-security-token with 501 unless told to ignore headers it does not implement;
    // the signature it checks covers the token all the same.
    server = S3TestServer.start(S3TestServer.Kind.S3PROXY, Map.of("s3proxy.ignore-unknown-headers", "true"));
    s3 = server.newClient();
    proxy = FaultProxy.start(server.endpoint());
    proxy.record(true);
    standIn = CredentialsStandIn.start();
  }

  @AfterAll
  void stop() {
    standIn.close();
    proxy.close();
    s3.close();
    server.close();
  }

  @BeforeEach
  void freshHome() throws Exception {
    standIn.reset();
    proxy.clearRecorded();
    home = Files.createDirectories(tmp.resolve("home-" + RUNS.incrementAndGet()));
  }

  @Test
  void environmentVariables_staticKeys_signEveryRequest() throws Exception {
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
        S3TestServer.SECRET_KEY);

    assertCopies(env, List.of(), false);
    assertDenied(Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", WRONG_SECRET), List.of());
  }

  @Test
  void systemProperties_staticKeys_signEveryRequest() throws Exception {
    assertServes(Map.of(), List.of("-Daws.accessKeyId=" + S3TestServer.ACCESS_KEY,
        "-Daws.secretAccessKey=" + S3TestServer.SECRET_KEY), false);
    assertDenied(Map.of(), List.of("-Daws.accessKeyId=" + S3TestServer.ACCESS_KEY, "-Daws.secretAccessKey=" + WRONG_SECRET));
  }

  @Test
  void webIdentity_irsaTokenFileAndRole_exchangedAtStsAndUsedForEveryRequest() throws Exception {
    Path token = Files.writeString(home.resolve("token"), "eyJ-irsa-token-of-the-pod");
    // What the EKS pod identity webhook sets (AWS_REGION too: without a region the SDK's web identity provider
    // sends to https://sts.amazonaws.com whatever AWS_ENDPOINT_URL_STS says).
    Map<String, String> env = Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(), "AWS_ROLE_ARN", ROLE,
        "AWS_ROLE_SESSION_NAME", "irsa-session", "AWS_REGION", S3TestServer.REGION, "AWS_STS_REGIONAL_ENDPOINTS",
        "regional", "AWS_ENDPOINT_URL_STS", standIn.endpoint().toString());

    assertServes(env, List.of(), true);
    assertThat(standIn.calls("AssumeRoleWithWebIdentity")).isNotEmpty().allSatisfy(c -> {
      assertThat(c.params()).containsEntry("WebIdentityToken", "eyJ-irsa-token-of-the-pod").containsEntry("RoleArn", ROLE)
          .containsEntry("RoleSessionName", "irsa-session");
      assertThat(c.headers()).doesNotContainKey("authorization"); // web identity calls are not signed
    });
    assertDeniedWithStandInSecret(env, List.of());
  }

  @Test
  void containerCredentials_podIdentityEndpointWithTokenFile_usedForEveryRequest() throws Exception {
    Path token = Files.writeString(home.resolve("eks-pod-identity-token"), "pod-identity-token-1");
    Map<String, String> env = Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", standIn.containerUri().toString(),
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token.toString());

    assertServes(env, List.of(), true);
    assertThat(standIn.calls("container")).isNotEmpty()
        .allSatisfy(c -> assertThat(c.headers()).containsEntry("authorization", "pod-identity-token-1"));
    assertDeniedWithStandInSecret(env, List.of());
  }

  @Test
  void instanceProfile_imdsV2_tokenThenRoleCredentialsUsedForEveryRequest() throws Exception {
    Map<String, String> env = Map.of("AWS_EC2_METADATA_DISABLED", "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        standIn.endpoint().toString());

    assertServes(env, List.of(), true);
    assertThat(standIn.calls("imds-token")).isNotEmpty();
    assertThat(standIn.calls("imds")).isNotEmpty()
        .allSatisfy(c -> assertThat(c.headers()).containsEntry("x-aws-ec2-metadata-token", "lakecopy-imds-token"));
    assertDeniedWithStandInSecret(env, List.of());
  }

  @Test
  void profileRoleArn_sourceProfileAndProfileEndpointUrl_assumedWithTheBaseKeys() throws Exception {
    Files.writeString(home.resolve("config"), String.join("\n",
        "[profile base]",
        "aws_access_key_id = base-profile-key",
        "aws_secret_access_key = base-profile-secret",
        "[profile copier]",
        "role_arn = " + ROLE,
        "source_profile = base",
        "external_id = profile-ext",
        "role_session_name = profile-session",
        "services = stand-in",
        "[services stand-in]",
        "sts =",
        "  endpoint_url = " + standIn.endpoint(),
        ""));
    Map<String, String> env = Map.of("AWS_CONFIG_FILE", home.resolve("config").toString(), "AWS_PROFILE", "copier",
        "AWS_REGION", S3TestServer.REGION);

    assertServes(env, List.of(), true);
    assertThat(standIn.calls("AssumeRole")).isNotEmpty().allSatisfy(c -> {
      assertThat(c.signedBy()).isEqualTo("base-profile-key");
      assertThat(c.params()).containsEntry("RoleArn", ROLE).containsEntry("ExternalId", "profile-ext")
          .containsEntry("RoleSessionName", "profile-session");
    });
    assertDeniedWithStandInSecret(env, List.of());
  }

  @Test
  void profileRoleArn_credentialSourceEnvironment_namedWithTheProfileFlags() throws Exception {
    Files.writeString(home.resolve("config"), String.join("\n",
        "[profile from-env]",
        "role_arn = " + ROLE,
        "credential_source = Environment",
        ""));
    // With keys in the environment the default chain would use them directly: the profile flags name the profile.
    Map<String, String> env = Map.of("AWS_CONFIG_FILE", home.resolve("config").toString(), "AWS_ACCESS_KEY_ID",
        "env-base-key", "AWS_SECRET_ACCESS_KEY", "env-base-secret", "AWS_REGION", S3TestServer.REGION,
        "AWS_ENDPOINT_URL_STS", standIn.endpoint().toString());
    List<String> profiles = List.of("--source-profile", "from-env", "--dest-profile", "from-env");

    assertCopies(env, List.of(), true, profiles.toArray(String[]::new));
    assertThat(standIn.calls("AssumeRole")).isNotEmpty()
        .allSatisfy(c -> assertThat(c.signedBy()).isEqualTo("env-base-key"));
    standIn.issue(S3TestServer.ACCESS_KEY, WRONG_SECRET);
    assertDenied(env, List.of(), "--dest-profile", "from-env");
  }

  @Test
  void credentialProcess_profileCommandPrintsTheKeys_usedForEveryRequest() throws Exception {
    Path script = writeCredentialProcess("process-ok", S3TestServer.SECRET_KEY);
    Files.writeString(home.resolve("config"), "[default]\ncredential_process = " + script + "\n");
    Map<String, String> env = Map.of("AWS_CONFIG_FILE", home.resolve("config").toString());

    assertServes(env, List.of(), false);
    Path wrong = writeCredentialProcess("process-wrong", WRONG_SECRET);
    Files.writeString(home.resolve("config"), "[default]\ncredential_process = " + wrong + "\n");
    assertDenied(env, List.of());
  }

  @Test
  void sso_ssoSessionWithCachedToken_exchangedAtThePortalAndUsedForEveryRequest() throws Exception {
    Files.writeString(home.resolve("config"), String.join("\n",
        "[profile sso-copier]",
        "sso_session = lakecopy-sso",
        "sso_account_id = 111122223333",
        "sso_role_name = LakecopyCopier",
        "[sso-session lakecopy-sso]",
        "sso_start_url = https://lakecopy-test.awsapps.com/start",
        "sso_region = us-east-1",
        "sso_registration_scopes = sso:account:access",
        ""));
    // What `aws sso login` leaves behind: ~/.aws/sso/cache/<sha1 of the session name>.json.
    Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
    String expires = Instant.now().plusSeconds(8 * 3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    Files.writeString(cache.resolve(sha1Hex("lakecopy-sso") + ".json"), "{\"startUrl\":"
        + "\"https://lakecopy-test.awsapps.com/start\",\"region\":\"us-east-1\",\"accessToken\":\"sso-access-token-1\","
        + "\"expiresAt\":\"" + expires + "\",\"clientId\":\"client-1\",\"clientSecret\":\"client-secret-1\","
        + "\"registrationExpiresAt\":\"" + expires + "\",\"refreshToken\":\"refresh-1\"}");
    Map<String, String> env = Map.of("AWS_CONFIG_FILE", home.resolve("config").toString(), "AWS_PROFILE", "sso-copier",
        "AWS_ENDPOINT_URL_SSO", standIn.endpoint().toString());

    assertServes(env, List.of(), true);
    assertThat(standIn.calls("sso")).isNotEmpty().allSatisfy(c -> {
      assertThat(c.headers()).containsEntry("x-amz-sso_bearer_token", "sso-access-token-1");
      assertThat(c.params()).containsEntry("account_id", "111122223333").containsEntry("role_name", "LakecopyCopier");
    });
    assertDeniedWithStandInSecret(env, List.of());
  }

  @Test
  void roleFlags_bothSidesAssumeTheirRoleWithExternalIdsOverEnvironmentKeys() throws Exception {
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "env-base-key", "AWS_SECRET_ACCESS_KEY", "env-base-secret",
        "AWS_ENDPOINT_URL_STS", standIn.endpoint().toString());
    String destRole = "arn:aws:iam::444455556666:role/lakecopy-writer";

    assertCopies(env, List.of(), true, "--source-role-arn", ROLE, "--source-external-id", "src-ext",
        "--dest-role-arn", destRole, "--dest-external-id", "dst-ext", "--role-session-name", "nightly-7");
    List<CredentialsStandIn.Call> calls = standIn.calls("AssumeRole");
    assertThat(calls).allSatisfy(c -> {
      assertThat(c.signedBy()).isEqualTo("env-base-key");
      assertThat(c.params()).containsEntry("RoleSessionName", "nightly-7");
    });
    assertThat(calls.stream().map(c -> c.params().get("RoleArn") + " " + c.params().get("ExternalId")))
        .contains(ROLE + " src-ext", destRole + " dst-ext");
    standIn.issue(S3TestServer.ACCESS_KEY, WRONG_SECRET);
    assertDenied(env, List.of(), "--dest-role-arn", destRole);
  }

  @Test
  void roleFlags_sessionsOfFourSeconds_copyOfManySessionsRenewsAndNeverSendsAnExpiredToken() throws Exception {
    int n = RUNS.incrementAndGet();
    String src = "renew-src-" + n;
    String dst = "renew-dst-" + n;
    Seeder.createBucket(s3, src);
    Seeder.createBucket(s3, dst);
    int objects = 24;
    for (int i = 0; i < objects; i++) {
      Seeder.put(s3, src, "t/o-" + i, Seeder.content("renew" + i, 500 + i));
    }
    standIn.lifetime(java.time.Duration.ofSeconds(4));
    proxy.setLatency(java.time.Duration.ofMillis(700)); // one copy at a time: the copy lasts several sessions
    String destRole = "arn:aws:iam::444455556666:role/lakecopy-writer";
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "env-base-key", "AWS_SECRET_ACCESS_KEY", "env-base-secret",
        "AWS_ENDPOINT_URL_STS", standIn.endpoint().toString());
    List<String> args = new ArrayList<>(List.of("--source", "s3://" + src + "/t/", "--dest", "s3://" + dst + "/t/",
        "--max-concurrency", "1", "--source-role-arn", ROLE, "--dest-role-arn", destRole));
    args.addAll(endpointArgs());

    Run run;
    try {
      run = run("renew-" + n, env, List.of(), args);
    } finally {
      proxy.setLatency(java.time.Duration.ZERO);
    }

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.log()).contains("copied " + objects);
    List<FaultProxy.Recorded> copies = proxy.recorded().stream()
        .filter(r -> r.type() == io.lakecopy.testing.RequestType.COPY_OBJECT)
        .filter(r -> !r.path().contains("/" + FaultProxy.PROBE_KEY_PREFIX)).toList();
    assertThat(copies).hasSize(objects);
    java.time.Duration copying = java.time.Duration.between(copies.get(0).received(), copies.get(copies.size() - 1)
        .received());
    assertThat(copying).as("the copy outlasts three sessions").isGreaterThan(java.time.Duration.ofSeconds(12));
    Map<String, Instant> expiry = standIn.issued().stream()
        .collect(Collectors.toMap(CredentialsStandIn.Issued::sessionToken, CredentialsStandIn.Issued::expires));
    assertThat(proxy.recorded()).allSatisfy(r -> {
      Instant expires = expiry.get(r.header("x-amz-security-token").orElse("(none)"));
      assertThat(expires).as("%s %s: a token the stand-in issued", r.type(), r.path()).isNotNull();
      assertThat(r.received()).as("%s %s: sent before its token expired", r.type(), r.path()).isBefore(expires);
    });
    long destSessions = standIn.calls("AssumeRole").stream().filter(c -> destRole.equals(c.params().get("RoleArn")))
        .count();
    long seconds = copying.toSeconds();
    System.out.printf("renewal: %d s of copying, %d destination sessions, %d AssumeRole calls, %d requests%n", seconds,
        destSessions, standIn.calls("AssumeRole").size(), proxy.recorded().size());
    // Renewed a quarter of the lifetime before expiry, i.e. every 3 s by whichever destination client (the
    // executors', the driver's) is in use; far fewer renewals than requests.
    assertThat(destSessions).as("destination sessions over %d s of copying", seconds)
        .isGreaterThanOrEqualTo(seconds / 4).isLessThanOrEqualTo(2 * (seconds / 3 + 2));
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /**
   * Copies two objects with the shaded jar and these credentials, listing on the driver and copying on an
   * executor; every request S3 received for the run is signed with S3Proxy's access key and, if {@code tokens},
   * carries a session token the stand-in issued, unexpired when sent.
   */
  private void assertCopies(Map<String, String> env, List<String> jvmOptions, boolean tokens, String... args)
      throws Exception {
    int n = RUNS.incrementAndGet();
    String src = "cred-src-" + n;
    String dst = "cred-dst-" + n;
    Seeder.createBucket(s3, src);
    Seeder.createBucket(s3, dst);
    Seeder.put(s3, src, "t/a.json", Seeder.content("a" + n, 2000));
    Seeder.put(s3, src, "t/b.parquet", Seeder.content("b" + n, 3000));
    proxy.clearRecorded();
    List<String> all = new ArrayList<>(List.of("--source", "s3://" + src + "/t/", "--dest", "s3://" + dst + "/t/"));
    all.addAll(endpointArgs());
    all.addAll(List.of(args));

    Run run = run("job-" + n, env, jvmOptions, all);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.log()).contains("copied 2").doesNotContain(S3TestServer.SECRET_KEY);
    assertThat(s3.listObjectsV2(b -> b.bucket(dst)).contents()).hasSize(2);
    assertSignedWithTheServersKey(tokens);
  }

  /**
   * {@code lakecopy cleanup} with the shaded jar and these credentials: no Spark, the same client settings and
   * credentials chain as a copy's, seconds instead of a Spark session's start. S3Proxy checks the signature of its
   * ListMultipartUploads, so exit code 0 means the source handed out S3Proxy's pair; and, if {@code tokens}, every
   * request carried a session token the stand-in issued. Which client path a copy takes on the driver and the
   * executors is proved once, by the copies of {@link #environmentVariables_staticKeys_signEveryRequest} and the
   * role-flag tests: every source of the chain reaches them through the same provider.
   */
  private void assertServes(Map<String, String> env, List<String> jvmOptions, boolean tokens) throws Exception {
    Run run = cleanup("served", env, jvmOptions);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.log()).doesNotContain(S3TestServer.SECRET_KEY);
    assertSignedWithTheServersKey(tokens);
  }

  /** Every request recorded since the last clear is signed with S3Proxy's key; with a stand-in token or none. */
  private void assertSignedWithTheServersKey(boolean tokens) {
    List<FaultProxy.Recorded> requests = proxy.recorded();
    assertThat(requests).isNotEmpty().allSatisfy(r -> assertThat(r.header("authorization").orElse(""))
        .contains("Credential=" + S3TestServer.ACCESS_KEY + "/"));
    if (tokens) {
      Map<String, Instant> issued = standIn.issued().stream()
          .collect(Collectors.toMap(CredentialsStandIn.Issued::sessionToken, CredentialsStandIn.Issued::expires));
      assertThat(issued).as("session tokens handed out").isNotEmpty();
      assertThat(requests).allSatisfy(r -> {
        String token = r.header("x-amz-security-token").orElse("(none)");
        assertThat(issued).as("%s %s", r.type(), r.path()).containsKey(token);
        assertThat(r.signed("x-amz-security-token")).isTrue();
      });
    } else {
      assertThat(requests).allSatisfy(r -> assertThat(r.header("x-amz-security-token")).isEmpty());
    }
  }

  /** The same credentials source, now handing out a secret S3Proxy does not know: S3 says 403, exit code 3. */
  private void assertDeniedWithStandInSecret(Map<String, String> env, List<String> jvmOptions) throws Exception {
    standIn.issue(S3TestServer.ACCESS_KEY, WRONG_SECRET);
    assertDenied(env, jvmOptions);
  }

  /** {@code lakecopy cleanup} (no Spark: a quick client of the same settings) is refused by S3 with 403. */
  private void assertDenied(Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
    Run run = cleanup("denied", env, jvmOptions, args);

    assertThat(run.exitCode()).as(run.log()).isEqualTo(3);
    assertThat(run.log()).contains("403").doesNotContain(S3TestServer.SECRET_KEY).doesNotContain(WRONG_SECRET);
    assertThat(proxy.recorded()).as("the denied request reached S3").isNotEmpty();
  }

  /** {@code lakecopy cleanup} of a new bucket's prefix through the recording proxy, its record cleared first. */
  private Run cleanup(String name, Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
    int n = RUNS.incrementAndGet();
    String dst = "cred-" + name + "-" + n;
    Seeder.createBucket(s3, dst);
    proxy.clearRecorded();
    List<String> all = new ArrayList<>(List.of("cleanup", "--dest", "s3://" + dst + "/t/", "--dest-endpoint",
        proxy.endpoint().toString(), "--path-style", "--dest-region", S3TestServer.REGION));
    all.addAll(List.of(args));
    return run(name + "-" + n, env, jvmOptions, all);
  }

  private List<String> endpointArgs() {
    String endpoint = proxy.endpoint().toString();
    return List.of("--source-endpoint", endpoint, "--dest-endpoint", endpoint, "--path-style", "--source-region",
        S3TestServer.REGION, "--dest-region", S3TestServer.REGION, "--no-tags");
  }

  private record Run(int exitCode, String log) {}

  /** The shaded jar's main class in a fresh JVM: HOME is the test's, no AWS_* setting but {@code env}. */
  private Run run(String name, Map<String, String> env, List<String> jvmOptions, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(ChildJvm.javaCommand(io.lakecopy.testing.Classpaths::clusterProvided,
        List.of(JAR.toString())));
    command.addAll(1, jvmOptions);
    command.addAll(1, List.of("-Duser.home=" + home, "-Dspark.master=local[1]", "-Dspark.ui.enabled=false",
        "-Dspark.driver.host=127.0.0.1", "-Dlog4j2.configurationFile=file:" + ROOT.resolve("conf/log4j2.properties")));
    command.add("io.lakecopy.cli.LakecopyMain");
    command.addAll(args);
    Map<String, String> environment = new HashMap<>(Map.of("HOME", home.toString(), "AWS_EC2_METADATA_DISABLED", "true",
        "AWS_CONFIG_FILE", home.resolve("no-config").toString(), "AWS_SHARED_CREDENTIALS_FILE",
        home.resolve("no-credentials").toString()));
    environment.putAll(env);
    Path log = tmp.resolve(name + ".log");
    Process p = ChildJvm.start(command, log, environment, true);
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(name + " did not finish in 180 s:\n" + Files.readString(log));
    }
    Run run = new Run(p.exitValue(), Files.readString(log));
    System.out.println("== " + name + " " + String.join(" ", args) + " -> exit " + run.exitCode());
    return run;
  }

  private Path writeCredentialProcess(String name, String secret) throws Exception {
    Path script = home.resolve(name + ".sh");
    Files.writeString(script, "#!/bin/sh\nprintf '%s' '{\"Version\": 1, \"AccessKeyId\": \"" + S3TestServer.ACCESS_KEY
        + "\", \"SecretAccessKey\": \"" + secret + "\"}'\n");
    script.toFile().setExecutable(true);
    return script;
  }

  private static String sha1Hex(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
