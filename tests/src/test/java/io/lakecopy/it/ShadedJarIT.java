package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.testing.CredentialsStandIn;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shipped artefact, run the way clusters run it: deploy/spark-submit.sh with the shaded jar,
 * through Spark's real launcher class (org.apache.spark.deploy.SparkSubmit) on a classpath that holds
 * Spark and Hadoop but neither our SDK nor picocli, exactly as on a cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShadedJarIT {
  private static final Path ROOT = Path.of(System.getProperty("lakecopy.root", ".."));
  private static final Path JAR = Path.of(System.getProperty("lakecopy.shaded.jar", "missing.jar"));

  S3TestServer server;
  S3Client s3;
  @TempDir Path tmp;

  CredentialsStandIn sts;

  @BeforeAll
  void start() {
    // Session tokens (web identity) reach S3Proxy as x-amz-security-token, which it answers with 501 unless
    // it ignores headers it does not implement; its signature check covers the token all the same.
    server = S3TestServer.start(S3TestServer.Kind.S3PROXY, Map.of("s3proxy.ignore-unknown-headers", "true"));
    s3 = server.newClient();
    sts = CredentialsStandIn.start();
  }

  @AfterAll
  void stop() {
    sts.close();
    s3.close();
    server.close();
  }

  @Test
  void shadedJar_relocatesItsDependenciesAndCarriesNoClusterLibraries() throws Exception {
    List<String> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      zip.stream().filter(e -> e.getName().endsWith(".class")).forEach(e -> entries.add(e.getName()));
    }
    assertThat(entries).contains("io/lakecopy/cli/LakecopyMain.class",
        "io/lakecopy/shaded/awssdk/services/s3/S3Client.class", "io/lakecopy/shaded/picocli/CommandLine.class",
        // What the default credentials chain loads by name: web identity and role profiles, SSO, login sessions.
        "io/lakecopy/shaded/awssdk/services/sts/internal/StsWebIdentityCredentialsProviderFactory.class",
        "io/lakecopy/shaded/awssdk/services/sts/internal/StsProfileCredentialsProviderFactory.class",
        "io/lakecopy/shaded/awssdk/services/sso/auth/SsoProfileCredentialsProviderFactory.class",
        "io/lakecopy/shaded/awssdk/services/ssooidc/SsoOidcProfileTokenProviderFactory.class",
        "io/lakecopy/shaded/awssdk/services/signin/auth/LoginProfileCredentialsProviderFactory.class");
    assertThat(entries).noneMatch(n -> n.startsWith("software/amazon/") || n.startsWith("picocli/")
        || n.startsWith("org/apache/hc/") || n.startsWith("org/apache/spark/") || n.startsWith("org/apache/hadoop/")
        || n.startsWith("scala/") || n.startsWith("com/fasterxml/") || n.startsWith("io/netty/")
        || n.startsWith("org/slf4j/"));
  }

  @Test
  void shadedJar_classNamesTheChainLoadsByName_areRelocatedToo() throws Exception {
    // The chain finds these factories with Class.forName on string constants: shading must rewrite the strings.
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      String webIdentity = constants(zip, "io/lakecopy/shaded/awssdk/auth/credentials/internal/WebIdentityCredentialsUtils.class");
      String profiles = constants(zip, "io/lakecopy/shaded/awssdk/auth/credentials/internal/ProfileCredentialsUtils.class");
      String tokens = constants(zip, "io/lakecopy/shaded/awssdk/auth/token/internal/ProfileTokenProviderLoader.class");

      assertThat(webIdentity).contains("io.lakecopy.shaded.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory");
      assertThat(profiles).contains("io.lakecopy.shaded.awssdk.services.sts.internal.StsProfileCredentialsProviderFactory",
          "io.lakecopy.shaded.awssdk.services.sso.auth.SsoProfileCredentialsProviderFactory",
          "io.lakecopy.shaded.awssdk.services.signin.auth.LoginProfileCredentialsProviderFactory");
      assertThat(tokens).contains("io.lakecopy.shaded.awssdk.services.ssooidc.SsoOidcProfileTokenProviderFactory");
      for (String c : List.of(webIdentity, profiles, tokens)) {
        assertThat(c).doesNotContain("software.amazon.awssdk.services").doesNotContain("software/amazon/awssdk/");
      }
      String services = new String(zip.getInputStream(zip.getEntry(
          "META-INF/services/io.lakecopy.shaded.awssdk.core.warmup.SdkWarmUpProvider")).readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      assertThat(services).contains("io.lakecopy.shaded.awssdk.services.sts.", "io.lakecopy.shaded.awssdk.services.sso.",
          "io.lakecopy.shaded.awssdk.services.ssooidc.").doesNotContain("software.amazon");
    }
  }

  /** A class file's bytes as text: its constant pool strings are readable in it. */
  private static String constants(ZipFile zip, String entry) throws java.io.IOException {
    var e = zip.getEntry(entry);
    assertThat(e).as(entry).isNotNull();
    return new String(zip.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  void webIdentity_irsaEnvironmentWithoutStaticKeys_copiesThroughSparkSubmit() throws Exception {
    // EKS with IRSA: the pod has a token file and a role, no keys. Before the shaded jar carried the sts module
    // this failed with "To use web identity tokens, the 'sts' service module must be on the class path".
    Seeder.createBucket(s3, "irsa-src");
    Seeder.createBucket(s3, "irsa-dst");
    for (int i = 0; i < 3; i++) {
      Seeder.put(s3, "irsa-src", "t/o-" + i, Seeder.content("irsa" + i, 700 + i));
    }
    Path token = Files.writeString(tmp.resolve("irsa-token"), "eyJ-projected-service-account-token");
    String endpoint = server.endpoint().toString();
    Map<String, String> irsa = Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(), "AWS_ROLE_ARN",
        "arn:aws:iam::111122223333:role/lakecopy-irsa", "AWS_REGION", S3TestServer.REGION, "AWS_STS_REGIONAL_ENDPOINTS",
        "regional", "AWS_ENDPOINT_URL_STS", sts.endpoint().toString(), "AWS_EC2_METADATA_DISABLED", "true",
        "HOME", tmp.toString());

    Result result = submit(List.of("--source", "s3://irsa-src/t/", "--dest", "s3://irsa-dst/t/", "--source-endpoint",
        endpoint, "--dest-endpoint", endpoint, "--path-style", "--source-region", "us-east-1", "--dest-region",
        "us-east-1", "--no-tags"), "irsa", List.of(), List.of(), irsa);

    assertThat(result.exitCode()).as(result.log()).isZero();
    assertThat(result.log()).contains("copied 3").doesNotContain("service module must be on the class path");
    assertThat(s3.listObjectsV2(b -> b.bucket("irsa-dst")).contents()).hasSize(3);
    assertThat(sts.calls("AssumeRoleWithWebIdentity")).isNotEmpty().allSatisfy(c -> assertThat(c.params())
        .containsEntry("WebIdentityToken", "eyJ-projected-service-account-token")
        .containsEntry("RoleArn", "arn:aws:iam::111122223333:role/lakecopy-irsa"));
  }

  @Test
  void sparkSubmitWrapper_copiesWithTheShadedJarAndReturnsDocumentedExitCodes() throws Exception {
    Seeder.createBucket(s3, "jar-src");
    Seeder.createBucket(s3, "jar-dst");
    for (int i = 0; i < 20; i++) {
      Seeder.put(s3, "jar-src", "t/small-" + i, Seeder.content("s" + i, 1000 + i));
    }
    Seeder.put(s3, "jar-src", "t/big", Seeder.content("big", 12 * 1024 * 1024));
    String endpoint = server.endpoint().toString();
    List<String> common = List.of("--source-endpoint", endpoint, "--dest-endpoint", endpoint, "--path-style",
        "--source-region", "us-east-1", "--dest-region", "us-east-1", "--no-tags");

    List<String> ok = new ArrayList<>(List.of("--source", "s3://jar-src/t/", "--dest", "s3://jar-dst/u/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB"));
    ok.addAll(common);
    // With lakecopy's metrics plugin and Spark's CSV sink, configured as the README shows.
    Path metrics = Files.createDirectories(tmp.resolve("metrics"));
    Result copied = submit(ok, "ok", "--conf spark.plugins=io.lakecopy.metrics.LakecopyMetricsPlugin"
        + " --conf spark.metrics.conf.*.sink.csv.class=org.apache.spark.metrics.sink.CsvSink"
        + " --conf spark.metrics.conf.*.sink.csv.period=1 --conf spark.metrics.conf.*.sink.csv.directory=" + metrics);
    assertThat(copied.exitCode()).as(copied.log()).isZero();
    assertThat(copied.log()).contains("copied 21");
    assertThat(s3.listObjectsV2(b -> b.bucket("jar-dst")).contents()).hasSize(21);
    assertThat(Seeder.md5Hex(s3.getObjectAsBytes(b -> b.bucket("jar-dst").key("u/big")).asByteArray()))
        .isEqualTo(Seeder.md5Hex(Seeder.content("big", 12 * 1024 * 1024)));
    // 20 objects under the threshold: one CopyObject each; the 12 MiB one: 3 parts of 5, 5 and 2 MiB.
    long bytes = 12 * 1024 * 1024;
    for (int i = 0; i < 20; i++) {
      bytes += 1000 + i;
    }
    assertThat(lastValue(metrics, "requests.CopyObject")).isEqualTo(20);
    assertThat(lastValue(metrics, "requests.UploadPartCopy")).isEqualTo(3);
    assertThat(lastValue(metrics, "bytes.copied")).isEqualTo(bytes);
    assertThat(lastValue(metrics, "objects.failed")).isZero();
    assertThat(lastValue(metrics, "parts.failed")).isZero();
    assertThat(lastValue(metrics, "throttled")).isZero();

    List<String> bad = new ArrayList<>(List.of("--source", "s3://jar-src/t/", "--dest", "s3://jar-src/t/x/"));
    bad.addAll(common);
    Result rejected = submit(bad, "bad");
    assertThat(rejected.exitCode()).as(rejected.log()).isEqualTo(2);
    assertThat(rejected.log()).contains("--dest").contains("inside the source prefix");
  }

  @Test
  void olderAwsSdkFirstOnTheClasspath_jobUsesItsOwnRelocatedSdk() throws Exception {
    // EMR puts its own AWS SDK (2.20.160 on EMR 7.0) ahead of user jars; an unrelocated jar would run on it.
    Seeder.createBucket(s3, "old-src");
    Seeder.createBucket(s3, "old-dst");
    for (int i = 0; i < 5; i++) {
      Seeder.put(s3, "old-src", "t/o-" + i, Seeder.content("o" + i, 500 + i));
    }
    Seeder.put(s3, "old-src", "t/big", Seeder.content("old-big", 11 * 1024 * 1024));
    List<String> oldSdk;
    try (var jars = Files.list(Path.of(System.getProperty("lakecopy.old.sdk.dir", "target/old-aws-sdk")))) {
      oldSdk = jars.map(Path::toString).filter(j -> j.endsWith(".jar")).sorted().toList();
    }
    assertThat(oldSdk).anyMatch(j -> j.endsWith("s3-2.20.160.jar"));
    String endpoint = server.endpoint().toString();

    Result result = submit(List.of("--source", "s3://old-src/t/", "--dest", "s3://old-dst/t/", "--part-size", "5MiB",
        "--multipart-threshold", "5MiB", "--source-endpoint", endpoint, "--dest-endpoint", endpoint, "--path-style",
        "--source-region", "us-east-1", "--dest-region", "us-east-1", "--no-tags"), "old-sdk", oldSdk,
        List.of("-verbose:class"));

    assertThat(result.exitCode()).as(result.log()).isZero();
    assertThat(result.log()).contains("copied 6");
    assertThat(s3.listObjectsV2(b -> b.bucket("old-dst")).contents()).hasSize(6);
    assertThat(result.log())
        .containsPattern("io\\.lakecopy\\.shaded\\.awssdk\\.services\\.s3\\.DefaultS3Client source: \\S*-shaded\\.jar")
        .doesNotContain(" software.amazon.awssdk.services.s3.DefaultS3Client source:");
  }

  private record Result(int exitCode, String log) {}

  /**
   * The last value Spark's CSV sink wrote for one of lakecopy's plugin metrics. In local mode the executor starts
   * before the application has an id, so Spark names its sources without the {@code <app id>.<executor id>.} prefix
   * a cluster's executors give them.
   */
  private static long lastValue(Path dir, String metric) throws IOException {
    String name = "plugin.io.lakecopy.metrics.LakecopyMetricsPlugin." + metric + ".csv";
    List<Path> all;
    try (var list = Files.list(dir)) {
      all = list.sorted().toList();
    }
    List<Path> files = all.stream().filter(f -> f.getFileName().toString().equals(name)
        || f.getFileName().toString().endsWith("." + name)).toList();
    assertThat(files).as("CSV sink files for %s among %s", metric, all.stream().map(Path::getFileName).toList())
        .hasSize(1);
    List<String> lines = Files.readAllLines(files.get(0));
    assertThat(lines).as("%s: a header and at least one reading", files.get(0)).hasSizeGreaterThan(1);
    String[] last = lines.get(lines.size() - 1).split(",");
    return Long.parseLong(last[last.length - 1].trim());
  }

  private Result submit(List<String> args, String name, String submitOptions) throws Exception {
    return submit(args, name, List.of(), List.of(), Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY), submitOptions);
  }

  private Result submit(List<String> args, String name) throws Exception {
    return submit(args, name, List.of(), List.of());
  }

  private Result submit(List<String> args, String name, List<String> firstOnClasspath, List<String> jvmOptions)
      throws Exception {
    return submit(args, name, firstOnClasspath, jvmOptions, Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY));
  }

  /** @param credentials the AWS_* environment of spark-submit: nothing else of this JVM's AWS settings is passed on */
  private Result submit(List<String> args, String name, List<String> firstOnClasspath, List<String> jvmOptions,
      Map<String, String> credentials) throws Exception {
    return submit(args, name, firstOnClasspath, jvmOptions, credentials, "");
  }

  private Result submit(List<String> args, String name, List<String> firstOnClasspath, List<String> jvmOptions,
      Map<String, String> credentials, String submitOptions) throws Exception {
    // Spark and Hadoop as a cluster provides them: the test classpath minus what the shaded jar carries.
    List<String> launcher = new ArrayList<>(ChildJvm.javaCommand(io.lakecopy.testing.Classpaths::clusterProvided,
        firstOnClasspath));
    launcher.addAll(1, jvmOptions);
    Path sparkSubmit = tmp.resolve("spark-submit");
    Files.writeString(sparkSubmit, "#!/usr/bin/env bash\nexec " + String.join(" ", launcher.stream()
        .map(s -> "'" + s.replace("'", "'\\''") + "'").toList()) + " org.apache.spark.deploy.SparkSubmit \"$@\"\n");
    sparkSubmit.toFile().setExecutable(true);
    List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("deploy/spark-submit.sh").toString()));
    command.addAll(args);
    Path log = tmp.resolve(name + ".log");
    Map<String, String> env = new java.util.HashMap<>(Map.of("SPARK_SUBMIT", sparkSubmit.toString(), "SPARK_MASTER",
        "local[2]", "LAKECOPY_JAR", JAR.toString(), "SPARK_SUBMIT_OPTS_EXTRA", ("--conf spark.ui.enabled=false " + submitOptions).strip()));
    env.putAll(credentials);
    Process p = ChildJvm.start(command, log, env, true);
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("spark-submit did not finish in 180 s:\n" + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log));
  }

}
