package io.lakecopy.bench;

import io.lakecopy.s3.S3ClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The benchmark's limit: a fresh JVM that lists a prefix and sends one CopyObject per key, N at a time,
 * with the same SDK, HTTP client and settings as lakecopy, and nothing else (no Spark, no planning).
 * Args: endpoint sourceBucket prefix destBucket threads.
 */
public final class SdkLoop {
  private SdkLoop() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String source = args[1];
    String prefix = args[2];
    String dest = args[3];
    int threads = Integer.parseInt(args[4]);
    S3ClientSettings settings = new S3ClientSettings(endpoint, "us-east-1", true, null, threads, 5,
        Duration.ofMinutes(15), Duration.ofMinutes(60));
    long start = System.nanoTime();
    try (S3Client s3 = settings.create()) {
      List<S3Object> objects = new ArrayList<>();
      s3.listObjectsV2Paginator(b -> b.bucket(source).prefix(prefix)).contents().forEach(objects::add);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (S3Object o : objects) {
        done.add(pool.submit(() -> s3.copyObject(b -> b.sourceBucket(source).sourceKey(o.key())
            .destinationBucket(dest).destinationKey(o.key()))));
      }
      int failed = 0;
      for (Future<?> f : done) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          failed++;
        }
      }
      pool.shutdown();
      System.out.printf("copied %d objects, %d failed%n  elapsed   %.1f s%n", objects.size() - failed, failed,
          (System.nanoTime() - start) / 1e9);
      if (failed > 0) {
        System.exit(1);
      }
    }
  }
}
