package io.lakecopy.report;

import io.lakecopy.config.ReportFormat;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.ErrorKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Writes the per-object report with Spark, so any Spark-readable location works and Spark SQL can query it. */
public final class ReportWriter {
  /** The report's columns; the README documents each. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("source", DataTypes.StringType, false),
      DataTypes.createStructField("destination", DataTypes.StringType, false),
      DataTypes.createStructField("size_bytes", DataTypes.LongType, false),
      DataTypes.createStructField("source_etag", DataTypes.StringType, true),
      DataTypes.createStructField("source_version_id", DataTypes.StringType, true),
      DataTypes.createStructField("dest_etag", DataTypes.StringType, true),
      DataTypes.createStructField("method", DataTypes.StringType, false),
      DataTypes.createStructField("parts", DataTypes.IntegerType, false),
      DataTypes.createStructField("status", DataTypes.StringType, false),
      DataTypes.createStructField("error_kind", DataTypes.StringType, true),
      DataTypes.createStructField("error_message", DataTypes.StringType, true),
      DataTypes.createStructField("duration_ms", DataTypes.LongType, false),
      DataTypes.createStructField("attempts", DataTypes.IntegerType, false)});

  /** Written into the report directory at the end of every run. */
  public static final String SUMMARY_FILE = "_summary.json";
  /** Written into the report directory only when every object was copied. */
  public static final String SUCCESS_FILE = "_SUCCESS";
  private static final String SUCCESS_MARKER_KEY = "mapreduce.fileoutputcommitter.marksuccessfuljobs";

  private static final int ROWS_PER_SLICE = 50_000;

  private ReportWriter() {}

  private static org.apache.spark.api.java.JavaRDD<ObjectOutcome> slices(SparkSession spark,
      List<ObjectOutcome> outcomes) {
    int n = Math.max(1, (outcomes.size() + ROWS_PER_SLICE - 1) / ROWS_PER_SLICE);
    return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(outcomes, n);
  }

  /** One report row per outcome. */
  private static final class ToRow implements org.apache.spark.api.java.function.Function<ObjectOutcome, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(ObjectOutcome o) {
      return RowFactory.create(o.source(), o.destination(), o.sizeBytes(), o.sourceETag(), o.sourceVersionId(),
          o.destETag(),
          o.method().name(), o.parts(), o.status().name(), o.errorKind() == null ? null : o.errorKind().name(),
          o.errorMessage(), o.durationMillis(), o.attempts());
    }
  }

  /**
   * Fails if the report location exists or its filesystem is unknown: checked before anything is
   * copied, so a run never copies data and then cannot write its report.
   */
  public static void checkWritable(SparkSession spark, String location) {
    checkWritable(spark, location, "--report (report.uri)");
  }

  /** As {@link #checkWritable(SparkSession, String)}; errors name {@code flag}. */
  public static void checkWritable(SparkSession spark, String location, String flag) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(path)) {
        throw LakecopyException.invalidInput(flag + ": " + location
            + " already exists; give a new location per run");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof LakecopyException le) {
        throw le;
      }
      throw LakecopyException.invalidInput(flag + ": cannot use " + location + ": " + e.getMessage());
    }
  }

  /** Writes one row per object in the chosen format, one file per 50,000 rows. */
  public static void write(SparkSession spark, List<ObjectOutcome> outcomes, String location, ReportFormat format) {
    // The rows are made on the executors from slices of the outcome list, one file per slice of 50,000: a
    // million-object report never exists twice on the driver, nor whole in one task.
    Dataset<Row> report = spark.createDataFrame(slices(spark, outcomes).map(new ToRow()), SCHEMA);
    var hadoop = spark.sparkContext().hadoopConfiguration();
    String marker = hadoop.get(SUCCESS_MARKER_KEY);
    // Spark's committer would write _SUCCESS for any finished write; lakecopy writes it only when every
    // object was copied (writeSummary), so downstream steps can wait on it.
    hadoop.setBoolean(SUCCESS_MARKER_KEY, false);
    try {
      // Never Overwrite: that would delete whatever is at the location, and the run owns nothing it did not write.
      OwnerOnly.withUmask(hadoop, () -> report.write().mode(SaveMode.ErrorIfExists)
          .format(format.sparkFormat()).option("header", "true").save(location));
      restrictTree(spark, location);
    } catch (RuntimeException e) {
      throw new LakecopyException(ErrorKind.OTHER, "writing the report to " + location + " failed: " + e.getMessage(),
          e);
    } finally {
      if (marker == null) {
        hadoop.unset(SUCCESS_MARKER_KEY);
      } else {
        hadoop.set(SUCCESS_MARKER_KEY, marker);
      }
    }
  }

  /**
   * Writes the source objects that were copied as one CSV file with a header ({@code bucket,key,size,etag},
   * keys URL-encoded): a manifest a later run reads with {@code --previous-manifest} or {@code --manifest}.
   */
  public static void writeOutputManifest(SparkSession spark, List<ObjectOutcome> outcomes, String location) {
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("bucket", DataTypes.StringType, false),
        DataTypes.createStructField("key", DataTypes.StringType, false),
        DataTypes.createStructField("size", DataTypes.LongType, false),
        DataTypes.createStructField("etag", DataTypes.StringType, false)});
    List<Row> rows = new ArrayList<>();
    for (ObjectOutcome o : outcomes) {
      if (o.status() == Status.COPIED || o.status() == Status.MOVED) {
        rows.add(RowFactory.create(o.from().bucket(), java.net.URLEncoder.encode(o.from().key(),
            java.nio.charset.StandardCharsets.UTF_8), o.sizeBytes(), io.lakecopy.s3.ETags.unquote(o.sourceETag())));
      }
    }
    try {
      OwnerOnly.withUmask(spark.sparkContext().hadoopConfiguration(), () -> spark.createDataFrame(rows, schema)
          .coalesce(1).write().mode(SaveMode.ErrorIfExists).option("header", "true").csv(location));
      restrictTree(spark, location);
    } catch (RuntimeException e) {
      throw new LakecopyException(ErrorKind.OTHER, "writing the output manifest to " + location + " failed: "
          + e.getMessage(), e);
    }
  }

  /** Owner-only permissions on a tree Spark wrote (see {@link OwnerOnly}). */
  private static void restrictTree(SparkSession spark, String location) {
    try {
      Path path = new Path(location);
      OwnerOnly.restrictTree(path.getFileSystem(spark.sparkContext().hadoopConfiguration()), path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("setting owner-only permissions on " + location, e);
    }
  }

  /**
   * Writes {@code _summary.json} into the report directory (Spark readers skip files starting with
   * {@code _}), and {@code _SUCCESS} only when {@code complete}: every object copied, nothing failed.
   */
  public static void writeSummary(SparkSession spark, String location, String summaryJson, boolean complete) {
    try {
      Path dir = new Path(location);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      OwnerOnly.mkdirs(fs, dir);
      try (var out = OwnerOnly.create(fs, new Path(dir, SUMMARY_FILE), true)) {
        out.write(summaryJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      Path success = new Path(dir, SUCCESS_FILE);
      if (complete) {
        OwnerOnly.create(fs, success, true).close();
      } else {
        fs.delete(success, false);
      }
    } catch (IOException e) {
      throw new LakecopyException(ErrorKind.OTHER, "writing the summary to " + location + " failed: " + e.getMessage(),
          e);
    }
  }
}
