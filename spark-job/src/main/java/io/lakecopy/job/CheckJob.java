package io.lakecopy.job;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lakecopy.config.CliOption;
import io.lakecopy.config.JobConfig;
import io.lakecopy.config.ObjectFilter;
import io.lakecopy.copy.CheckRowFn;
import io.lakecopy.copy.CheckRows;
import io.lakecopy.copy.DeleteScopeFn;
import io.lakecopy.copy.MapKeysFn;
import io.lakecopy.copy.SourceRows;
import io.lakecopy.plan.CheckVerdict;
import io.lakecopy.plan.DeleteScope;
import io.lakecopy.report.CheckSummary;
import io.lakecopy.report.ReportWriter;
import io.lakecopy.s3.BucketOwnerCheck;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code lakecopy check}, on the driver: lists the sources and the destination prefix on the executors as the copy
 * does ({@link Sources}, {@link Listing}), maps the source keys as the copy would ({@link MapKeysFn}), and joins the
 * two with Spark into one {@link CheckRows} row per key ({@link CheckVerdict}), written once under the run's
 * directory; only the counts per result reach the driver. With {@value #DEST_INVENTORY}, the destination side is an
 * S3 Inventory of the destination bucket, read on the executors ({@link InventoryInput#destination}), instead of a
 * listing: a snapshot, which the summary names. It sends no request that writes or deletes anything in
 * either bucket and (unless --download) reads no object's bytes: besides the listings, only a HEAD of each destination object of the
 * source's size whose ETag cannot be compared with the source's (for its recorded source ETag), and of both objects
 * of the same size whose ETags differ (for how they are encrypted).
 *
 * <p>Which destination objects are extra is the rule {@code --delete} uses ({@link DeleteScope}): under --dest, no
 * listed source maps to them, and they are in scope of the filters.
 */
public final class CheckJob {
  /** The check's flag that names an S3 Inventory of the destination bucket (a check flag only, parsed in cli/). */
  public static final String DEST_INVENTORY = "--dest-inventory";
  /** Why a destination object whose inventory row gives no size is unverified. */
  static final String NO_DEST_SIZE = "size not known: the destination inventory gives none";
  private static final Logger LOG = LoggerFactory.getLogger(CheckJob.class);

  private final SparkSession spark;
  private final JobConfig config;
  private final boolean extras;
  private final boolean download;
  private final Optional<String> destInventory;
  private final ToIntFunction<CheckSummary> exitCodes;

  /**
   * @param oneWay whether only the sources are looked for at the destination (no extra rows)
   * @param download whether the bytes of every source and destination object of one size are compared (--download)
   * @param destInventory the manifest.json of an S3 Inventory of the destination bucket, read instead of a listing
   * @param exitCodes the exit code of a finished check, as cli/ decides it: written into {@code _summary.json}
   * @throws LakecopyException INVALID_INPUT when extra objects are to be looked for under a rewritten key mapping
   *     with a key filter: which destination objects are in scope is unknown then, as for --delete
   */
  public CheckJob(SparkSession spark, JobConfig config, boolean oneWay, boolean download,
      Optional<String> destInventory, ToIntFunction<CheckSummary> exitCodes) {
    this.spark = requireNonNull(spark, "spark is null");
    this.config = requireNonNull(config, "config is null");
    this.exitCodes = requireNonNull(exitCodes, "exitCodes is null");
    this.extras = looksForExtras(config, oneWay);
    this.download = download;
    this.destInventory = requireNonNull(destInventory, "destInventory is null");
  }

  /**
   * Whether the check looks for extra destination objects: not with --one-way, nor with --manifest (a manifest names
   * the objects to compare; everything else under --dest is not the check's business).
   *
   * @throws LakecopyException INVALID_INPUT when it would, under a rewritten key mapping with a key filter
   */
  public static boolean looksForExtras(JobConfig config, boolean oneWay) {
    boolean extras = !oneWay && config.manifest().isEmpty();
    boolean keyFilter = !config.filters().isEmpty() || config.srcPattern().isPresent()
        || config.prefixesFile().isPresent();
    if (extras && config.keyMapper().rewrites() && keyFilter) {
      throw LakecopyException.invalidInput((config.keyMapper().flatten() ? CliOption.FLATTEN : CliOption.DEST_KEY_REGEX)
          .display() + " with a key filter (--include/--exclude, --src-pattern or --src-prefixes-file): a rewritten"
          + " destination key cannot be mapped back to the source key the filter would judge, so which destination"
          + " objects are extra is unknown; add --one-way or drop one of them");
    }
    return extras;
  }

  /**
   * Runs the check. Throws only when it cannot go on; a bad --dest-inventory before anything is listed or written.
   * Retries: SDK only (listings: per page, and Spark's).
   */
  public CheckSummary run() {
    long start = System.nanoTime();
    try (S3Client source = config.sourceClient().create(); S3Client dest = config.destClient().create()) {
      spark.sparkContext().setJobGroup("lakecopy", "lakecopy check: check", false);
      config.sourceClient().checkRole(source, CliOption.SOURCE_ROLE_ARN.display());
      config.destClient().checkRole(dest, CliOption.DEST_ROLE_ARN.display());
      config.source().ifPresent(s -> BucketOwnerCheck.check(config.sourceClient(), source, s,
          CliOption.EXPECTED_SOURCE_OWNER.display()));
      BucketOwnerCheck.check(config.destClient(), dest, config.dest(), CliOption.EXPECTED_DEST_OWNER.display());
      config.report().ifPresent(r -> ReportWriter.checkWritable(spark, r));
      Optional<InventoryInput.Destination> inventory = destInventory.map(m -> {
        spark.sparkContext().setJobGroup("lakecopy", "lakecopy check: read the destination inventory", false);
        return InventoryInput.destination(spark, dest, m, config.dest(), DEST_INVENTORY + " " + Excerpt.of(m));
      });
      CheckSummary.DestSide side = inventory.map(i -> CheckSummary.DestSide.inventory(destInventory.get(),
          i.created())).orElse(CheckSummary.DestSide.LISTING);
      RunDirectory run = openRunDirectory();
      try {
        String rows = compare(run, source, dest, inventory);
        spark.sparkContext().setJobGroup("lakecopy", "lakecopy check: report", false);
        Dataset<Row> written = spark.read().schema(CheckRows.SCHEMA).parquet(rows);
        CheckSummary summary = new CheckSummary(counts(written), extras, Duration.ofNanos(System.nanoTime() - start),
            side);
        config.report().ifPresent(r -> {
          ReportWriter.write(spark, written, r, config.reportFormat());
          int exitCode = exitCodes.applyAsInt(summary);
          ReportWriter.writeSummary(spark, r, summary.toJson(from(), config.dest().toString(), exitCode),
              exitCode == 0);
        });
        return summary;
      } finally {
        if (config.ledger().isEmpty()) {
          run.deleteAll();
        } else {
          run.restrictAll();
        }
      }
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /** The check's working directory: --ledger (a new location), else a temporary one, deleted when it ends. */
  private RunDirectory openRunDirectory() {
    RunDirectory.Meta meta = new RunDirectory.Meta(Instant.now(), from(), config.dest().toString(), "check");
    var hadoop = spark.sparkContext().hadoopConfiguration();
    return config.ledger().isPresent()
        ? RunDirectory.create(hadoop, config.ledger().get(), CliOption.LEDGER.display(), meta)
        : RunDirectory.create(hadoop, CopyJob.temporaryLocation(spark), "the check's temporary directory", meta);
  }

  /** The report rows, joined on the executors and written under the run's directory; their path. */
  private String compare(RunDirectory run, S3Client source, S3Client dest,
      Optional<InventoryInput.Destination> inventory) {
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy check: list", false);
    Sources.Found found = Sources.find(spark, config, source, run);
    Dataset<Row> destination = inventory.isPresent() ? inventory.get().rows()
        : Sources.destination(spark, config, dest, run).rows();
    S3Location destPrefix = config.dest();
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy check: compare", false);
    Dataset<Row> mapped = found.rows().map(new MapKeysFn(config.objectFilter(), config.keyMapper(), destPrefix),
        Encoders.row(SourceRows.MAPPED));
    if (!found.uniqueKeys()) {
      mapped = mapped.dropDuplicates("bucket", "key"); // a manifest may name an object twice: one row per key
    }
    // sources mapped to no valid key are missing with their error as the reason
    Dataset<Row> sources = mapped.filter(col("selected").or(col("error").isNotNull()))
        .select("bucket", "key", "size", "etag", "dest_key", "error");
    Dataset<Row> compared = sources.join(destination.select(col("key").as("d_key"), col("size").as("d_size"),
        col("etag").as("d_etag")), col("dest_key").equalTo(col("d_key")), "left");
    if (extras) {
      Dataset<Row> mappedKeys = mapped.filter(col("dest_key").isNotNull()).select(col("dest_key").as("m_key"))
          .distinct();
      DeleteScope scope = new DeleteScope(config.source().map(S3Location::key).orElse(""), config.objectFilter(),
          found.listedPrefixes(), config.completionMarker());
      Dataset<Row> candidates = destination.join(mappedKeys, col("key").equalTo(col("m_key")), "left_anti")
          .withColumn("d_size", col("size"));
      if (inventory.isPresent()) {
        candidates = unsizedInScope(candidates, config.objectFilter());
      }
      Dataset<Row> extra = candidates.filter(new DeleteScopeFn(scope, destPrefix.key().length()))
          .select(lit(null).cast("string").as("bucket"), lit(null).cast("string").as("key"),
              lit(null).cast("long").as("size"), lit(null).cast("string").as("etag"),
              lit(null).cast("string").as("dest_key"), lit(null).cast("string").as("error"), col("key").as("d_key"),
              col("d_size"), col("etag").as("d_etag"));
      compared = compared.unionByName(extra);
    }
    String path = run.path("check");
    verdicts(compared, inventory.isPresent(), destPrefix.bucket()).write().parquet(path);
    run.restrict("check");
    LOG.info("Compared {} with {}{}", from(), destPrefix, destInventory.map(m -> " as its inventory "
        + Excerpt.of(m) + " has it").orElse(""));
    return path;
  }

  /**
   * The report rows of the joined rows, by {@link CheckRowFn}; those of inventory rows without a size, which it
   * cannot compare, by {@link #unsized}.
   */
  private Dataset<Row> verdicts(Dataset<Row> compared, boolean inventory, String destBucket) {
    CheckRowFn check = new CheckRowFn(destBucket, config.sourceClient(), config.destClient(), config.maxConcurrency(),
        download);
    if (!inventory) {
      return compared.mapPartitions(check, Encoders.row(CheckRows.SCHEMA));
    }
    Column unsized = col("d_key").isNotNull().and(col("d_size").isNull());
    return compared.where(functions.not(unsized)).mapPartitions(check, Encoders.row(CheckRows.SCHEMA))
        .unionByName(unsized(compared.where(unsized), destBucket));
  }

  /**
   * The extra candidates whose inventory row gives no size are in the filters' scope only where no size filter is
   * set: then no size can take them out of it, and the scope is judged with a size of 0 (their {@code d_size} stays
   * null); with --min-size or --max-size their scope is unknown, and they are left out.
   */
  private static Dataset<Row> unsizedInScope(Dataset<Row> candidates, ObjectFilter filter) {
    boolean sizeFilter = filter.minSizeBytes() > 0 || filter.maxSizeBytes() < Long.MAX_VALUE;
    return sizeFilter ? candidates.where(col("size").isNotNull())
        : candidates.withColumn("size", functions.coalesce(col("size"), lit(0L)));
  }

  /**
   * The report rows of destination objects whose inventory row gives no size: nothing is known to compare, so never
   * {@code same}: {@code unverified} where a source maps to the key, else {@code extra}. No HEAD is sent for them.
   */
  private static Dataset<Row> unsized(Dataset<Row> rows, String destBucket) {
    Column extra = col("key").isNull();
    return rows.select(functions.when(extra, lit(null))
            .otherwise(functions.concat(lit("s3://"), col("bucket"), lit("/"), col("key"))).cast("string").as("source"),
        functions.concat(lit("s3://" + destBucket + "/"), col("d_key")).as("destination"),
        col("size").as("source_size"), col("d_size").as("dest_size"), unquoted(col("etag")).as("source_etag"),
        unquoted(col("d_etag")).as("dest_etag"),
        functions.when(extra, lit(CheckVerdict.Result.EXTRA.label()))
            .otherwise(lit(CheckVerdict.Result.UNVERIFIED.label())).as("result"),
        functions.when(extra, lit(CheckVerdict.NOT_AT_SOURCE)).otherwise(lit(NO_DEST_SIZE)).as("reason"));
  }

  /** An ETag as the report writes it: without S3's quotes ({@link io.lakecopy.s3.ETags#unquote}). */
  private static Column unquoted(Column eTag) {
    return functions.regexp_replace(eTag, "^\"(.*)\"$", "$1");
  }

  /** Keys per result: one aggregate row per result reaches the driver. */
  private static Map<CheckVerdict.Result, Long> counts(Dataset<Row> rows) {
    Map<CheckVerdict.Result, Long> counts = new EnumMap<>(CheckVerdict.Result.class);
    for (Row r : rows.groupBy("result").count().collectAsList()) {
      counts.put(CheckVerdict.Result.valueOf(r.getString(0).toUpperCase(java.util.Locale.ROOT)), r.getLong(1));
    }
    return counts;
  }

  /** What the check compares with the destination: --source, or --manifest. */
  private String from() {
    return config.source().map(Object::toString).orElse(config.manifest().orElse(""));
  }

  /** For messages: the report's location, if one was asked for. */
  public Optional<String> reportLocation() {
    return config.report();
  }
}
