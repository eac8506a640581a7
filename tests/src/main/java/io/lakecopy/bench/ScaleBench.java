package io.lakecopy.bench;

import io.lakecopy.testing.Classpaths;
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
 * Planning at scale: a manifest of N keys (CSV with size and ETag, as S3 Inventory gives them, so no
 * HEAD is needed) planned by lakecopy with a 1 GiB driver heap in a dry run that also writes the
 * report. Prints planning rate, wall time, peak RSS and the largest heap after a GC.
 * Args: keys (default 1000000), work dir.
 */
public final class ScaleBench {
  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path work = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/bench-scale"));
    Path manifest = work.resolve("manifest-" + keys + ".csv");
    writeManifest(manifest, keys);
    try (S3TestServer server = S3TestServer.start(S3TestServer.Kind.S3PROXY); S3Client s3 = server.newClient()) {
      Seeder.createBucket(s3, "scale-src");
      Seeder.createBucket(s3, "scale-dst");
      Path gcLog = work.resolve("gc-" + keys + ".log");
      Path report = work.resolve("report-" + keys + "-" + System.nanoTime());
      List<String> command = new ArrayList<>(Classpaths.sparkJavaCommand(List.of(), "1g"));
      command.add(1, "-Xlog:gc:file=" + gcLog);
      command.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf",
          "spark.ui.enabled=false", "--class", "io.lakecopy.cli.LakecopyMain",
          System.getProperty("lakecopy.shaded.jar"), "--source", "s3://scale-src/lake/", "--manifest",
          manifest.toString(), "--dest", "s3://scale-dst/lake/", "--dry-run", "--report", report.toString(),
          "--report-format", "parquet", "--source-endpoint", server.endpoint().toString(), "--dest-endpoint",
          server.endpoint().toString(), "--path-style", "--source-region", "us-east-1", "--dest-region", "us-east-1"));
      Path log = work.resolve("lakecopy-" + keys + ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
          S3TestServer.SECRET_KEY, "SPARK_LOCAL_IP", "127.0.0.1"));
      long start = System.nanoTime();
      Process p = pb.start();
      long peakKiB = 0;
      while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
        peakKiB = Math.max(peakKiB, vmHwmKiB(p.pid()));
      }
      double wall = (System.nanoTime() - start) / 1e9;
      String out = Files.readString(log);
      double planSeconds = seconds(out, "Manifest .*objects", "Planned \\d+ objects");
      System.out.printf(Locale.ROOT, "keys %,d: exit %d, wall %.1f s, manifest read+parse+plan %.1f s (%.0f keys/s),"
          + " peak RSS %.0f MiB, largest heap after GC %s (-Xmx1g)%n", keys, p.exitValue(), wall, planSeconds,
          keys / Math.max(planSeconds, 1e-3), peakKiB / 1024.0, maxHeapAfterGc(Files.readString(gcLog)));
    }
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

  private static String maxHeapAfterGc(String gcLog) {
    Matcher m = Pattern.compile("->(\\d+)M\\(").matcher(gcLog);
    long max = 0;
    while (m.find()) {
      max = Math.max(max, Long.parseLong(m.group(1)));
    }
    return max + " MiB";
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
