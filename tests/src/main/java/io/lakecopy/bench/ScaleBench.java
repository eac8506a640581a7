package io.lakecopy.bench;

import io.lakecopy.testing.Classpaths;
import io.lakecopy.testing.Inventories;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Scale: a manifest of N keys (CSV with size and ETag, as S3 Inventory gives them, so no HEAD is
 * needed) run by lakecopy with a 1 GiB driver heap, {@code local[2]}. Two modes:
 * <ul>
 *   <li>{@code plan} (default): a dry run that plans every key and writes the full report; the keys
 *       need not exist (1 in 1,000 is a 300 MiB object planned as multipart).
 *   <li>{@code copy}: the source objects are written straight into S3Proxy's filesystem store (a file
 *       each, with the MD5 attribute S3Proxy keeps as the ETag), which seeds a million objects in
 *       minutes instead of the hour PUTs would take; then the real copy runs through S3Proxy's HTTP
 *       API and the destination files are counted. 1 in 10,000 objects is 12 MiB, copied as a
 *       multipart upload of 5 MiB parts.
 *   <li>{@code inventory}: an S3 Inventory of N rows (Parquet data files of a million rows each and a
 *       manifest.json, written with Spark; 1 row in 10 outside {@code --source}) read through
 *       {@code job/ManifestInput} in a JVM of its own ({@link ManifestRead}, 1 GiB heap, {@code local[2]}):
 *       rows/s and the heap left after each full GC, which must not grow with N.
 *   <li>{@code manifest-read}: the {@code plan} mode's CSV manifest of N keys read the same way.
 *   <li>{@code inventory-plan}: the whole job on that inventory through {@code spark-submit}: a dry run of
 *       {@code --manifest manifest.json} that plans every row and writes the full Parquet report, in a 1 GiB
 *       driver ({@code local[2]}). A full GC is forced every {@value #FULL_GC_EVERY_SECONDS} s
 *       ({@code jcmd <pid> GC.run}), so that the heap left after each shows the live data of every phase.
 *   <li>{@code listing}: a flat prefix of N keys listed behind 30 ms per request, by one ListObjectsV2 stream
 *       and by the run's key ranges on the executors ({@link io.lakecopy.job.ListingBench}): keys/s and LIST
 *       requests per 1,000 keys.
 * </ul>
 * Prints planning rate, wall time, copy rate, peak RSS and the largest heap after a GC.
 * Args: keys (default 1000000), work dir, mode. {@code -Dlakecopy.bench.args="--wave-size 2000"} adds flags to the
 * {@code plan} and {@code copy} modes' command; {@code -Dlakecopy.bench.spark-conf="k=v k2=v2"} adds Spark settings to
 * {@code inventory-plan}'s.
 */
public final class ScaleBench {
  private static final String SRC = "scale-src";
  private static final String DST = "scale-dst";

  /** How often the {@code inventory-plan} mode forces a full GC of the job's JVM. */
  static final int FULL_GC_EVERY_SECONDS = 3;

  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path work = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/bench-scale"));
    boolean copy = args.length > 2 && args[2].equals("copy");
    if (args.length > 2 && args[2].equals("inventory")) {
      readThroughManifestInput(inventory(keys, work), keys, work);
      return;
    }
    if (args.length > 2 && args[2].equals("inventory-plan")) {
      planInventory(inventory(keys, work), keys, work);
      return;
    }
    if (args.length > 2 && args[2].equals("listing")) {
      listing(keys, work);
      return;
    }
    if (args.length > 2 && args[2].equals("manifest-read")) {
      Path csv = work.resolve("manifest-" + keys + ".csv");
      if (!Files.exists(csv)) {
        writeManifest(csv, keys);
      }
      readThroughManifestInput(csv, keys, work);
      return;
    }
    Path manifest = work.resolve("manifest-" + keys + (copy ? "-copy" : "") + ".csv");
    try (S3TestServer server = S3TestServer.start(S3TestServer.Kind.S3PROXY); S3Client s3 = server.newClient()) {
      Seeder.createBucket(s3, SRC);
      Seeder.createBucket(s3, DST);
      long seedStart = System.nanoTime();
      if (copy) {
        seedFiles(server.dataDir().resolve(SRC), manifest, keys);
        System.out.printf(Locale.ROOT, "seeded %,d objects into the store in %.1f s%n", keys,
            (System.nanoTime() - seedStart) / 1e9);
      } else {
        writeManifest(manifest, keys);
      }
      Path gcLog = work.resolve("gc-" + keys + ".log");
      long stamp = System.nanoTime();
      Path report = work.resolve("report-" + keys + "-" + stamp);
      Path events = Files.createDirectories(work.resolve("events-" + keys + "-" + stamp));
      Path ledger = work.resolve("ledger-" + keys + "-" + stamp);
      List<String> command = new ArrayList<>(Classpaths.sparkJavaCommand(List.of(), "1g"));
      command.add(1, "-Xlog:gc:file=" + gcLog + ":uptime");
      command.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf",
          "spark.ui.enabled=false", "--conf", "spark.eventLog.enabled=" + copy, "--conf",
          "spark.eventLog.dir=" + events.toUri(), "--class", "io.lakecopy.cli.LakecopyMain",
          System.getProperty("lakecopy.shaded.jar"), "--source", "s3://" + SRC + "/lake/", "--manifest",
          manifest.toString(), "--dest", "s3://" + DST + "/lake/", "--report", report.toString(),
          "--report-format", "parquet", "--source-endpoint", server.endpoint().toString(), "--dest-endpoint",
          server.endpoint().toString(), "--path-style", "--source-region", "us-east-1", "--dest-region", "us-east-1",
          "--progress-interval", "60"));
      command.addAll(copy ? List.of("--multipart-threshold", "8MiB", "--part-size", "5MiB", "--ledger", ledger.toString())
          : List.of("--dry-run"));
      String extra = System.getProperty("lakecopy.bench.args", "").strip();
      if (!extra.isEmpty()) {
        command.addAll(List.of(extra.split("\\s+"))); // e.g. -Dlakecopy.bench.args="--wave-size 2000"
      }
      Path log = work.resolve("lakecopy-" + keys + (copy ? "-copy" : "") + ".log");
      Launched run = launch(command, log);
      String out = Files.readString(log);
      double planSeconds = seconds(out, "Manifest .*objects", "Planned \\d+ objects");
      String gc = Files.readString(gcLog);
      System.out.printf(Locale.ROOT, "keys %,d (%s): exit %d, wall %.1f s, manifest read+parse+plan %.1f s (%.0f keys/s),"
          + " peak RSS %.0f MiB, live heap %s (-Xmx1g)%n", keys, copy ? "copy" : "dry run", run.exit(),
          run.wallSeconds(), planSeconds, keys / Math.max(planSeconds, 1e-3), run.peakRssMiB(), maxHeapAfterGc(gc));
      System.out.println("heap after each full GC (s since JVM start: MiB): " + fullGcSeries(gc));
      if (copy) {
        System.out.println(EventLogFigures.of(events).describe());
        System.out.printf(Locale.ROOT, "run directory %s: %s%n", ledger, sizes(ledger));
      }
      if (copy) {
        long copied;
        try (java.util.stream.Stream<Path> files = Files.walk(server.dataDir().resolve(DST))) {
          copied = files.filter(Files::isRegularFile).count();
        }
        Matcher elapsed = Pattern.compile("elapsed\\s+([0-9.]+) s").matcher(out);
        double jobSeconds = elapsed.find() ? Double.parseDouble(elapsed.group(1)) : Double.NaN;
        System.out.printf(Locale.ROOT, "objects at the destination: %,d of %,d; job elapsed (manifest to report)"
            + " %.0f s = %.0f objects/s; %s%n", copied, keys, jobSeconds, keys / jobSeconds, summaryLine(out));
      }
    }
  }

  /**
   * A flat prefix of {@code keys} keys listed behind 30 ms per request, one stream against the executors'
   * key ranges: {@link io.lakecopy.job.ListingBench} in a 2 GiB child JVM, {@code local[2]}.
   */
  private static void listing(int keys, Path work) throws Exception {
    List<String> command = new ArrayList<>(Classpaths.javaCommand("2g"));
    command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "io.lakecopy.job.ListingBench",
        String.valueOf(keys), work.resolve("listing").toString(), "30"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("listing-" + keys + ".log").toFile()).start();
    int exit = p.waitFor();
    System.out.printf(Locale.ROOT, "listing bench: exit %d%n", exit);
    Files.readAllLines(work.resolve("listing-" + keys + ".log")).stream()
        .filter(l -> l.contains(" keys in ") || l.contains(" added per request")).forEach(System.out::println);
  }

  /** Writes an inventory of {@code rows} rows under {@code work} in a child JVM, once; returns its manifest.json. */
  private static Path inventory(int rows, Path work) throws Exception {
    Path bucketDir = work.resolve("inventory-" + rows).resolve("scale-inv");
    Path manifest = bucketDir.resolve("inventory/" + SRC + "/all/2026-11-27T00-00Z/manifest.json");
    if (!Files.exists(manifest)) {
      long start = System.nanoTime();
      List<String> write = new ArrayList<>(Classpaths.javaCommand("1g"));
      write.addAll(List.of(Inventories.class.getName(), bucketDir.toString(), SRC, String.valueOf(rows),
          String.valueOf(Math.max(1, rows / 1_000_000))));
      Process p = new ProcessBuilder(write).redirectErrorStream(true)
          .redirectOutput(work.resolve("inventory-write-" + rows + ".log").toFile()).start();
      if (p.waitFor() != 0 || !Files.exists(manifest)) {
        throw new IllegalStateException("writing the inventory failed: see " + work);
      }
      System.out.printf(Locale.ROOT, "wrote an inventory of %,d rows in %.1f s%n", rows, (System.nanoTime() - start)
          / 1e9);
    }
    return manifest;
  }

  /** Reads {@code manifest} with {@link ManifestRead} in a 1 GiB child JVM; prints what it printed and its peak RSS. */
  private static void readThroughManifestInput(Path manifest, int rows, Path work) throws Exception {
    try (S3TestServer server = S3TestServer.start(S3TestServer.Kind.S3PROXY); S3Client s3 = server.newClient()) {
      Seeder.createBucket(s3, SRC); // HeadBucket: the only request the read sends, the rows carry size and ETag
      Path workDir = work.resolve("read-work-" + rows + "-" + System.nanoTime());
      List<String> command = new ArrayList<>(Classpaths.javaCommand("1g"));
      command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
          ManifestRead.class.getName(), manifest.toString(), workDir.toString(), server.endpoint().toString(),
          "s3://" + SRC + "/lake/"));
      Path log = work.resolve("manifest-read-" + manifest.getFileName() + "-" + rows + ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
          S3TestServer.SECRET_KEY, "SPARK_LOCAL_IP", "127.0.0.1"));
      Process p = pb.start();
      long peakKiB = 0;
      while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
        peakKiB = Math.max(peakKiB, vmHwmKiB(p.pid()));
      }
      System.out.printf(Locale.ROOT, "%s, %,d rows (-Xmx1g): exit %d, peak RSS %.0f MiB%n", manifest.getFileName(),
          rows, p.exitValue(), peakKiB / 1024.0);
      Files.readAllLines(log).stream().filter(l -> l.startsWith("rows ") || l.startsWith("full GCs "))
          .forEach(System.out::println);
    }
  }

  /**
   * A dry run of the whole job on an S3 Inventory of {@code rows} rows, through SparkSubmit with a 1 GiB heap and
   * the full Parquet report; prints wall time, rows/s and the heap after each forced full GC.
   */
  private static void planInventory(Path manifest, int rows, Path work) throws Exception {
    try (S3TestServer server = S3TestServer.start(S3TestServer.Kind.S3PROXY); S3Client s3 = server.newClient()) {
      Seeder.createBucket(s3, SRC);
      Seeder.createBucket(s3, DST);
      Path gcLog = work.resolve("gc-inventory-plan-" + rows + ".log");
      long stamp = System.nanoTime();
      Path report = work.resolve("report-inventory-" + rows + "-" + stamp);
      Path events = Files.createDirectories(work.resolve("events-inventory-" + rows + "-" + stamp));
      List<String> command = new ArrayList<>(Classpaths.sparkJavaCommand(List.of(), "1g"));
      command.add(1, "-Xlog:gc:file=" + gcLog + ":uptime");
      command.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf",
          "spark.ui.enabled=false", "--conf", "spark.eventLog.enabled=true", "--conf",
          "spark.eventLog.dir=" + events.toUri()));
      for (String conf : System.getProperty("lakecopy.bench.spark-conf", "").strip().split("\\s+")) {
        if (!conf.isEmpty()) {
          command.addAll(List.of("--conf", conf)); // e.g. -Dlakecopy.bench.spark-conf=spark.memory.fraction=0.2
        }
      }
      command.addAll(List.of("--class", "io.lakecopy.cli.LakecopyMain",
          System.getProperty("lakecopy.shaded.jar"), "--source", "s3://" + SRC + "/lake/", "--manifest",
          manifest.toString(), "--dest", "s3://" + DST + "/lake/", "--report", report.toString(),
          "--report-format", "parquet", "--source-endpoint", server.endpoint().toString(), "--dest-endpoint",
          server.endpoint().toString(), "--path-style", "--source-region", "us-east-1", "--dest-region", "us-east-1",
          "--progress-interval", "60", "--dry-run"));
      Path log = work.resolve("lakecopy-inventory-plan-" + rows + ".log");
      Launched run = launch(command, log);
      String out = Files.readString(log);
      String gc = Files.readString(gcLog);
      long reportRows = reportRows(report);
      System.out.printf(Locale.ROOT, "inventory of %,d rows, dry run with a Parquet report (-Xmx1g, local[2]): exit %d,"
          + " wall %.1f s (JVM start to exit), %,.0f rows/s; report rows %,d; peak RSS %.0f MiB%n", rows,
          run.exit(), run.wallSeconds(), rows / run.wallSeconds(), reportRows, run.peakRssMiB());
      System.out.println("heap after each full GC (s since JVM start: MiB): " + fullGcSeries(gc));
      System.out.println("live heap: " + maxHeapAfterGc(gc));
      System.out.println(summaryLine(out));
      System.out.println(EventLogFigures.of(events).describe());
    }
  }

  /** How a launched job ended. */
  private record Launched(int exit, double wallSeconds, double peakRssMiB) {}

  /**
   * Runs {@code command} with its output in {@code log}, sampling its peak RSS and forcing a full GC every
   * {@value #FULL_GC_EVERY_SECONDS} s ({@code jcmd <pid> GC.run}), so that the GC log's heap after each full GC
   * shows the live data of every phase.
   */
  private static Launched launch(List<String> command, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
        S3TestServer.SECRET_KEY, "SPARK_LOCAL_IP", "127.0.0.1"));
    long start = System.nanoTime();
    Process p = pb.start();
    long peakKiB = 0;
    long nextGc = System.nanoTime() + TimeUnit.SECONDS.toNanos(FULL_GC_EVERY_SECONDS);
    while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
      peakKiB = Math.max(peakKiB, vmHwmKiB(p.pid()));
      if (System.nanoTime() >= nextGc) {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            String.valueOf(p.pid()), "GC.run").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        nextGc = System.nanoTime() + TimeUnit.SECONDS.toNanos(FULL_GC_EVERY_SECONDS);
      }
    }
    return new Launched(p.exitValue(), (System.nanoTime() - start) / 1e9, peakKiB / 1024.0);
  }

  /** Bytes under each top-level directory of a run directory. */
  private static String sizes(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return "absent";
    }
    List<String> parts = new ArrayList<>();
    try (java.util.stream.Stream<Path> top = Files.list(dir)) {
      for (Path d : top.sorted().toList()) {
        long bytes;
        try (java.util.stream.Stream<Path> all = Files.walk(d)) {
          bytes = all.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".crc"))
              .mapToLong(f -> f.toFile().length()).sum();
        }
        parts.add(String.format(Locale.ROOT, "%s %.1f MiB", d.getFileName(), bytes / 1048576.0));
      }
    }
    return String.join(", ", parts);
  }

  /** Rows of a Parquet report, counted from the files' footers (no Spark in this JVM). */
  private static long reportRows(Path report) throws Exception {
    if (!Files.isDirectory(report)) {
      return -1;
    }
    long n = 0;
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    try (java.util.stream.Stream<Path> files = Files.list(report)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
        try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()), conf))) {
          n += r.getRecordCount();
        }
      }
    }
    return n;
  }

  /** "12.3s: 180" for every full GC in a unified GC log written with the uptime decoration. */
  private static String fullGcSeries(String gcLog) {
    Matcher m = Pattern.compile("\\[([0-9.]+)s\\][^\\n]*Pause Full[^\\n]*->(\\d+)M\\(").matcher(gcLog);
    List<String> points = new ArrayList<>();
    while (m.find()) {
      points.add(String.format(Locale.ROOT, "%.0fs: %s", Double.parseDouble(m.group(1)), m.group(2)));
    }
    return points.isEmpty() ? "none" : String.join(", ", points);
  }

  /** Writes each source object as a file of S3Proxy's store, with the MD5 it serves as the ETag. */
  private static void seedFiles(Path bucketDir, Path manifest, int keys) throws Exception {
    Random random = new Random(11);
    java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
    byte[] buffer = new byte[12 * 1024 * 1024];
    random.nextBytes(buffer);
    try (BufferedWriter w = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
      w.write("bucket,key,size,etag\n");
      for (int i = 0; i < keys; i++) {
        int size = i % 10_000 == 5_000 ? buffer.length : 1 + random.nextInt(2048);
        int offset = size == buffer.length ? 0 : random.nextInt(buffer.length - size);
        String dir = String.format(Locale.ROOT, "dt=2026-11-%02d", 1 + i % 28);
        String name = String.format(Locale.ROOT, "part-%07d.parquet", i);
        Path file = Files.createDirectories(bucketDir.resolve("lake").resolve(dir)).resolve(name);
        Files.write(file, java.util.Arrays.copyOfRange(buffer, offset, offset + size));
        md5.reset();
        md5.update(buffer, offset, size);
        byte[] digest = md5.digest();
        Files.getFileAttributeView(file, java.nio.file.attribute.UserDefinedFileAttributeView.class)
            .write("user.content-md5", java.nio.ByteBuffer.wrap(digest));
        w.write(SRC + ",lake/" + dir.replace("=", "%3D") + "/" + name + "," + size + ","
            + java.util.HexFormat.of().formatHex(digest) + "\n");
      }
    }
  }

  private static String summaryLine(String log) {
    Matcher m = Pattern.compile("(?m)^\\s+objects\\s+.*$").matcher(log);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      b.append(m.group().strip()).append("; ");
    }
    return b.toString();
  }

  private static void writeManifest(Path file, int keys) throws Exception {
    Random random = new Random(7);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("bucket,key,size,etag\n");
      for (int i = 0; i < keys; i++) {
        long size = i % 1000 == 0 ? 300L * 1024 * 1024 : 1 + random.nextInt(64 * 1024);
        w.write(String.format(Locale.ROOT, "scale-src,lake/dt%%3D2026-11-%02d/part-%07d.parquet,%d,%032x%n", 1 + i % 28,
            i, size, random.nextLong() & Long.MAX_VALUE));
      }
    }
  }

  private static double seconds(String log, String from, String to) {
    return time(log, to) - time(log, from);
  }

  private static double time(String log, String regex) {
    Matcher m = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d)[^\\n]*" + regex).matcher(log);
    if (!m.find()) {
      return Double.NaN;
    }
    return Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Integer.parseInt(m.group(3));
  }

  /**
   * The live heap: the largest heap left after a full GC (a young GC's figure still holds old garbage),
   * and how many full GCs the run needed; without a full GC, the largest heap after any GC.
   */
  private static String maxHeapAfterGc(String gcLog) {
    Matcher full = Pattern.compile("Pause Full[^\\n]*->(\\d+)M\\(").matcher(gcLog);
    long maxFull = 0;
    int fulls = 0;
    while (full.find()) {
      fulls++;
      maxFull = Math.max(maxFull, Long.parseLong(full.group(1)));
    }
    Matcher any = Pattern.compile("->(\\d+)M\\(").matcher(gcLog);
    long max = 0;
    while (any.find()) {
      max = Math.max(max, Long.parseLong(any.group(1)));
    }
    return fulls == 0 ? max + " MiB (no full GC)" : maxFull + " MiB after " + fulls + " full GCs (the largest after any GC: "
        + max + " MiB)";
  }

  private static long vmHwmKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (Exception e) {
      // the process just ended
    }
    return 0;
  }
}
