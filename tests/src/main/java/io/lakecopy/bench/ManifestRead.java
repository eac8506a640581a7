package io.lakecopy.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.lakecopy.cli.ArgsParser;
import io.lakecopy.config.ConfigLoader;
import io.lakecopy.config.JobConfig;
import io.lakecopy.job.ManifestInput;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads one {@code --manifest} (an S3 Inventory, a CSV manifest) through {@link ManifestInput#read} in this JVM
 * (Spark's master and settings from {@code -Dspark.*} properties) and prints what it found and what it cost: the rows and their bytes, counted on
 * the executors; the wall time; and the heap left after each full GC (a notification listener; a daemon forces a
 * full GC every {@code -Dlakecopy.gc.every.seconds}, 2 by default, so that there are some to measure). With
 * {@code --try-collect} it then collects the rows to the driver, to show what a driver-side collect would meet.
 *
 * <p>Args: the manifest, work directory, endpoint, --source URI, [--try-collect].
 */
public final class ManifestRead {
  private ManifestRead() {}

  public static void main(String[] args) throws Exception {
    String manifest = args[0];
    String workDir = args[1];
    String endpoint = args[2];
    String source = args[3];
    boolean tryCollect = args.length > 4 && args[4].equals("--try-collect");
    List<long[]> afterFullGc = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    listenForFullGcs(afterFullGc, start);
    Thread gc = forceFullGcs(Long.getLong("lakecopy.gc.every.seconds", 2));
    SparkSession spark = SparkSession.builder().appName("lakecopy-manifest-read").getOrCreate();
    JobConfig config = ConfigLoader.load(ArgsParser.parse("--source", source, "--dest", "s3://bench-unused-dest/",
        "--manifest", manifest, "--source-endpoint", endpoint, "--dest-endpoint", endpoint, "--path-style",
        "--source-region", "us-east-1", "--dest-region", "us-east-1").values());
    try (S3Client s3 = config.sourceClient().create()) {
      long readStart = System.nanoTime();
      Dataset<Row> rows = ManifestInput.read(spark, config, s3, workDir);
      Row totals = rows.agg(functions.count(functions.lit(1)), functions.sum("size"),
          functions.count(functions.when(functions.col("etag").isNull(), 1))).first();
      double seconds = (System.nanoTime() - readStart) / 1e9;
      System.out.printf(Locale.ROOT, "rows %d, bytes %d, rows without etag %d, read %.1f s, %.0f rows/s%n",
          totals.getLong(0), totals.isNullAt(1) ? 0 : totals.getLong(1), totals.getLong(2), seconds,
          totals.getLong(0) / seconds);
      if (tryCollect) {
        try {
          System.out.println("collect: allowed, " + rows.collectAsList().size() + " rows");
        } catch (Exception e) {
          Throwable root = e;
          while (root.getCause() != null) {
            root = root.getCause();
          }
          System.out.println("collect: refused: " + e.getMessage().lines().findFirst().orElse("") + " / "
              + root.getClass().getSimpleName());
        }
      }
    }
    gc.interrupt();
    spark.stop();
    synchronized (afterFullGc) {
      StringBuilder b = new StringBuilder();
      long max = 0;
      for (long[] g : afterFullGc) {
        b.append(String.format(Locale.ROOT, " %.0fs:%dMiB", g[0] / 1e3, g[1] >> 20));
        max = Math.max(max, g[1]);
      }
      System.out.printf(Locale.ROOT, "full GCs %d, heap after full GC max %d MiB, wall %.1f s; after each:%s%n",
          afterFullGc.size(), max >> 20, (System.nanoTime() - start) / 1e9, b);
    }
  }

  /** Records (milliseconds since start, heap bytes in use after the GC) for every full GC. */
  private static void listenForFullGcs(List<long[]> out, long start) {
    java.util.Set<String> heapPools = new java.util.HashSet<>();
    ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
        .forEach(p -> heapPools.add(p.getName()));
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) bean).addNotificationListener((n, h) -> {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (!info.getGcAction().equals("end of major GC")) {
          return;
        }
        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
            .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
        out.add(new long[] {(System.nanoTime() - start) / 1_000_000, used});
      }, null, null);
    }
  }

  private static Thread forceFullGcs(long everySeconds) {
    Thread t = new Thread(() -> {
      try {
        while (everySeconds > 0) {
          Thread.sleep(everySeconds * 1000);
          System.gc();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "lakecopy-bench-gc");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
