package io.lakecopy.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.lakecopy.config.CliOption;
import io.lakecopy.config.JobConfig;
import io.lakecopy.copy.HistoryKeysFn;
import io.lakecopy.copy.RequestCounts;
import io.lakecopy.copy.VersionHistoryFn;
import io.lakecopy.copy.WaveRows;
import io.lakecopy.report.OutcomeRows;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;

/**
 * --all-versions, on the driver: the source's and the destination's histories listed on the executors
 * (ListObjectVersions, by {@link Listing}, each key once with its whole history; the source's may be an S3 Inventory
 * of all versions instead, {@link InventoryInput#histories}), the source keys selected and mapped, joined by
 * destination key, and each key's history written by a task ({@link VersionHistoryFn}); the outcomes are written
 * under the run's directory, and only their aggregates reach the driver. What must hold before anything is
 * written: the destination bucket has versioning enabled, every selected key maps to a destination key, and no two
 * map to one.
 */
final class AllVersions {
  /** Colliding or unmappable keys named in the message of a run refused for them. */
  private static final int NAMED = 5;
  static final String OUTCOMES = "outcomes/versions";

  private AllVersions() {}

  /**
   * @throws LakecopyException INVALID_INPUT unless the destination bucket's versioning is enabled: on a bucket
   *     without it, a delete marker's DeleteObject would delete the object, and each copy would replace the last
   */
  static void checkDestination(S3Client dest, String bucket) {
    GetBucketVersioningResponse r = Buckets.onBucket(bucket, "--dest (dest.uri)",
        () -> dest.getBucketVersioning(b -> b.bucket(bucket)));
    if (r.status() != BucketVersioningStatus.ENABLED) {
      throw LakecopyException.invalidInput(CliOption.ALL_VERSIONS.display() + ": the destination bucket " + bucket
          + " has versioning " + (r.status() == null ? "never enabled" : r.statusAsString()) + "; a history can"
          + " only be copied to a bucket with versioning enabled (there each copy is a new version and a delete"
          + " marker deletes nothing). Nothing was written");
    }
  }

  /**
   * @throws LakecopyException INVALID_INPUT when Spark may run a copy task twice at once (spark.speculation): two
   *     attempts would both write a key's history, each version twice. A retried attempt is safe: it lists each
   *     key's destination history again before writing it
   */
  static void checkNoSpeculation(SparkSession spark) {
    if (Boolean.parseBoolean(spark.sparkContext().getConf().get("spark.speculation", "false").strip())) {
      throw LakecopyException.invalidInput(CliOption.ALL_VERSIONS.display() + " with spark.speculation=true: a"
          + " speculative copy task would write the histories of its keys a second time, at once with the first"
          + " attempt; run it with spark.speculation=false");
    }
  }

  /**
   * Lists, plans and (unless a dry run) writes; the requests the executors sent. Retries: SDK only.
   *
   * @param beforeWriting runs once the input is known good, before the first write (an earlier run's completion
   *     marker is deleted there)
   */
  static Map<String, Long> copy(SparkSession spark, JobConfig config, S3Client source, S3Client dest,
      RunDirectory run, Runnable beforeWriting) {
    S3Location base = config.source().orElseThrow();
    Listing.Listed sources = config.manifest().isPresent()
        ? new Listing.Listed(Sources.histories(spark, config, source), Map.of())
        : Listing.list(spark, source, new Listing.Request(base.bucket(), List.of(base.key()),
            "--source (source.uri)", config.sourceClient(), config.listPagesPerRange(), config.listPageSize(),
            config.listParallelism(), "listing/source", true), run);
    Dataset<Row> mapped = sources.objects().flatMap(new HistoryKeysFn(config.objectFilter(), config.keyMapper(),
        base, config.dest()), Encoders.row(HistoryKeysFn.SCHEMA));
    String at = run.path("plan/history-keys");
    mapped.write().parquet(at);
    mapped = spark.read().schema(HistoryKeysFn.SCHEMA).parquet(at);
    refuseErrors(mapped);
    refuseCollisions(mapped);
    refuseMarkerKey(mapped, config);
    S3Location destPrefix = config.dest();
    Listing.Listed destination = Listing.list(spark, dest, new Listing.Request(destPrefix.bucket(),
        List.of(destPrefix.key()), "--dest (dest.uri)", config.destClient(), config.listPagesPerRange(),
        config.listPageSize(), config.listParallelism(), "listing/dest", true), run);
    Dataset<Row> keys = mapped.join(destination.objects().select(col("key").as("d_key"),
        col("versions").as("d_versions")), col("dest_key").equalTo(col("d_key")), "left")
        .select(java.util.Arrays.stream(VersionHistoryFn.ROW_COLUMNS).map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new));
    int partitions = config.partitions() > 0 ? config.partitions()
        : 2 * spark.sparkContext().defaultParallelism();
    RequestCounts sent = new RequestCounts();
    spark.sparkContext().register(sent, "lakecopy.historyRequests");
    VersionHistoryFn.Settings settings = new VersionHistoryFn.Settings(base.bucket(), destPrefix.bucket(),
        config.maxConcurrency(), config.copyTags(), config.partSizeBytes(), config.multipartThresholdBytes(),
        config.listPageSize(), config.verification(), config.dryRun());
    beforeWriting.run();
    run.deleteOwn(OUTCOMES);
    keys.repartition(partitions).mapPartitions(new VersionHistoryFn(settings, config.sourceClient(),
        config.destClient(), sent, OutcomeRows.copyStage(1)), Encoders.row(WaveRows.SCHEMA)).write()
        .parquet(run.path(OUTCOMES));
    run.restrict("outcomes");
    run.restrict("plan");
    Map<String, Long> requests = new HashMap<>(sources.requests());
    destination.requests().forEach((k, v) -> requests.merge(k, v, Long::sum));
    sent.value().forEach((k, v) -> requests.merge(k, v, Long::sum));
    return requests;
  }

  /**
   * @throws LakecopyException INVALID_INPUT when a source key maps to the completion marker's key: its history would
   *     be written under the marker, which the run then writes over
   */
  private static void refuseMarkerKey(Dataset<Row> mapped, JobConfig config) {
    if (config.completionMarker().isEmpty()) {
      return;
    }
    S3Location marker = config.dest().resolve(config.completionMarker().get());
    List<Row> on = mapped.filter(col("dest_key").equalTo(marker.key())).select("key").limit(1).collectAsList();
    if (!on.isEmpty()) {
      throw LakecopyException.invalidInput(CliOption.COMPLETION_MARKER.display() + ": the source s3://"
          + config.source().orElseThrow().bucket() + "/" + Excerpt.of(on.get(0).getString(0)) + " maps to the"
          + " marker's key " + marker + "; choose another marker name or exclude it");
    }
  }

  /** @throws LakecopyException INVALID_INPUT naming the first keys that map to no destination key */
  private static void refuseErrors(Dataset<Row> mapped) {
    List<Row> errors = mapped.filter(col("error").isNotNull()).select("error").limit(NAMED).collectAsList();
    if (!errors.isEmpty()) {
      throw LakecopyException.invalidInput(errors.stream().map(r -> r.getString(0))
          .collect(Collectors.joining("; ")));
    }
  }

  /** @throws LakecopyException INVALID_INPUT naming the first destination keys two source keys map to */
  private static void refuseCollisions(Dataset<Row> mapped) {
    List<Row> collisions = mapped.groupBy("dest_key").agg(count(lit(1)).as("n"), min("key"), max("key"))
        .filter(col("n").gt(1)).limit(NAMED).collectAsList();
    if (!collisions.isEmpty()) {
      throw LakecopyException.invalidInput("two source keys map to one destination key, whose history would be"
          + " both of theirs: " + collisions.stream().map(r -> "'" + Excerpt.of(r.getString(2)) + "' and '"
              + Excerpt.of(r.getString(3)) + "' to '" + Excerpt.of(r.getString(0)) + "'")
              .collect(Collectors.joining(", ")) + "; change --dest-key-regex or drop --flatten");
    }
  }
}
