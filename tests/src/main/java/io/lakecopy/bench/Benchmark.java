package io.lakecopy.bench;

import io.lakecopy.testing.Classpaths;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.RgwService;
import io.lakecopy.testing.S3Service;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Side-by-side benchmark: lakecopy (spark-submit, local[2]), rclone, the AWS CLI and a bare loop of SDK
 * CopyObject calls, against S3Proxy or Ceph RGW 16.2 ({@code --server rgw}) behind a loopback proxy
 * that adds per-request latency and counts requests by type. Prints one markdown table row per run and
 * the target ratios. See bench/run.sh.
 */
public final class Benchmark {
  private final S3Service server;
  private final S3Client direct;
  private final FaultProxy proxy;
  private final Path work;
  private final Path jar;
  private final List<Result> results = new ArrayList<>();
  private int runs;
  private boolean quick;

  private Benchmark(Path work, Path jar, String serverName) {
    this.work = work;
    this.jar = jar;
    this.server = switch (serverName) {
      case "s3proxy" -> S3TestServer.start(S3TestServer.Kind.S3PROXY);
      case "rgw" -> {
        // memstore would hold every copied gigabyte in the OSD's memory until garbage collection
        System.setProperty("lakecopy.rgw.store", System.getProperty("lakecopy.rgw.store", "bluestore"));
        yield RgwService.start();
      }
      default -> throw new IllegalArgumentException("--server must be s3proxy or rgw, not '" + serverName + "'");
    };
    this.direct = server.newClient();
    this.proxy = FaultProxy.start(server.endpoint(), 400);
    Seeder.createBucket(direct, Workload.BUCKET);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    boolean quick = opts.containsKey("quick");
    List<String> workloads = Arrays.asList(opts.getOrDefault("workloads", "W1,W2,W3,W1S").split(","));
    List<Integer> latencies = Arrays.stream(opts.getOrDefault("latencies", "20,50").split(","))
        .map(String::trim).map(Integer::valueOf).toList();
    List<String> tools = Arrays.asList(opts.getOrDefault("tools", "lakecopy,rclone,aws,sdk").split(","));
    Path work = Files.createDirectories(Path.of(opts.getOrDefault("work", "target/bench")));
    Benchmark bench = new Benchmark(work, Path.of(System.getProperty("lakecopy.shaded.jar")),
        opts.getOrDefault("server", "s3proxy"));
    bench.quick = quick;
    try {
      System.out.printf("# lakecopy benchmark, %s, %d cores, %s, server %s%n", Instant.now(),
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), bench.serverDescription());
      System.out.println(TABLE_HEADER);
      Map<String, Workload> seeded = new LinkedHashMap<>();
      for (String w : workloads) {
        String name = w.trim();
        boolean slowDown = name.equals("W1S");
        String base = slowDown ? "W1" : name;
        if (!seeded.containsKey(base)) {
          seeded.put(base, bench.seed(base, quick));
          bench.warmUp(seeded.get(base));
        }
        Workload workload = seeded.get(base);
        int highest = latencies.get(latencies.size() - 1);
        if (slowDown) {
          bench.runThrottled(workload, highest, tools);
          continue;
        }
        for (int latency : latencies) {
          if (!name.equals("W1") && latency != highest) {
            continue; // big-object workloads are latency-insensitive: run them at the highest latency only
          }
          bench.runAll(workload, latency, tools);
        }
      }
      bench.printServerTime();
      bench.printTargets();
      bench.printTimelines();
    } finally {
      bench.close();
    }
  }

  /**
   * Seeds through the server's S3 API, not the proxy. On RGW, W1 has 2,000 objects (PutObject there
   * runs at a few hundred a second on 2 cores) and W2 4 objects, each a CopyObject of the base object,
   * which RGW does by reference (every byte a copy then writes is the copy's own).
   */
  private Workload seed(String name, boolean quick) throws Exception {
    long start = System.nanoTime();
    boolean rgw = server instanceof RgwService;
    Workload w = switch (name) {
      case "W1" -> Workload.w1(direct, quick ? (rgw ? 1000 : 4000) : (rgw ? 2000 : 20000));
      case "W2" -> Workload.w2(direct, quick ? 2 : (rgw ? 4 : 8), rgw);
      case "W3" -> Workload.w3(direct, quick ? 2000 : 10000, quick ? 4 : 20);
      case "W4" -> Workload.w4(direct, (quick ? 1 : 4) * 1024 * Workload.MiB);
      default -> throw new IllegalArgumentException("unknown workload " + name);
    };
    System.err.printf("seeded %s: %,d objects, %,d bytes in %.1f s%n", w.name(), w.objects(), w.bytes(),
        (System.nanoTime() - start) / 1e9);
    return w;
  }

  private void runAll(Workload w, int latencyMs, List<String> tools) throws Exception {
    proxy.setLatency(Duration.ofMillis(latencyMs));
    int tuned = 64;
    // The defaults run in the order --tools names them, so run-order effects (the page cache, the
    // server's warm-up) can be checked by naming a tool twice: --tools lakecopy,rclone,lakecopy.
    for (String tool : tools) {
      switch (tool) {
        case "lakecopy" -> record(w, latencyMs, "lakecopy", "defaults", 64, lakecopy(w, List.of()));
        case "baseline" -> record(w, latencyMs, "lakecopy " + baselineJar().getFileName(), "defaults", 64,
            lakecopy(w, List.of(), baselineJar()));
        case "rclone" -> record(w, latencyMs, "rclone", "defaults", 4, rclone(w, List.of()));
        case "aws" -> record(w, latencyMs, "aws cli", "defaults", 10, awsCli(w, 10));
        // The same listing and planning, no copy: what the copies themselves cost is the difference.
        case "dryrun" -> record(w, latencyMs, "lakecopy", "dry run", 64, lakecopy(w, List.of("--dry-run")), false);
        default -> { } // sweep, sdk: below
      }
    }
    if (tools.contains("sweep") && !w.name().equals("W1")) { // a threshold of 5GiB is every object of W2-W4
      // How part size and threshold play on this server: one CopyObject per object (as rclone's default
      // 4.6 GiB cutoff does) against multipart copies of 64 and 256 MiB parts.
      record(w, latencyMs, "lakecopy", "threshold 5GiB", 64, lakecopy(w, List.of("--multipart-threshold", "5GiB")));
      if (w.name().equals("W2")) { // rclone's 4 transfers: the same copies, as many at once
        record(w, latencyMs, "lakecopy", "threshold 5GiB, 4 in flight", 4, lakecopy(w, List.of("--multipart-threshold",
            "5GiB", "--max-concurrency", "2")));
      }
      record(w, latencyMs, "lakecopy", "parts 64MiB", 64, lakecopy(w, List.of("--part-size", "64MiB",
          "--multipart-threshold", "64MiB")));
      record(w, latencyMs, "lakecopy", "parts 256MiB", 64, lakecopy(w, List.of("--part-size", "256MiB",
          "--multipart-threshold", "256MiB")));
    }
    if (w.name().equals("W2") && tools.contains("sdk")) {
      // What the server gives one CopyObject per object with nothing else running: no client can copy
      // W2 faster on this server than its fastest whole-object copy.
      record(w, latencyMs, "SDK loop", "limit, 4 in flight", 4, sdkLoop(w, 4));
      record(w, latencyMs, "SDK loop", "limit, 8 in flight", 8, sdkLoop(w, 8));
    }
    if (w.name().equals("W1")) {
      if (tools.contains("lakecopy")) {
        // 64 in flight as 4 tasks x 16: two run at once on local[2], two more keep the tail short.
        record(w, latencyMs, "lakecopy", "tuned", tuned, lakecopy(w, List.of("--max-concurrency",
            String.valueOf(tuned / 2))));
      }
      if (tools.contains("rclone")) {
        record(w, latencyMs, "rclone", "tuned", tuned, rclone(w, List.of("--transfers", String.valueOf(tuned),
            "--checkers", String.valueOf(tuned))));
      }
      if (tools.contains("sdk")) {
        record(w, latencyMs, "SDK loop", "limit", tuned, sdkLoop(w, tuned));
      }
      if (tools.contains("sdk-http")) {
        // The same loop and S3 settings on each HTTP client the SDK offers: what the client itself costs.
        for (String http : List.of("apache5", "apache", "urlconnection", "crt")) {
          record(w, latencyMs, "SDK loop", http, tuned, sdkLoop(w, tuned, http));
        }
      }
    }
  }

  /**
   * What one tool run measured: wall time from the command to its exit, lakecopy's own copy-phase time
   * (0 where the tool prints none), the exit code (-1: killed after the time limit) and the CPU seconds
   * (user + system) of the tool's process tree ({@code /usr/bin/time}; NaN where it is not installed).
   */
  record Measured(double wallSeconds, double copySeconds, int exitCode, double cpuSeconds) {
    boolean exitOk() {
      return exitCode == 0;
    }
  }

  static final String TABLE_HEADER = "| workload | latency | tool | variant | in flight | wall s | tool CPU s | copy s"
      + " | objects/s | MiB/s | ideal req/s | server CPU | requests (by type) | req/object | ok |\n"
      + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

  /**
   * One table row. A run that exited non-zero, or left other than every object and byte of the workload at
   * the destination, is FAILED: no time, rate or ratio is printed for it, only why it failed.
   */
  static String tableRow(Result r) {
    long total = r.requests().values().stream().mapToLong(Long::longValue).sum();
    String cpu = Double.isNaN(r.m().cpuSeconds()) ? "–" : String.format(Locale.ROOT, "%.1f", r.m().cpuSeconds());
    String head = String.format(Locale.ROOT, "| %s | %d ms | %s | %s | %d | ", r.workload(), r.latencyMs(), r.tool(),
        r.variant(), r.inFlight());
    String tail = String.format(Locale.ROOT, " | %.0f%% | %d %s | %.4f | ", r.serverCpu() * 100, total, r.requests(),
        (double) total / r.objects());
    if (!r.ok()) {
      String why = r.m().exitCode() < 0 ? "killed after the time limit" : "exit code " + r.m().exitCode();
      return head + "FAILED | " + cpu + " | – | – | – | –" + tail + "FAILED: " + why + ", " + r.foundObjects() + " of "
          + r.objects() + " objects and " + r.foundBytes() + " of " + r.bytes() + " bytes at the destination |";
    }
    return head + String.format(Locale.ROOT, "%.1f | %s | %s | %.0f | %.1f | %.0f", r.m().wallSeconds(), cpu,
        r.m().copySeconds() > 0 ? String.format(Locale.ROOT, "%.1f", r.m().copySeconds()) : "–",
        r.objectsPerSecond(false), r.bytes() / 1048576.0 / r.m().wallSeconds(), r.inFlight() * 1000.0 / r.latencyMs())
        + tail + "yes |";
  }

  record Result(String workload, int latencyMs, String tool, String variant, int inFlight, Measured m,
      Map<RequestType, Long> requests, double serverCpu, long objects, long bytes, long foundObjects, long foundBytes,
      boolean ok,
      Map<RequestType, Double> serverSeconds, java.util.SortedMap<Long, long[]> timeline) {
    double objectsPerSecond(boolean copyPhase) {
      return objects / (copyPhase && m.copySeconds() > 0 ? m.copySeconds() : m.wallSeconds());
    }
  }

  private void record(Workload w, int latencyMs, String tool, String variant, int inFlight, Measured m)
      throws Exception {
    record(w, latencyMs, tool, variant, inFlight, m, true);
  }

  /** @param copies whether the run copies (a dry run must leave the destination empty) */
  private void record(Workload w, int latencyMs, String tool, String variant, int inFlight, Measured m,
      boolean copies) throws Exception {
    Map<RequestType, Long> requests = proxy.counts();
    String dest = destBucket();
    long[] found = count(dest, w.prefix());
    boolean ok = m.exitOk() && (copies ? found[0] == w.objects() && found[1] == w.bytes() : found[0] == 0);
    Result r = new Result(w.name(), latencyMs, tool, variant, inFlight, m, requests, cpuShare, w.objects(),
        w.bytes(), found[0], found[1], ok, proxy.upstreamSeconds(), proxy.copyTimeline());
    results.add(r);
    System.out.println(tableRow(r));
    emptyBucket(dest);
  }

  /**
   * One untimed copy of the workload before the timed ones: the first copy after seeding runs while
   * the kernel still writes the seeded gigabytes back to disk, which measured here slowed whichever
   * tool ran first (rclone on W2: 19.7 s first, 13.3 s second).
   */
  private void warmUp(Workload w) throws Exception {
    Measured m = sdkLoop(w, 64);
    System.err.printf(Locale.ROOT, "warm-up copy of %s (SDK loop, untimed in the table): %.1f s%n", w.name(),
        m.wallSeconds());
    emptyBucket(destBucket());
  }

  /**
   * W1 against a server that throttles in bursts: 8 s of every 20 s, from 10 s after the first copy,
   * at most 100 copy requests a second are admitted and the rest answered 503 SlowDown. Shows
   * whether each client backs off (few 503s, no failures) and recovers when the burst ends.
   */
  private void runThrottled(Workload w, int latencyMs, List<String> tools) throws Exception {
    proxy.setLatency(Duration.ofMillis(latencyMs));
    java.util.Set<RequestType> copies = java.util.EnumSet.of(RequestType.COPY_OBJECT, RequestType.UPLOAD_PART_COPY);
    String name = w.name() + " + SlowDown bursts";
    Workload throttled = new Workload(name, w.prefix(), w.objects(), w.bytes());
    for (String tool : List.of("lakecopy", "rclone", "sdk")) {
      if (!tools.contains(tool)) {
        continue;
      }
      // --quick copies W1 in seconds: bursts come sooner and shorter there.
      io.lakecopy.testing.FaultRule rule = proxy.addRule(io.lakecopy.testing.FaultRule.throttleBursts(copies,
          Duration.ofSeconds(quick ? 3 : 10), Duration.ofSeconds(quick ? 3 : 8), Duration.ofSeconds(quick ? 6 : 20), 100));
      try {
        switch (tool) {
          case "lakecopy" -> record(throttled, latencyMs, "lakecopy", "defaults", 64, lakecopy(w, List.of()));
          case "rclone" -> record(throttled, latencyMs, "rclone", "tuned", 64, rclone(w, List.of("--transfers", "64",
              "--checkers", "64")));
          default -> record(throttled, latencyMs, "SDK loop", "no adaptive limit", 64, sdkLoop(w, 64));
        }
        System.err.printf("%s %s: %d requests answered 503 SlowDown by the throttle%n", name, tool, rule.fired());
      } finally {
        proxy.clearRules();
      }
    }
  }

  /** Seconds the server spent per request type: where a big-object copy's time goes. */
  private void printServerTime() {
    System.out.println();
    System.out.println("Server time by request type (sum over requests of the time the server took to answer, at"
        + " the proxy, added latency excluded; big-object workloads):");
    for (Result r : results) {
      if (r.workload().startsWith("W1")) {
        continue;
      }
      StringBuilder b = new StringBuilder();
      r.serverSeconds().forEach((type, seconds) -> {
        long n = r.requests().getOrDefault(type, 0L);
        b.append(String.format(Locale.ROOT, "%s %d x %.2f s = %.1f s; ", type, n, seconds / Math.max(n, 1), seconds));
      });
      System.out.printf(Locale.ROOT, "- %s %s %s: %s%n", r.workload(), r.tool(), r.variant(), b);
    }
  }

  /** Copies answered per second, and 503s, for the throttled runs. */
  private void printTimelines() {
    for (Result r : results) {
      if (!r.workload().contains("SlowDown")) {
        continue;
      }
      System.out.println();
      System.out.printf("Timeline, %s, %s %s (seconds from the tool's start; copy requests a second, averaged over 2 s:"
          + " answered 2xx / answered 503 SlowDown; bursts from %s s after the first copy, %s s of every %s s, 100 copies/s"
          + " admitted):%n", r.workload(), r.tool(), r.variant(), quick ? 3 : 10, quick ? 3 : 8, quick ? 6 : 20);
      long first = r.timeline().isEmpty() ? 0 : r.timeline().firstKey();
      long last = r.timeline().isEmpty() ? -1 : r.timeline().lastKey();
      StringBuilder line = new StringBuilder();
      for (long t = first; t <= last; t += 2) {
        long ok = 0;
        long slow = 0;
        for (long u = t; u < t + 2; u++) {
          long[] row = r.timeline().getOrDefault(u, new long[2]);
          ok += row[0];
          slow += row[1];
        }
        line.append(String.format(Locale.ROOT, "%3ds %5d/%-5d", t - first, ok / 2, slow / 2));
        if (((t - first) / 2) % 6 == 5) {
          System.out.println(line.toString().stripTrailing());
          line.setLength(0);
        } else {
          line.append(" | ");
        }
      }
      if (line.length() > 0) {
        System.out.println(line.toString().replaceAll("[ |]+$", ""));
      }
    }
  }

  // ---------------------------------------------------------------- tools

  private double cpuShare;

  private Measured timed(List<String> command, Map<String, String> env, String name) throws Exception {
    String dest = nextDestBucket();
    List<String> resolved = new ArrayList<>();
    Path cpuFile = work.resolve(name + "-" + (runs) + ".cpu");
    Files.deleteIfExists(cpuFile);
    if (Files.isExecutable(TIME)) { // GNU time: user and system seconds of the tool and its children, to a file
      resolved.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
    }
    command.stream().map(s -> s.replace("@DEST@", dest)).forEach(resolved::add);
    proxy.resetCounts();
    long cpuBefore = serverCpuTicks();
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(resolved).redirectErrorStream(true)
        .redirectOutput(work.resolve(name + "-" + runs + ".log").toFile());
    pb.environment().remove("AWS_CA_BUNDLE"); // rclone 1.60 cannot load the bundle this machine points at
    pb.environment().putAll(env);
    Process p = pb.start();
    boolean finished = p.waitFor(60, TimeUnit.MINUTES);
    double wall = (System.nanoTime() - start) / 1e9;
    cpuShare = (serverCpuTicks() - cpuBefore) / 100.0 / wall / Runtime.getRuntime().availableProcessors();
    if (!finished) {
      p.destroyForcibly();
    }
    String log = Files.readString(work.resolve(name + "-" + runs + ".log"));
    return new Measured(wall, copySeconds(log), finished ? p.exitValue() : -1, cpuSeconds(cpuFile));
  }

  private Measured lakecopy(Workload w, List<String> extra) throws Exception {
    return lakecopy(w, extra, jar);
  }

  /** The build to compare with ({@code --tools baseline}): {@code -Dlakecopy.baseline.jar=PATH}, e.g. an older commit's. */
  private static Path baselineJar() {
    String path = System.getProperty("lakecopy.baseline.jar");
    if (path == null) {
      throw new IllegalArgumentException("--tools baseline needs -Dlakecopy.baseline.jar=<a shaded lakecopy jar>");
    }
    return Path.of(path);
  }

  private Measured lakecopy(Workload w, List<String> extra, Path jar) throws Exception {
    List<String> command = new ArrayList<>(Classpaths.sparkJavaCommand(List.of(), "1g"));
    command.addAll(1, jvmFlags()); // lakecopy's driver (local[2]: its executor too)
    command.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf",
        "spark.ui.enabled=false"));
    for (String conf : System.getProperty("lakecopy.bench.spark-conf", "").strip().split("\\s+")) {
      if (!conf.isEmpty()) {
        command.addAll(List.of("--conf", conf)); // e.g. spark.eventLog.enabled=true spark.eventLog.dir=file:/tmp/ev
      }
    }
    command.addAll(List.of("--class", "io.lakecopy.cli.LakecopyMain", jar.toString(),
        "--source", "s3://" + Workload.BUCKET + "/" + w.prefix(), "--dest", "s3://@DEST@/" + w.prefix(),
        "--source-endpoint", proxy.endpoint().toString(), "--dest-endpoint", proxy.endpoint().toString(),
        "--path-style", "--source-region", "us-east-1", "--dest-region", "us-east-1", "--no-tags",
        "--progress-interval", "0"));
    command.addAll(extra);
    return timed(command, credentials(), "lakecopy");
  }

  private Measured rclone(Workload w, List<String> extra) throws Exception {
    List<String> command = new ArrayList<>(List.of("rclone", "copy", "bench:" + Workload.BUCKET + "/" + w.prefix(),
        "bench:@DEST@/" + w.prefix(), "--s3-no-check-bucket"));
    command.addAll(extra);
    Map<String, String> env = new LinkedHashMap<>(Map.of("RCLONE_CONFIG_BENCH_TYPE", "s3",
        "RCLONE_CONFIG_BENCH_PROVIDER", server instanceof RgwService ? "Ceph" : "Other",
        "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
        "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY,
        "RCLONE_CONFIG_BENCH_ENDPOINT", proxy.endpoint().toString(), "RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true",
        "RCLONE_CONFIG_BENCH_REGION", "us-east-1"));
    return timed(command, env, "rclone");
  }

  private Measured awsCli(Workload w, int concurrency) throws Exception {
    Path config = work.resolve("aws.config");
    Files.writeString(config, "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n"
        + "  max_concurrent_requests = " + concurrency + "\n");
    Map<String, String> env = new LinkedHashMap<>(credentials());
    env.put("AWS_CONFIG_FILE", config.toString());
    // S3Proxy has no tagging API, which aws s3 cp reads for multipart copies (objects over its 8 MiB
    // threshold) unless --copy-props none; that flag makes small copies send a tagging header S3Proxy
    // rejects, so it is passed only for the workloads with big objects.
    List<String> command = new ArrayList<>(List.of("/usr/bin/aws", "--endpoint-url", proxy.endpoint().toString(), "s3",
        "cp", "--recursive", "--only-show-errors", "s3://" + Workload.BUCKET + "/" + w.prefix(),
        "s3://@DEST@/" + w.prefix()));
    if (!w.name().equals("W1")) {
      command.addAll(List.of("--copy-props", "none"));
    }
    return timed(command, env, "awscli");
  }

  /** The limit: a fresh JVM sending CopyObject for every listed key, {@code threads} at a time, nothing else. */
  private Measured sdkLoop(Workload w, int threads) throws Exception {
    return sdkLoop(w, threads, null);
  }

  /**
   * @param http null for lakecopy's own S3 client; else the HTTP client to run the loop's S3 settings on, from the
   *     classpath bench/run.sh resolves into {@code lakecopy.bench.http-classpath}
   */
  private Measured sdkLoop(Workload w, int threads, String http) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g"));
    command.addAll(jvmFlags()); // the same JVM as lakecopy's, so that the two compare like for like
    String classpath = System.getProperty("java.class.path");
    if (http != null) {
      String clients = System.getProperty("lakecopy.bench.http-classpath", "");
      if (clients.isBlank()) {
        throw new IllegalStateException("-Dlakecopy.bench.http-classpath is not set: run the benchmark with bench/run.sh");
      }
      classpath = classpath + java.io.File.pathSeparator + clients;
    }
    command.addAll(List.of("-cp", classpath, SdkLoop.class.getName(),
        proxy.endpoint().toString(), Workload.BUCKET, w.prefix(), "@DEST@", String.valueOf(threads)));
    if (http != null) {
      command.add(http);
    }
    return timed(command, credentials(), http == null ? "sdkloop" : "sdkloop-" + http);
  }

  /**
   * {@code LAKECOPY_JVM_FLAGS} ({@code -Dlakecopy.bench.jvm-flags}): flags for the JVMs of lakecopy's runs and of the
   * SDK loop, e.g. a Flight Recorder recording per run; {@code @RUN@} becomes the run's number.
   */
  private List<String> jvmFlags() {
    List<String> flags = new ArrayList<>();
    for (String flag : System.getProperty("lakecopy.bench.jvm-flags", "").strip().split("\\s+")) {
      if (!flag.isEmpty()) {
        flags.add(flag.replace("@RUN@", String.valueOf(runs + 1)));
      }
    }
    return flags;
  }

  // ---------------------------------------------------------------- helpers

  private String nextDestBucket() {
    runs++;
    String name = destBucket();
    Seeder.createBucket(direct, name);
    return name;
  }

  private String destBucket() {
    return "bench-dst-" + runs;
  }

  private long[] count(String bucket, String prefix) {
    long n = 0;
    long bytes = 0;
    for (S3Object o : direct.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      n++;
      bytes += o.size();
    }
    return new long[] {n, bytes};
  }

  private void emptyBucket(String bucket) {
    List<ObjectIdentifier> batch = new ArrayList<>();
    for (S3Object o : direct.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      batch.add(ObjectIdentifier.builder().key(o.key()).build());
      if (batch.size() == 1000) {
        delete(bucket, batch);
      }
    }
    delete(bucket, batch);
    direct.listMultipartUploads(b -> b.bucket(bucket)).uploads().forEach(u ->
        direct.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
    direct.deleteBucket(b -> b.bucket(bucket));
    if (server instanceof RgwService rgw) {
      collectGarbage(rgw);
    }
  }

  /**
   * RGW frees deleted data in the background, two hours later by default ({@code rgw gc obj min wait})
   * and a minute later in the test cluster: without this, one multipart copy of W2 after another would
   * fill the OSD.
   */
  private static void collectGarbage(RgwService rgw) {
    try {
      Process p = new ProcessBuilder("radosgw-admin", "-c", rgw.cephConf().toString(), "gc", "process",
          "--include-all").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        System.err.println("radosgw-admin gc process failed: the next runs may find the OSD full");
      }
    } catch (IOException e) {
      System.err.println("radosgw-admin gc process could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String serverDescription() {
    return server instanceof RgwService rgw ? "Ceph RGW " + rgw.version() + " (" + rgw.store() + ")" : "S3Proxy";
  }

  private void delete(String bucket, List<ObjectIdentifier> batch) {
    if (!batch.isEmpty()) {
      List<ObjectIdentifier> keys = List.copyOf(batch);
      direct.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(keys).quiet(true).build()));
      batch.clear();
    }
  }

  /** utime + stime of the server's processes (RGW: radosgw, the OSD and the mon), in clock ticks (1/100 s on Linux). */
  private long serverCpuTicks() {
    long ticks = 0;
    for (long pid : serverPids()) {
      try {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
      } catch (IOException | RuntimeException e) {
        // gone: counts nothing
      }
    }
    return ticks;
  }

  private List<Long> serverPids() {
    if (server instanceof S3TestServer s3proxy) {
      return List.of(s3proxy.pid());
    }
    Path run = ((RgwService) server).cephConf().resolveSibling("run"); // start.sh: pid file = $DIR/run/$name.pid
    try (var files = Files.list(run)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".pid")).map(f -> {
        try {
          return Long.valueOf(Files.readString(f).strip());
        } catch (IOException | NumberFormatException e) {
          return -1L;
        }
      }).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static final Path TIME = Path.of("/usr/bin/time");

  /** The last line GNU time wrote ("user system"), summed; NaN without one (no /usr/bin/time, or killed). */
  static double cpuSeconds(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Double.NaN;
    }
    List<String> lines = Files.readAllLines(file).stream().filter(l -> l.matches("[0-9.]+ [0-9.]+")).toList();
    if (lines.isEmpty()) {
      return Double.NaN;
    }
    String[] f = lines.get(lines.size() - 1).split(" ");
    return Double.parseDouble(f[0]) + Double.parseDouble(f[1]);
  }

  private static double copySeconds(String log) {
    var m = java.util.regex.Pattern.compile("elapsed\\s+([0-9.]+) s").matcher(log);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static Map<String, String> credentials() {
    return Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY,
        "AWS_DEFAULT_REGION", "us-east-1", "SPARK_LOCAL_IP", "127.0.0.1");
  }

  private void printTargets() {
    System.out.println();
    System.out.println("Targets (objects/s from wall time unless noted):");
    for (int latency : results.stream().map(Result::latencyMs).distinct().toList()) {
      ratio("W1", latency, "lakecopy", "defaults", "rclone", "defaults", false, 2.0);
      find("W1", latency, "lakecopy", "defaults").ifPresent(c -> find("W1", latency, "lakecopy", "dry run").ifPresent(d ->
          System.out.println(c.ok() && d.ok() && !Double.isNaN(c.m().cpuSeconds()) ? String.format(Locale.ROOT,
              "- W1 @ %d ms: lakecopy CPU per CopyObject = (copy %.1f s - dry run %.1f s) / %d = %.2f ms (target <= 0.8 ms)",
              latency, c.m().cpuSeconds(), d.m().cpuSeconds(), c.objects(),
              (c.m().cpuSeconds() - d.m().cpuSeconds()) * 1000 / c.objects())
              : String.format(Locale.ROOT, "- W1 @ %d ms: lakecopy CPU per CopyObject: no figure (a run FAILED or no CPU"
              + " time)", latency))));
      ratio("W1", latency, "lakecopy", "defaults", "aws cli", "defaults", false, 4.0);
      ratio("W1", latency, "lakecopy", "tuned", "rclone", "tuned", true, 0.9);
      ratio("W1", latency, "lakecopy", "tuned", "SDK loop", "limit", true, 0.8);
      find("W2", latency, "lakecopy", "defaults").ifPresent(l -> find("W2", latency, "rclone", "defaults").ifPresent(r ->
          System.out.println(l.ok() && r.ok() ? String.format(Locale.ROOT, "- W2 @ %d ms: lakecopy wall / rclone wall"
              + " at defaults = %.1f / %.1f = %.2f (target <= 0.70)", latency, l.m().wallSeconds(), r.m().wallSeconds(),
              l.m().wallSeconds() / r.m().wallSeconds()) : String.format(Locale.ROOT, "- W2 @ %d ms: lakecopy vs rclone"
              + " at defaults: no ratio, %s FAILED (see its row)", latency, l.ok() ? "rclone" : r.ok() ? "lakecopy" : "both"))));
    }
  }

  private void ratio(String w, int latency, String tool, String variant, String peer, String peerVariant,
      boolean copyPhase, double target) {
    find(w, latency, tool, variant).ifPresent(a -> find(w, latency, peer, peerVariant).ifPresent(b -> {
      if (!a.ok() || !b.ok()) {
        System.out.printf(Locale.ROOT, "- %s @ %d ms: %s %s vs %s %s: no ratio, %s FAILED (see its row)%n", w, latency,
            tool, variant, peer, peerVariant, !a.ok() && !b.ok() ? "both" : !a.ok() ? tool + " " + variant
            : peer + " " + peerVariant);
        return;
      }
      double ours = a.objectsPerSecond(copyPhase);
      double theirs = b.objectsPerSecond(false);
      System.out.printf(Locale.ROOT, "- %s @ %d ms: %s %s %.0f objects/s%s vs %s %s %.0f objects/s = %.2fx (target >= %.1fx)%n",
          w, latency, tool, variant, ours, copyPhase ? " (copy phase, Spark start-up amortised)" : "", peer,
          peerVariant, theirs, ours / theirs, target);
    }));
  }

  private java.util.Optional<Result> find(String w, int latency, String tool, String variant) {
    return results.stream().filter(r -> r.workload().equals(w) && r.latencyMs() == latency && r.tool().equals(tool)
        && r.variant().equals(variant)).findFirst();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i].replaceFirst("^--", "");
      if (a.equals("quick")) {
        opts.put(a, "true");
      } else {
        opts.put(a, args[++i]);
      }
    }
    return opts;
  }

  private void close() {
    proxy.close();
    direct.close();
    server.close();
  }
}
