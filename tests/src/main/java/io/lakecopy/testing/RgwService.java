package io.lakecopy.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Ceph RADOS Gateway (radosgw 16.2 from the Debian/Ubuntu packages) as a test server: a real S3
 * implementation rather than an emulator. Each instance is a fresh single-node cluster — one mon, one
 * OSD, radosgw with the beast frontend, no mgr, no cephx — bound to 127.0.0.1 on free ports, with its
 * configuration, logs, pid files and admin sockets in a new temporary directory. The bundled scripts
 * {@code ceph/start.sh} and {@code ceph/stop.sh} (classpath resources, runnable by hand) do the work.
 *
 * <p>The OSD uses memstore by default: its data lives in the OSD's memory and vanishes with it, and a
 * cluster is up in about 2 s, where BlueStore on a sparse file needs about 7 s ({@code
 * -Dlakecopy.rgw.store=bluestore} chooses it). {@link #close()} kills the daemons and deletes the
 * directory; a JVM shutdown hook does the same when close is never reached; and {@link #start()} first
 * removes clusters that JVMs killed without running their hooks left behind.
 *
 * <p>The user's keys are {@link S3TestServer#ACCESS_KEY} / {@link S3TestServer#SECRET_KEY}, so the tests'
 * checks for the secret in logs and reports cover this server too. The cluster also has a second storage
 * class, {@code STANDARD_IA}, the SSE-KMS "testing" backend (key id {@value #KMS_KEY_ID}) and STS.
 */
public final class RgwService implements S3Service {
  /** What to install on Debian/Ubuntu (16.2 on bookworm) for this server; no mgr is needed. */
  public static final String INSTALL_COMMAND =
      "apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common";
  /** The key id of the SSE-KMS "testing" backend the cluster is configured with. */
  public static final String KMS_KEY_ID = "testkey-1";
  /** Commands start.sh runs. */
  static final List<String> COMMANDS = List.of("bash", "ceph-mon", "ceph-osd", "radosgw", "ceph", "radosgw-admin",
      "ceph-authtool", "monmaptool");

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
  /** Loopback ports one cluster takes: S3, the mon's msgr2 and msgr1, then the range for the OSD's 8. */
  private static final int PORT_BLOCK = 24;
  /** Port blocks are picked below Linux's ephemeral range (32768+), where outgoing connections get theirs. */
  private static final int LOWEST_PORT = 20000;
  private static final int HIGHEST_PORT = 32000;

  private final CephClusterDir dir;
  private final int port;
  private final String store;
  private final String version;
  private final Duration startup;
  private final Thread shutdownHook;
  private boolean closed;

  private RgwService(CephClusterDir dir, int port, String store, String version, Duration startup, Thread shutdownHook) {
    this.dir = dir;
    this.port = port;
    this.store = store;
    this.version = version;
    this.startup = startup;
    this.shutdownHook = shutdownHook;
  }

  /** Why this machine cannot run the server (commands missing), or empty if it can. */
  public static Optional<String> unavailableReason() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.of("Ceph RGW test clusters run on Linux only (this is " + System.getProperty("os.name") + ")");
    }
    List<String> missing = COMMANDS.stream().filter(c -> onPath(c).isEmpty()).toList();
    if (!missing.isEmpty()) {
      return Optional.of("the Ceph packages are not installed (" + String.join(", ", missing) + " not on PATH); "
          + "install them with: " + INSTALL_COMMAND);
    }
    return Optional.empty();
  }

  /**
   * Starts a fresh cluster on free loopback ports and waits until radosgw serves S3 and the user
   * exists. On failure nothing is left running; the message carries the end of the start-up log.
   *
   * @throws IllegalStateException if the packages are missing or the cluster does not come up
   */
  public static RgwService start() {
    unavailableReason().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    String store = System.getProperty("lakecopy.rgw.store", "memstore");
    if (!store.equals("memstore") && !store.equals("bluestore")) {
      throw new IllegalArgumentException("-Dlakecopy.rgw.store must be memstore or bluestore, not '" + store + "'");
    }
    CephClusterDir dir = CephClusterDir.create();
    dir.removeAbandonedSiblings();
    Thread hook = new Thread(() -> dir.stop(!keepData()), "rgw-cluster-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Ports ports = freePorts();
    long started = System.nanoTime();
    try {
      runStartScript(dir, ports, store);
    } catch (RuntimeException e) {
      dir.stop(!keepData());
      removeHook(hook);
      throw e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    String version = radosgwVersion();
    System.out.printf(Locale.ROOT, "Ceph RGW %s (%s) up in %.1f s at http://127.0.0.1:%d, cluster in %s%n", version,
        store, took.toMillis() / 1000.0, ports.rgw(), dir.root());
    return new RgwService(dir, ports.rgw(), store, version, took, hook);
  }

  /** "16.2.15" from "ceph version 16.2.15 (618f...) pacific (stable)", or "unknown". */
  private static String radosgwVersion() {
    try {
      Process p = new ProcessBuilder("radosgw", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      String[] words = out.split("\\s+");
      return words.length > 2 && words[0].equals("ceph") && words[1].equals("version") ? words[2] : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static void runStartScript(CephClusterDir dir, Ports ports, String store) {
    Path log = dir.root().resolve("start.log");
    ProcessBuilder pb = new ProcessBuilder("bash", dir.script("start.sh").toString(), dir.cluster().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    // The secret goes by environment, never on a command line of ours or into the log.
    pb.environment().putAll(Map.of("RGW_PORT", String.valueOf(ports.rgw()), "MON_PORT", String.valueOf(ports.mon()),
        "MON_PORT1", String.valueOf(ports.mon1()), "PORT_MIN", String.valueOf(ports.min()),
        "PORT_MAX", String.valueOf(ports.max()), "OSD_STORE", store, "AK", S3TestServer.ACCESS_KEY,
        "SK", S3TestServer.SECRET_KEY));
    try {
      Process p = pb.start();
      if (!p.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Ceph RGW did not start within " + STARTUP_TIMEOUT + ":\n" + tail(log));
      }
      if (p.exitValue() != 0) {
        StringBuilder why = new StringBuilder("Ceph RGW did not start (start.sh exit " + p.exitValue() + "):\n")
            .append(tail(log));
        for (String daemonLog : List.of("startup.err", "rgw.log")) {
          Path f = dir.cluster().resolve("log").resolve(daemonLog);
          if (Files.isRegularFile(f)) {
            why.append("\n").append(daemonLog).append(":\n").append(tail(f));
          }
        }
        throw new IllegalStateException(why.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Ceph RGW", e);
    }
  }

  @Override
  public String name() {
    return "rgw";
  }

  @Override
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** How long the cluster took to start (measured around start.sh). */
  public Duration startupTime() {
    return startup;
  }

  /** The radosgw version, e.g. {@code 16.2.15}: what RGW deviates in depends on it. */
  public String version() {
    return version;
  }

  /** memstore or bluestore. */
  public String store() {
    return store;
  }

  /** The cluster's ceph.conf, for {@code radosgw-admin -c} and {@code ceph -c}. */
  public Path cephConf() {
    return dir.cluster().resolve("ceph.conf");
  }

  /**
   * Creates an S3 user with keys radosgw generates (so no secret passes a command line) and no access to
   * another user's buckets; returns its keys.
   */
  public AwsBasicCredentials createUser(String uid) {
    String json = admin("user", "create", "--uid=" + uid, "--display-name=" + uid);
    java.util.regex.Matcher key = java.util.regex.Pattern.compile(
        "\"access_key\":\\s*\"([^\"]+)\",\\s*\"secret_key\":\\s*\"([^\"]+)\"").matcher(json);
    if (!key.find()) {
      throw new IllegalStateException("radosgw-admin user create " + uid + " printed no keys");
    }
    return AwsBasicCredentials.create(key.group(1), key.group(2));
  }

  /**
   * Creates an IAM role (path /) with this trust policy and one permission policy and returns its ARN, which on
   * RGW names no account: {@code arn:aws:iam:::role/NAME}.
   */
  public String createRole(String name, String trustPolicy, String permissionPolicy) {
    admin("role", "create", "--role-name=" + name, "--path=/", "--assume-role-policy-doc=" + trustPolicy);
    admin("role-policy", "put", "--role-name=" + name, "--policy-name=" + name + "-policy",
        "--policy-doc=" + permissionPolicy);
    return "arn:aws:iam:::role/" + name;
  }

  /** Runs radosgw-admin against this cluster; returns its output, or throws with it on a non-zero exit. */
  private String admin(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("radosgw-admin", "-c", cephConf().toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("radosgw-admin " + args[0] + " " + args[1] + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running radosgw-admin", e);
    }
  }

  @Override
  public S3Client newClient() {
    return newClient(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY));
  }

  /** A client of another user's keys (see {@link #createUser}). */
  public S3Client newClient(AwsBasicCredentials keys) {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.of(S3TestServer.REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(keys))
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(64))
        // Over plain HTTP the SDK streams uploads aws-chunked, which RGW 16.2 answers with 400 twice over: with the
        // trailing checksum the SDK adds by default (STREAMING-...-PAYLOAD-TRAILER came with Ceph 18), and for any
        // empty body (the 16.2.15 regression reported on ceph/ceph#53266). Unchunked, the payload is signed whole
        // and the checksum goes in a header, which RGW accepts (and does not store).
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .build();
  }

  @Override
  public void exportCredentials() {
    S3TestServer.exportTestCredentials();
  }

  /**
   * Kills the cluster's daemons and deletes its directory ({@code -Dlakecopy.keep.server.data=true}
   * keeps the directory, with the logs). Safe to call twice.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    dir.stop(!keepData());
    removeHook(shutdownHook);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs (and finds nothing left to stop)
    }
  }

  private static boolean keepData() {
    return Boolean.getBoolean("lakecopy.keep.server.data");
  }

  /** Ports of one cluster: S3, the mon's msgr2 and msgr1, and the range the OSD's messengers bind in. */
  record Ports(int rgw, int mon, int mon1, int min, int max) {}

  /**
   * A block of loopback ports all free right now, at a random place so that clusters of concurrent
   * test runs do not pick the same one. Never the packages' or the shared scripts' fixed defaults.
   */
  static Ports freePorts() {
    Random random = new Random(); // spreads concurrent JVMs; not test data
    int blocks = (HIGHEST_PORT - LOWEST_PORT) / PORT_BLOCK;
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = LOWEST_PORT + random.nextInt(blocks) * PORT_BLOCK;
      if (IntStream.range(base, base + PORT_BLOCK).allMatch(RgwService::free)) {
        return new Ports(base, base + 1, base + 2, base + 3, base + PORT_BLOCK - 1);
      }
    }
    throw new IllegalStateException("no block of " + PORT_BLOCK + " free loopback ports between " + LOWEST_PORT
        + " and " + HIGHEST_PORT);
  }

  private static boolean free(int port) {
    try {
      new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static Optional<Path> onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d.isEmpty() ? "." : d, command);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e.getMessage() + ")";
    }
  }
}
