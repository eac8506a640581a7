package io.lakecopy.job;

import static org.apache.spark.sql.functions.col;

import io.lakecopy.copy.ListRangesFn;
import io.lakecopy.copy.ListingRows;
import io.lakecopy.copy.RequestCounts;
import io.lakecopy.plan.ListRange;
import io.lakecopy.plan.RangeLister;
import io.lakecopy.plan.ListingPages;
import io.lakecopy.s3.S3ClientSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lists prefixes of one bucket on the executors, in rounds, into {@code <dir>/round=N/} under the run directory
 * (none when the driver's own first listing finished: then its rows are the listing).
 * The driver lists the first prefix itself ({@link RangeLister#first}: flat, a large tree's rest by folders), for
 * as many pages as a task lists of a range (so that a missing bucket is told as bad input naming the flag, and so
 * that a prefix of a few thousand keys needs no Spark round at all; at most {@code pagesPerRange} pages are held):
 * its objects are round 0's rows, what it did not list (common prefixes, the rest) is round 1's ranges, with the
 * other prefixes' delimited listings. Each round the executors list the
 * ranges and write the objects and the ranges left; the driver collects only the ranges left (never a key) until
 * none is.
 */
final class Listing {
  private static final Logger LOG = LoggerFactory.getLogger(Listing.class);

  /**
   * What to list, and how.
   *
   * @param flag the flag that named the bucket, for a missing bucket's message
   * @param pageSize keys asked for per page (max-keys)
   * @param dir where the rounds go in the run directory, under {@code listing/}
   * @param versions whether every key's history is listed (ListObjectVersions, {@link S3VersionPages}), not only
   *     its current object
   */
  record Request(String bucket, List<String> prefixes, String flag, S3ClientSettings client, int pagesPerRange,
      int pageSize, int parallelism, String dir, boolean versions) {
    Request(String bucket, List<String> prefixes, String flag, S3ClientSettings client, int pagesPerRange,
        int pageSize, int parallelism, String dir) {
      this(bucket, prefixes, flag, client, pagesPerRange, pageSize, parallelism, dir, false);
    }

    Request {
      prefixes = List.copyOf(prefixes);
      if (prefixes.isEmpty()) {
        throw new IllegalArgumentException("no prefix to list");
      }
    }
  }

  /**
   * The listed objects (rows of {@link ListingRows#SCHEMA} with a key), read back from the rounds, and the
   * requests the executors sent (the driver's own are counted by its client).
   */
  record Listed(Dataset<Row> objects, Map<String, Long> requests) {}

  private Listing() {}

  /** Retries: SDK only (per page); a listing task that fails is retried by Spark. */
  static Listed list(SparkSession spark, S3Client driverClient, Request req, RunDirectory run) {
    RangeLister.Listing first = Buckets.onBucket(req.bucket(), req.flag(), () -> {
      try {
        return RangeLister.first(ListingPages.of(driverClient, req.bucket(), req.pageSize(), null, req.versions()),
            req.prefixes().get(0), req.pagesPerRange());
      } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
        if (req.versions() && e.statusCode() == 501) {
          throw io.lakecopy.s3.LakecopyException.invalidInput(req.flag() + ": the store of bucket '" + req.bucket()
              + "' does not list versions (ListObjectVersions: " + io.lakecopy.s3.S3Errors.describe(e) + "), which"
              + " --version-at and --all-versions read; it keeps none");
        }
        throw e;
      }
    });
    List<Row> rows = new ArrayList<>();
    first.objects().forEach(o -> rows.add(ListingRows.object(o)));
    List<Row> left = new ArrayList<>();
    first.left().forEach(r -> left.add(ListingRows.range(r)));
    req.prefixes().stream().skip(1).forEach(p -> left.add(ListingRows.range(ListRange.delimited(p, null))));
    if (left.isEmpty()) {
      // all listed, by the driver: its rows (at most pagesPerRange pages) are the listing, without a Spark job
      return new Listed(spark.createDataFrame(rows, ListingRows.SCHEMA), Map.of());
    }
    List<String> rounds = new ArrayList<>();
    rounds.add(run.path(req.dir() + "/round=0"));
    spark.createDataFrame(rows, ListingRows.SCHEMA).write().parquet(rounds.get(0));
    RequestCounts sent = new RequestCounts();
    spark.sparkContext().register(sent, "lakecopy.listRequests");
    for (List<Row> ranges = left; !ranges.isEmpty();
        ranges = left(spark, rounds.get(rounds.size() - 1))) {
      String at = run.path(req.dir() + "/round=" + rounds.size());
      LOG.info("Listing s3://{}/{}: round {}, {} ranges", req.bucket(), req.prefixes().get(0), rounds.size(),
          ranges.size());
      int perTask = req.parallelism() > 0 ? req.parallelism()
          : RangeLister.rangesPerTask(ranges.size(), spark.sparkContext().defaultParallelism());
      int partitions = (ranges.size() + perTask - 1) / perTask;
      spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ranges, partitions),
          ListingRows.RANGES).mapPartitions(new ListRangesFn(req.client(), req.bucket(), req.pagesPerRange(),
              req.pageSize(), perTask, sent, req.versions()), Encoders.row(ListingRows.SCHEMA)).write().parquet(at);
      rounds.add(at);
    }
    run.restrict("listing");
    Dataset<Row> objects = spark.read().schema(ListingRows.SCHEMA).parquet(rounds.toArray(String[]::new))
        .filter(col("key").isNotNull());
    return new Listed(objects, sent.value());
  }

  /** The ranges a round left, as rows of {@link ListingRows#RANGES}. */
  private static List<Row> left(SparkSession spark, String round) {
    return spark.read().schema(ListingRows.SCHEMA).parquet(round).filter(col("key").isNull())
        .select(java.util.Arrays.stream(ListingRows.RANGES.fieldNames()).map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new)).collectAsList();
  }
}
