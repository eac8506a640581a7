package io.lakecopy.bench;

import io.lakecopy.testing.Classpaths;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Streamed copies between two services (bench/stream.sh): one object of {@code --size-gib} GiB on one server, copied to
 * the other by lakecopy ({@code --copy-mode stream}, its one JVM at {@code --xmx}) and by rclone (which streams between
 * two remotes), in each direction asked; beside them what each server does alone: a bare ranged-GET loop on the
 * source and a bare UploadPart loop on the destination, same part size and requests in flight. Prints wall time,
 * MiB/s, CPU seconds and peak RSS (GNU time) per run; a run whose exit code is not 0 or whose copy is not the source's
 * size is printed FAILED, never as a time.
 */
public final class StreamBench {
  private static final Path TIME = Path.of("/usr/bin/time");
  private static final long MiB = 1024 * 1024;
  private static final String DEST_BUCKET = "bench-dst";

  private final Path work;
  private final Path jar;
  private final String xmx;
  private final List<String> lakecopyArgs;
  private int runs;

  private StreamBench(Path work, Path jar, String xmx, List<String> lakecopyArgs) {
    this.work = work;
    this.jar = jar;
    this.xmx = xmx;
    this.lakecopyArgs = lakecopyArgs;
  }

  /** One tool run: wall seconds, exit code (-1: killed), CPU seconds, peak RSS in MiB (NaN without GNU time). */
  record Measured(double wallSeconds, int exitCode, double cpuSeconds, double peakRssMiB) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    long size = (long) (Double.parseDouble(opts.getOrDefault("size-gib", "4")) * 1024) * MiB;
    List<String> tools = List.of(opts.getOrDefault("tools", "servers,lakecopy,rclone,distcp").split(","));
    List<String> directions = List.of(opts.getOrDefault("directions", "s3proxy-s3mock,s3mock-s3proxy").split(","));
    StreamBench bench = new StreamBench(Files.createDirectories(Path.of(opts.getOrDefault("work", "target/stream-bench"))),
        Path.of(System.getProperty("lakecopy.shaded.jar")), opts.getOrDefault("xmx", "512m"),
        java.util.Arrays.stream(opts.getOrDefault("lakecopy-args", "").trim().split("\\s+")).filter(a -> !a.isEmpty())
            .toList());
    System.out.printf("# lakecopy streamed-copy benchmark, %s, %d cores, one object of %,d bytes, lakecopy at -Xmx%s%n",
        java.time.Instant.now(), Runtime.getRuntime().availableProcessors(), size, bench.xmx);
    System.out.println("| direction | tool | wall s | MiB/s | CPU s | peak RSS MiB | ok |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String direction : directions) {
      String[] sides = direction.split("-");
      try (S3TestServer source = S3TestServer.start(kind(sides[0]));
          S3TestServer dest = S3TestServer.start(kind(sides[1]))) {
        bench.run(direction, source, dest, size, tools);
      }
    }
  }

  private static S3TestServer.Kind kind(String name) {
    return S3TestServer.Kind.valueOf(name.toUpperCase(Locale.ROOT));
  }

  private void run(String direction, S3TestServer source, S3TestServer dest, long size, List<String> tools)
      throws Exception {
    try (S3Client src = source.newClient(); S3Client dst = dest.newClient()) {
      Seeder.createBucket(src, Workload.BUCKET);
      Seeder.createBucket(dst, DEST_BUCKET);
      long start = System.nanoTime();
      String key = "w4/large.bin";
      seed(src, key, size);
      Workload w = new Workload("W4", "w4/", 1, size);
      System.err.printf("seeded %s on %s in %.1f s%n", w.prefix(), source.name(), (System.nanoTime() - start) / 1e9);
      if (tools.contains("servers")) {
        print(direction, source.name() + " alone: ranged GETs, 64 MiB, 8 in flight", size, getLoop(src, key, size),
            true);
        print(direction, dest.name() + " alone: UploadPart, 64 MiB, 8 in flight", size, putLoop(dst, size), true);
      }
      if (tools.contains("lakecopy")) {
        Measured m = lakecopy(source, dest, w);
        print(direction, String.join(" ", "lakecopy --copy-mode stream", String.join(" ", lakecopyArgs)).strip(), size, m,
            copied(dst, key, size));
        empty(dst);
      }
      if (tools.contains("rclone")) {
        Measured m = rclone(source, dest, w);
        print(direction, "rclone copy (two remotes)", size, m, copied(dst, key, size));
        empty(dst);
      }
      if (tools.contains("distcp")) {
        Measured m = distcp(source, dest, w);
        print(direction, "Hadoop DistCp 3.3.4 -direct, s3a:// to s3a://", size, m, copied(dst, key, size));
        empty(dst);
      }
    }
  }

  private Measured lakecopy(S3TestServer source, S3TestServer dest, Workload w) throws Exception {
    List<String> command = new ArrayList<>(Classpaths.sparkJavaCommand(List.of(), xmx));
    command.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf",
        "spark.ui.enabled=false", "--class", "io.lakecopy.cli.LakecopyMain", jar.toString(),
        "--source", "s3://" + Workload.BUCKET + "/" + w.prefix(), "--dest", "s3://" + DEST_BUCKET + "/" + w.prefix(),
        "--source-endpoint", source.endpoint().toString(), "--dest-endpoint", dest.endpoint().toString(),
        "--path-style", "--source-region", "us-east-1", "--dest-region", "us-east-1", "--copy-mode", "stream",
        "--no-tags", "--progress-interval", "0"));
    command.addAll(lakecopyArgs);
    return timed(command, Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
        S3TestServer.SECRET_KEY, "AWS_REGION", "us-east-1"), "lakecopy");
  }

  private Measured rclone(S3TestServer source, S3TestServer dest, Workload w) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    for (var side : Map.of("SRC", source, "DST", dest).entrySet()) {
      String p = "RCLONE_CONFIG_" + side.getKey() + "_";
      env.putAll(Map.of(p + "TYPE", "s3", p + "PROVIDER", "Other", p + "ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
          p + "SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY, p + "ENDPOINT", side.getValue().endpoint().toString(),
          p + "FORCE_PATH_STYLE", "true", p + "REGION", "us-east-1"));
    }
    return timed(List.of("rclone", "copy", "src:" + Workload.BUCKET + "/" + w.prefix(),
        "dst:" + DEST_BUCKET + "/" + w.prefix(), "--s3-no-check-bucket"), env, "rclone");
  }

  /**
   * DistCp in local mode (one JVM at the same heap as lakecopy's), S3A with an endpoint per bucket; {@code -direct}
   * writes the target in place, as lakecopy does, instead of a temporary file renamed (a copy on S3).
   */
  private Measured distcp(S3TestServer source, S3TestServer dest, Workload w) throws Exception {
    String classpath = System.getProperty("lakecopy.bench.distcp-classpath", "");
    if (classpath.isBlank()) {
      throw new IllegalStateException("-Dlakecopy.bench.distcp-classpath is not set: run bench/stream.sh");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + xmx, "-cp", classpath, "org.apache.hadoop.tools.DistCp"));
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("fs.s3a.bucket." + Workload.BUCKET + ".endpoint", source.endpoint().toString());
    conf.put("fs.s3a.bucket." + DEST_BUCKET + ".endpoint", dest.endpoint().toString());
    conf.put("fs.s3a.path.style.access", "true");
    conf.put("fs.s3a.connection.ssl.enabled", "false");
    conf.put("fs.s3a.access.key", S3TestServer.ACCESS_KEY);
    conf.put("fs.s3a.secret.key", S3TestServer.SECRET_KEY);
    conf.put("mapreduce.framework.name", "local");
    conf.forEach((k, v) -> command.addAll(List.of("-D", k + "=" + v)));
    command.addAll(List.of("-direct", "s3a://" + Workload.BUCKET + "/" + w.prefix(),
        "s3a://" + DEST_BUCKET + "/" + w.prefix()));
    return timed(command, Map.of("AWS_REGION", "us-east-1"), "distcp");
  }

  private Measured timed(List<String> command, Map<String, String> env, String name) throws Exception {
    runs++;
    Path stats = work.resolve(name + "-" + runs + ".time");
    Files.deleteIfExists(stats);
    List<String> resolved = new ArrayList<>();
    if (Files.isExecutable(TIME)) {
      resolved.addAll(List.of(TIME.toString(), "-f", "%U %S %M", "-o", stats.toString()));
    }
    resolved.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(resolved).redirectErrorStream(true)
        .redirectOutput(work.resolve(name + "-" + runs + ".log").toFile());
    pb.environment().remove("AWS_CA_BUNDLE");
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    boolean finished = p.waitFor(60, TimeUnit.MINUTES);
    double wall = (System.nanoTime() - start) / 1e9;
    if (!finished) {
      p.destroyForcibly();
    }
    double cpu = Double.NaN;
    double rss = Double.NaN;
    if (Files.exists(stats)) {
      List<String> lines = Files.readAllLines(stats); // GNU time's last line; a failed command's starts with a note
      String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
      cpu = Double.parseDouble(f[0]) + Double.parseDouble(f[1]);
      rss = Double.parseDouble(f[2]) / 1024;
    }
    return new Measured(wall, finished ? p.exitValue() : -1, cpu, rss);
  }

  /** What the source serves alone: the object read in 64 MiB ranged GETs, 8 at a time, bytes discarded. */
  private static Measured getLoop(S3Client s3, String key, long size) throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (long first = 0; first < size; first += 64 * MiB) {
        String range = "bytes=" + first + "-" + (Math.min(first + 64 * MiB, size) - 1);
        done.add(pool.submit(() -> {
          try (InputStream in = s3.getObject(b -> b.bucket(Workload.BUCKET).key(key).range(range))) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
          }
        }));
      }
      long read = 0;
      for (Future<Long> f : done) {
        read += f.get();
      }
      return new Measured((System.nanoTime() - start) / 1e9, read == size ? 0 : 1, Double.NaN, Double.NaN);
    } finally {
      pool.shutdownNow();
    }
  }

  /** What the destination takes alone: {@code size} bytes as 64 MiB UploadParts of one buffer, 8 at a time; aborted. */
  private static Measured putLoop(S3Client s3, long size) throws Exception {
    byte[] part = Seeder.content("put-loop", (int) (64 * MiB));
    String key = "put-loop.bin";
    String id = s3.createMultipartUpload(b -> b.bucket(DEST_BUCKET).key(key)).uploadId();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      int number = 1;
      for (long first = 0; first < size; first += 64 * MiB, number++) {
        int n = number;
        int length = (int) Math.min(64 * MiB, size - first);
        done.add(pool.submit(() -> s3.uploadPart(b -> b.bucket(DEST_BUCKET).key(key).uploadId(id).partNumber(n),
            RequestBody.fromBytes(length == part.length ? part : java.util.Arrays.copyOf(part, length)))));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return new Measured((System.nanoTime() - start) / 1e9, 0, Double.NaN, Double.NaN);
    } finally {
      pool.shutdownNow();
      s3.abortMultipartUpload(b -> b.bucket(DEST_BUCKET).key(key).uploadId(id));
    }
  }

  /**
   * The source object, uploaded in 64 MiB parts of generated bytes (S3Mock times out building it server-side from
   * ranges of another object, as bench/run.sh's W4 does on S3Proxy and RGW).
   */
  private static void seed(S3Client s3, String key, long size) {
    byte[] part = Seeder.content("stream-source", (int) (64 * MiB));
    String id = s3.createMultipartUpload(b -> b.bucket(Workload.BUCKET).key(key)).uploadId();
    List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new ArrayList<>();
    int number = 1;
    for (long first = 0; first < size; first += 64 * MiB, number++) {
      int n = number;
      int length = (int) Math.min(64 * MiB, size - first);
      String eTag = s3.uploadPart(b -> b.bucket(Workload.BUCKET).key(key).uploadId(id).partNumber(n),
          RequestBody.fromBytes(length == part.length ? part : java.util.Arrays.copyOf(part, length))).eTag();
      parts.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(eTag).build());
    }
    s3.completeMultipartUpload(b -> b.bucket(Workload.BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
  }

  private static boolean copied(S3Client s3, String key, long size) {
    try {
      return s3.headObject(b -> b.bucket(DEST_BUCKET).key(key)).contentLength() == size;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      return false;
    }
  }

  private static void empty(S3Client s3) {
    s3.listObjectsV2Paginator(b -> b.bucket(DEST_BUCKET)).contents()
        .forEach(o -> s3.deleteObject(b -> b.bucket(DEST_BUCKET).key(o.key())));
  }

  private static void print(String direction, String tool, long size, Measured m, boolean copied) {
    boolean ok = m.exitCode() == 0 && copied;
    String fmt = "%.1f";
    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", direction, tool,
        ok ? String.format(Locale.ROOT, fmt, m.wallSeconds()) : "FAILED (exit " + m.exitCode() + ")",
        ok ? String.format(Locale.ROOT, fmt, size / (double) MiB / m.wallSeconds()) : "-",
        Double.isNaN(m.cpuSeconds()) ? "-" : String.format(Locale.ROOT, fmt, m.cpuSeconds()),
        Double.isNaN(m.peakRssMiB()) ? "-" : String.format(Locale.ROOT, "%.0f", m.peakRssMiB()), ok ? "yes" : "no");
  }
}
