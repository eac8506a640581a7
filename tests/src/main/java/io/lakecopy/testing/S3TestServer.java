package io.lakecopy.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server in a child JVM, on loopback, with its data in a temporary directory:
 * Adobe S3Mock (most faithful) or S3Proxy (faster; checks SigV4 signatures). Their executable jars
 * are fetched by the build into {@code target/servers} (system property {@code lakecopy.servers.dir}).
 * Running them out of process keeps their Spring Boot / Jetty stacks off Spark's classpath.
 */
public final class S3TestServer implements S3Service {
  /** Which server. */
  public enum Kind {
    S3MOCK("s3mock.jar"),
    S3PROXY("s3proxy.jar");

    private final String jar;

    Kind(String jar) {
      this.jar = jar;
    }
  }

  public static final String ACCESS_KEY = "lakecopy-test-access";
  /** A recognisable fake secret: tests grep logs and reports for it. */
  public static final String SECRET_KEY = "lakecopy-FAKE-secret-7f3a9c";
  public static final String REGION = "us-east-1";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final Kind kind;
  private final Process process;
  private final int port;
  private final Path dataDir;
  private final Path log;

  private S3TestServer(Kind kind, Process process, int port, Path dataDir, Path log) {
    this.kind = kind;
    this.process = process;
    this.port = port;
    this.dataDir = dataDir;
    this.log = log;
  }

  /** Starts a server and waits until it accepts connections. */
  public static S3TestServer start(Kind kind) {
    return start(kind, java.util.Map.of());
  }

  /**
   * As {@link #start(Kind)}, with more server properties: S3Proxy's, e.g. {@code
   * s3proxy.ignore-unknown-headers=true} for session tokens (S3Proxy answers {@code x-amz-security-token}
   * with 501 otherwise; the signature it checks still covers the header), or S3Mock's Spring properties,
   * e.g. {@code com.adobe.testing.s3mock.store.valid-kms-keys} (S3Mock rejects any other KMS key).
   */
  public static S3TestServer start(Kind kind, java.util.Map<String, String> properties) {
    requireNonNull(kind, "kind is null");
    java.util.Map<String, String> extra = new java.util.TreeMap<>(properties);
    try {
      Path work = Files.createTempDirectory("lakecopy-" + kind.name().toLowerCase() + "-");
      Path data = Files.createDirectories(work.resolve("data"));
      Path log = work.resolve("server.log");
      int port = freePort();
      List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx1g", "-XX:+UseSerialGC"));
      // Extra server JVM flags: the integration tests pass -XX:TieredStopAtLevel=1 (a server that lives for
      // one test class spends less CPU compiling with C1 alone); benchmarks pass none, for a fully compiled server.
      for (String flag : System.getProperty("lakecopy.server.jvm.flags", "").trim().split("\\s+")) {
        if (!flag.isEmpty()) {
          command.add(flag);
        }
      }
      command.addAll(List.of("-jar", serverJar(kind).toString()));
      if (kind == Kind.S3MOCK) {
        command.addAll(List.of("--server.port=" + freePort(), "--http.port=" + port, "--server.address=127.0.0.1",
            "--com.adobe.testing.s3mock.store.root=" + data, "--spring.main.banner-mode=off",
            "--logging.level.root=WARN"));
        extra.forEach((k, v) -> command.add("--" + k + "=" + v));
      } else {
        Path props = work.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data,
            "jclouds.identity=ignored",
            "jclouds.credential=ignored") + "\n");
        for (var p : extra.entrySet()) {
          Files.writeString(props, p.getKey() + "=" + p.getValue() + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
        command.addAll(List.of("--properties", props.toString()));
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      S3TestServer server = new S3TestServer(kind, process, port, data, log);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        process.destroyForcibly();
        if (!Boolean.getBoolean("lakecopy.keep.server.data")) {
          deleteTree(work);
        }
      }));
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public String name() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** The server's process id (benchmarks read its CPU time). */
  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return log;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A client for seeding and checking, with the server's credentials. The caller closes it. */
  @Override
  public S3Client newClient() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(64))
        .build();
  }

  /**
   * Makes the server's credentials visible to the AWS default credentials chain of this JVM (system
   * properties come first in the chain), as an instance profile would on a cluster.
   */
  @Override
  public void exportCredentials() {
    exportTestCredentials();
  }

  /** {@link #ACCESS_KEY}, {@link #SECRET_KEY} and {@link #REGION} as this JVM's AWS system properties. */
  static void exportTestCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    System.setProperty("aws.region", REGION);
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(kind + " exited with " + process.exitValue() + " during start-up; see " + log);
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          process.waitFor(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + kind, e);
        }
      }
    }
    close();
    throw new IllegalStateException(kind + " did not accept connections within " + STARTUP_TIMEOUT + "; see " + log);
  }

  /**
   * Stops the server and deletes its objects, so that test and benchmark runs do not fill the disk
   * (a benchmark leaves gigabytes). {@code -Dlakecopy.keep.server.data=true} keeps them, with the log.
   */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    if (!Boolean.getBoolean("lakecopy.keep.server.data")) {
      deleteTree(dataDir.getParent());
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temp directory left behind is not worth failing a test over
    }
  }

  private static Path serverJar(Kind kind) {
    Path dir = Path.of(System.getProperty("lakecopy.servers.dir", "target/servers"));
    Path jar = dir.resolve(kind.jar);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the build (mvn verify), which fetches"
          + " the S3 server jars into " + dir);
    }
    return jar;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A port free right now on loopback. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
