package io.lakecopy.job;

import io.lakecopy.cli.ArgsParser;
import io.lakecopy.config.ConfigLoader;
import io.lakecopy.config.JobConfig;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.ListingServer;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Listing a flat prefix of N keys (default 1,000,000) behind added latency per request (default 30 ms, as to S3
 * from another region): one stream (the SDK's ListObjectsV2 paginator, page after page) against the run's
 * {@link Listing} (key ranges listed by Spark tasks in {@code local[2]}, split round by round). The keys are served
 * from memory ({@link ListingServer}) through a {@link FaultProxy} that adds the latency, so that the lister, not
 * the server, is measured. Prints keys/s and LIST requests per 1,000 keys for each. In this package because
 * {@link Listing} is the job's own; the rest of the run is not measured.
 *
 * <p>Args: keys, work dir, latency ms, --list-parallelism, --list-pages-per-range.
 */
public final class ListingBench {
  private static final String BUCKET = "bench-listing";
  private static final String PREFIX = "lake/flat/";

  private ListingBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path work = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/bench-listing"));
    Duration latency = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 30);
    String parallelism = args.length > 3 ? args[3] : "8";
    String pages = args.length > 4 ? args[4] : "10";
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = String.format(Locale.ROOT, "%spart-%07d.parquet", PREFIX, i);
    }
    try (ListingServer server = ListingServer.start(BUCKET, keys);
        FaultProxy proxy = FaultProxy.start(server.endpoint(), 256)) {
      proxy.setLatency(latency);
      System.out.printf(Locale.ROOT, "%,d keys under s3://%s/%s, %d ms added per request%n", n, BUCKET, PREFIX,
          latency.toMillis());
      oneStream(proxy, n);
      executors(proxy, n, work, parallelism, pages);
    }
  }

  private static void oneStream(FaultProxy proxy, int n) {
    proxy.resetCounts();
    try (S3Client s3 = S3Client.builder().endpointOverride(proxy.endpoint()).forcePathStyle(true)
        .region(Region.of(S3TestServer.REGION)).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY))).build()) {
      long start = System.nanoTime();
      long listed = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(PREFIX)).contents().stream().count();
      print("one stream (ListObjectsV2 paginator)", listed, n, start, proxy);
    }
  }

  private static void executors(FaultProxy proxy, int n, Path work, String parallelism, String pages) {
    String endpoint = proxy.endpoint().toString();
    // the test servers' stand-in credentials, for the job's default credential chain
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    JobConfig config = ConfigLoader.load(ArgsParser.parse("--source", "s3://" + BUCKET + "/" + PREFIX, "--dest",
        "s3://bench-unused-dest/", "--source-endpoint", endpoint, "--dest-endpoint", endpoint, "--path-style",
        "--source-region", S3TestServer.REGION, "--dest-region", S3TestServer.REGION, "--list-parallelism",
        parallelism, "--list-pages-per-range", pages).values());
    SparkSession spark = SparkSession.builder().appName("lakecopy-listing-bench").getOrCreate();
    RunDirectory run = RunDirectory.create(spark.sparkContext().hadoopConfiguration(),
        work.resolve("run-" + System.nanoTime()).toUri().toString(), "the bench's run directory",
        new RunDirectory.Meta(Instant.now(), config.source().orElseThrow().toString(), config.dest().toString(), ""));
    proxy.resetCounts();
    try (S3Client s3 = config.sourceClient().create()) {
      long start = System.nanoTime();
      Listing.Listed listed = Listing.list(spark, s3, new Listing.Request(BUCKET, List.of(PREFIX), "--source",
          config.sourceClient(), config.listPagesPerRange(), config.listPageSize(), config.listParallelism(),
          "listing/source"), run);
      long count = listed.objects().count();
      print("executors (local[2], --list-parallelism " + parallelism + ", --list-pages-per-range " + pages + ")",
          count, n, start, proxy);
    } finally {
      run.deleteAll();
      spark.stop();
    }
  }

  private static void print(String how, long listed, int n, long start, FaultProxy proxy) {
    double seconds = (System.nanoTime() - start) / 1e9;
    long lists = proxy.count(RequestType.LIST_OBJECTS);
    System.out.printf(Locale.ROOT, "%s: %,d of %,d keys in %.1f s = %,.0f keys/s; %,d LIST requests = %.2f per 1,000"
        + " keys%n", how, listed, n, seconds, listed / seconds, lists, lists * 1000.0 / Math.max(1, listed));
  }
}
