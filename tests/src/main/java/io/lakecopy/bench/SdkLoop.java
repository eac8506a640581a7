package io.lakecopy.bench;

import io.lakecopy.s3.S3ClientSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The benchmark's limit: a fresh JVM that lists a prefix and sends one CopyObject per key, N at a time,
 * with the same SDK, HTTP client and settings as lakecopy, and nothing else (no Spark, no planning).
 * Args: endpoint sourceBucket prefix destBucket threads [httpClient]. Without httpClient the client is
 * lakecopy's own ({@link S3ClientSettings#create()}); with one (apache5, apache, urlconnection, crt) it is the
 * same S3 settings on that HTTP client, which bench/http-clients puts on the classpath.
 */
public final class SdkLoop {
  private SdkLoop() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String source = args[1];
    String prefix = args[2];
    String dest = args[3];
    int threads = Integer.parseInt(args[4]);
    String http = args.length > 5 ? args[5] : null;
    long start = System.nanoTime();
    try (S3Client s3 = http == null ? new S3ClientSettings(endpoint, "us-east-1", true, null, threads, 5,
        Duration.ofMinutes(15), Duration.ofMinutes(60)).create() : client(endpoint, http, threads)) {
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

  /** lakecopy's S3 settings (path style, no chunked encoding, checksums only where required) on another HTTP client. */
  private static S3Client client(String endpoint, String http, int connections) throws ReflectiveOperationException {
    return S3Client.builder()
        .httpClient(httpClient(http, connections))
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(5)))
        .build();
  }

  /** The named HTTP client with {@code connections} connections, built by reflection: only the benchmark has them. */
  private static SdkHttpClient httpClient(String name, int connections) throws ReflectiveOperationException {
    String type = switch (name) {
      case "apache5" -> "software.amazon.awssdk.http.apache5.Apache5HttpClient";
      case "apache" -> "software.amazon.awssdk.http.apache.ApacheHttpClient";
      case "urlconnection" -> "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";
      case "crt" -> "software.amazon.awssdk.http.crt.AwsCrtHttpClient";
      default -> throw new IllegalArgumentException("unknown HTTP client " + name
          + " (apache5, apache, urlconnection, crt)");
    };
    Object builder = Class.forName(type).getMethod("builder").invoke(null);
    Class<?> api = Class.forName(type + "$Builder"); // the builders' classes are private; their interfaces are not
    for (String size : List.of("maxConnections", "maxConcurrency")) { // urlconnection has no pool to size
      try {
        api.getMethod(size, Integer.class).invoke(builder, connections);
      } catch (NoSuchMethodException e) {
        // this client names its pool size the other way, or has none
      }
    }
    return (SdkHttpClient) SdkHttpClient.Builder.class.getMethod("build").invoke(builder);
  }
}
