package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
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

  @BeforeAll
  void start() {
    server = S3TestServer.start(S3TestServer.Kind.S3PROXY);
    s3 = server.newClient();
  }

  @AfterAll
  void stop() {
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
        "io/lakecopy/shaded/awssdk/services/s3/S3Client.class", "io/lakecopy/shaded/picocli/CommandLine.class");
    assertThat(entries).noneMatch(n -> n.startsWith("software/amazon/") || n.startsWith("picocli/")
        || n.startsWith("org/apache/hc/") || n.startsWith("org/apache/spark/") || n.startsWith("org/apache/hadoop/")
        || n.startsWith("scala/") || n.startsWith("com/fasterxml/") || n.startsWith("io/netty/")
        || n.startsWith("org/slf4j/"));
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
    Result copied = submit(ok, "ok");
    assertThat(copied.exitCode()).as(copied.log()).isZero();
    assertThat(copied.log()).contains("copied 21");
    assertThat(s3.listObjectsV2(b -> b.bucket("jar-dst")).contents()).hasSize(21);
    assertThat(Seeder.md5Hex(s3.getObjectAsBytes(b -> b.bucket("jar-dst").key("u/big")).asByteArray()))
        .isEqualTo(Seeder.md5Hex(Seeder.content("big", 12 * 1024 * 1024)));

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

  private Result submit(List<String> args, String name) throws Exception {
    return submit(args, name, List.of(), List.of());
  }

  private Result submit(List<String> args, String name, List<String> firstOnClasspath, List<String> jvmOptions)
      throws Exception {
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
    Process p = ChildJvm.start(command, log, Map.of("SPARK_SUBMIT", sparkSubmit.toString(), "SPARK_MASTER",
        "local[2]", "LAKECOPY_JAR", JAR.toString(), "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY, "SPARK_SUBMIT_OPTS_EXTRA", "--conf spark.ui.enabled=false"));
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("spark-submit did not finish in 180 s:\n" + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log));
  }

}
