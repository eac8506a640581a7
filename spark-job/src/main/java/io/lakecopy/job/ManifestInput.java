package io.lakecopy.job;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.lakecopy.config.JobConfig;
import io.lakecopy.config.ManifestFormat;
import io.lakecopy.copy.ManifestRows;
import io.lakecopy.copy.ResolveEntriesFn;
import io.lakecopy.plan.FilterSettings;
import io.lakecopy.plan.ManifestParser;
import io.lakecopy.report.OwnerOnly;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code --manifest} and {@code --previous-manifest} as Datasets read on the executors: the driver holds no line
 * and no row of them, only counts and the first few errors.
 *
 * <p>{@link #read}: lines and CSV manifests are parsed line by line with exact line numbers ({@link TextManifest});
 * an S3 Inventory's data files are read by Spark with the source prefix and the size and time filters pushed into
 * the read ({@link InventoryInput}). Bad lines fail the run before any request is sent (INVALID_INPUT, the count
 * and the first ten in line order); a repeated object (bucket, key, version) is kept once, at its first line. Entries
 * without size and ETag are HEADed on the executors. The result is written once to {@code <workDir>/input/}
 * (Parquet) and returned read back from there, so that no action recomputes the HEADs.
 */
public final class ManifestInput {
  /** The columns of {@link #read}; {@code line} and {@code missing} are never null. */
  public static final StructType SCHEMA = new StructType().add("bucket", DataTypes.StringType)
      .add("key", DataTypes.StringType).add("relative_key", DataTypes.StringType)
      .add("version_id", DataTypes.StringType).add("size", DataTypes.LongType).add("etag", DataTypes.StringType)
      .add("last_modified", DataTypes.TimestampType).add("storage_class", DataTypes.StringType)
      .add("line", DataTypes.LongType).add("missing", DataTypes.BooleanType);

  /** The columns of {@link #readPrevious}. */
  public static final StructType PREVIOUS_SCHEMA = new StructType().add("bucket", DataTypes.StringType)
      .add("key", DataTypes.StringType).add("etag", DataTypes.StringType);

  static final String MANIFEST_FLAG = "--manifest (source.manifest)";
  static final String PREVIOUS_FLAG = "--previous-manifest (source.previous-manifest)";

  /** What {@code <workDir>/input/} holds: the columns of {@link #SCHEMA}, then why a HEAD failed. */
  private static final StructType WRITTEN = SCHEMA.add("error_kind", DataTypes.StringType)
      .add("error", DataTypes.StringType);
  private static final StructType PREVIOUS_WRITTEN = PREVIOUS_SCHEMA.add("line", DataTypes.LongType)
      .add("error", DataTypes.StringType);

  private static final Logger LOG = LoggerFactory.getLogger(ManifestInput.class);
  /** The row group size of what is written (see {@link #writeOnce}). */
  static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;

  private ManifestInput() {}

  /**
   * Reads {@code --manifest}: one row per object to copy, with the columns of {@link #SCHEMA}. {@code relative_key}
   * is the key relative to {@code --source} (the key when there is none); {@code line} is the manifest line or
   * inventory row, from 1 (the lines of a directory's files counted as one manifest, in name order); {@code etag} is
   * in S3's quoted form; {@code storage_class} is null for STANDARD or unknown; {@code missing} rows (only with
   * {@code --skip-missing}) name an object that does not exist, without size, ETag or time. Rows the key, size and
   * time filters reject are left out.
   *
   * <p>Retries: SDK only (HeadBucket per bucket from the driver; HEADs on the executors, at most
   * {@code --max-concurrency} per task).
   *
   * @param source the driver's source client: HeadBucket, and an {@code s3://} manifest's GetObject
   * @param workDir the run's work directory (any Hadoop URI); {@code input/} and {@code staged/} under it must
   *     not exist
   * @throws LakecopyException INVALID_INPUT for a manifest that cannot be read, bad lines, a missing bucket, or
   *     (without --skip-missing) objects that do not exist; the classified kind for a HEAD that failed otherwise
   */
  public static Dataset<Row> read(SparkSession spark, JobConfig config, S3Client source, String workDir) {
    requireNonNull(spark, "spark is null");
    requireNonNull(config, "config is null");
    requireNonNull(source, "source is null");
    requireNonNull(workDir, "workDir is null");
    String name = config.manifest().orElseThrow(() -> new IllegalArgumentException("no --manifest configured"));
    String what = "--manifest " + Excerpt.of(name);
    ManifestFormat format = config.manifestFormat().resolve(name);
    FilterSettings filter = FilterSettings.of(config.objectFilter());
    S3Location base = config.source().orElse(null);
    String noun = format == ManifestFormat.INVENTORY ? "row" : "line";
    Dataset<Row> valid = reading(what, () -> {
      InventoryInput.Inventory inventory = null;
      Dataset<Row> entries;
      if (format == ManifestFormat.INVENTORY) {
        inventory = InventoryInput.read(spark, source, name, base, filter, what);
        entries = inventory.entries();
      } else {
        List<ManifestFiles.Found> files = ManifestFiles.find(spark.sparkContext().hadoopConfiguration(), source, name,
            MANIFEST_FLAG, under(workDir, "staged/manifest"));
        entries = TextManifest.entries(spark, files, format == ManifestFormat.CSV, base, filter);
      }
      List<String> buckets = ManifestChecks.entries(entries, what, noun);
      if (inventory != null && buckets.isEmpty() && base != null) {
        ManifestChecks.underSource(inventory, what, base);
      }
      ManifestChecks.buckets(source, buckets, what);
      Dataset<Row> good = entries.where(col("error").isNull());
      int tasks = 2 * spark.sparkContext().defaultParallelism(); // HEADs: as many tasks as cores can run, twice
      if (inventory == null) {
        return firstOfEach(good, tasks);
      }
      return inventory.described() ? good : good.repartition(tasks); // S3 lists each current object once
    });
    Dataset<Row> resolved = valid.select(names(ManifestRows.ENTRY)).mapPartitions(new ResolveEntriesFn(
        config.sourceClient(), filter, config.maxConcurrency(), noun), Encoders.row(ManifestRows.RESOLVED));
    Dataset<Row> written = resolved.select(col("bucket"), col("key"), col("relative_key"), col("version_id"),
        col("size"), col("etag"), functions.expr("timestamp_micros(last_modified_us)").as("last_modified"),
        col("storage_class"), col("line"), col("missing"), col("error_kind"), col("error"));
    Dataset<Row> back = writing(what, () -> writeOnce(spark, written, under(workDir, "input"), WRITTEN));
    ManifestChecks.Counts counts = ManifestChecks.resolved(back, what, noun, config.skipMissing());
    LOG.info("{}: {} objects to copy ({} of them missing), in {}", what, counts.rows(), counts.missing(),
        under(workDir, "input"));
    return back.select(names(SCHEMA));
  }

  /**
   * Reads {@code --previous-manifest} (a CSV manifest, e.g. an earlier run's {@code --output-manifest}): the
   * objects it lists with their ETag, the columns of {@link #PREVIOUS_SCHEMA}, for an anti-join against what is to
   * be copied. {@code etag} is in S3's quoted form, null for a row that gives none (it then matches nothing).
   * Written once to {@code <workDir>/previous-manifest/} and read back.
   *
   * <p>Retries: SDK only (an {@code s3://} manifest is read with one GetObject).
   *
   * @throws LakecopyException INVALID_INPUT for a manifest that cannot be read or has bad lines
   */
  public static Dataset<Row> readPrevious(SparkSession spark, JobConfig config, S3Client source, String workDir) {
    requireNonNull(spark, "spark is null");
    requireNonNull(config, "config is null");
    requireNonNull(source, "source is null");
    requireNonNull(workDir, "workDir is null");
    String name = config.previousManifest()
        .orElseThrow(() -> new IllegalArgumentException("no --previous-manifest configured"));
    String what = "--previous-manifest " + Excerpt.of(name);
    Dataset<Row> back = reading(what, () -> {
      List<ManifestFiles.Found> files = ManifestFiles.find(spark.sparkContext().hadoopConfiguration(), source, name,
          PREVIOUS_FLAG, under(workDir, "staged/previous-manifest"));
      Dataset<Row> rows = TextManifest.entries(spark, files, true, null, null).select(col("bucket"), col("key"),
          col("etag"), col("line"), col("error"));
      return writeOnce(spark, rows, under(workDir, "previous-manifest"), PREVIOUS_WRITTEN);
    });
    ManifestChecks.entries(back, what, "line");
    return back.where(col("error").isNull()).select(names(PREVIOUS_SCHEMA));
  }

  /**
   * A repeated object (same bucket, key and version) once: the entry of its first line, in {@code tasks}
   * partitions. The number is fixed (adaptive execution would merge the partitions of a small shuffle into a few,
   * and the HEADs that follow would then run in a few tasks however many cores the cluster has).
   */
  static Dataset<Row> firstOfEach(Dataset<Row> entries, int tasks) {
    Column[] object = {col("bucket"), col("key"), col("version_id")};
    Column first = functions.min(functions.struct(col("line"), col("relative_key"), col("size"), col("etag"),
        col("last_modified_us"), col("storage_class")));
    return entries.repartition(tasks, object).groupBy(object).agg(first.as("first"))
        .select(col("bucket"), col("key"), col("first.relative_key").as("relative_key"), col("version_id"),
            col("first.size").as("size"), col("first.etag").as("etag"),
            col("first.last_modified_us").as("last_modified_us"), col("first.storage_class").as("storage_class"),
            col("first.line").as("line"), functions.lit(null).cast(DataTypes.StringType).as("error"));
  }

  /**
   * Writes {@code rows} to {@code dir} (owner-only where permissions exist) and reads them back. Row groups of
   * {@value #ROW_GROUP_BYTES} bytes: a Parquet writer holds its row group in the heap until it is full, Parquet's
   * default of 128 MiB per writing task (measured: 480 MiB of live heap writing 9 million rows with two tasks).
   */
  private static Dataset<Row> writeOnce(SparkSession spark, Dataset<Row> rows, String dir, StructType schema) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    OwnerOnly.withUmask(hadoop, () -> rows.write().mode(SaveMode.ErrorIfExists)
        .option("parquet.block.size", ROW_GROUP_BYTES).parquet(dir));
    try {
      Path path = new Path(dir);
      OwnerOnly.restrictTree(path.getFileSystem(hadoop), path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return spark.read().schema(schema).parquet(dir);
  }

  /** {@code dir} under the work directory, whether or not that ends in a slash. */
  private static String under(String workDir, String dir) {
    return new Path(workDir, dir).toString();
  }

  private static Column[] names(StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new);
  }

  /**
   * Runs Spark jobs that read the input. A LakecopyException raised in them (on the driver or in a task) keeps its
   * kind; any other failure means the input could not be read: INVALID_INPUT naming it.
   */
  private static <T> T reading(String what, Supplier<T> jobs) {
    try {
      return jobs.get();
    } catch (Exception e) {
      throw ManifestChecks.lakecopyCause(e).orElseGet(() -> LakecopyException.invalidInput(what + ": cannot read: "
          + Excerpt.of(ManifestChecks.rootMessage(e))));
    }
  }

  /** Runs the Spark job that resolves and writes the entries; its failure (not the input's) is OTHER. */
  private static <T> T writing(String what, Supplier<T> jobs) {
    try {
      return jobs.get();
    } catch (Exception e) {
      throw ManifestChecks.lakecopyCause(e).orElseGet(() -> new LakecopyException(ErrorKind.OTHER, what
          + ": resolving and writing the entries failed: " + Excerpt.of(ManifestChecks.rootMessage(e)), e));
    }
  }
}
