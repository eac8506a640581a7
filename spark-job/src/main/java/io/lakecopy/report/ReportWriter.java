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
  public static final StructType SCHEMA = OutcomeRows.REPORT;

  /** Written into the report directory at the end of every run. */
  public static final String SUMMARY_FILE = "_summary.json";
  /** Written into the report directory only when every object was copied. */
  public static final String SUCCESS_FILE = "_SUCCESS";
  private static final String SUCCESS_MARKER_KEY = "mapreduce.fileoutputcommitter.marksuccessfuljobs";

  private static final int ROWS_PER_SLICE = 50_000;

  private ReportWriter() {}

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

  /**
   * Writes one row per object (rows of {@link #SCHEMA}) in the chosen format, on the executors: the report never
   * passes through the driver.
   */
  public static void write(SparkSession spark, Dataset<Row> report, String location, ReportFormat format) {
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
   * Writes the source objects that were copied ({@code bucket,key,size,etag}, keys URL-encoded, with a header) as
   * CSV on the executors: a manifest a later run reads with {@code --previous-manifest} or {@code --manifest}.
   *
   * @param copied rows with bucket, key, size and etag columns
   */
  public static void writeOutputManifest(Dataset<Row> copied, String location) {
    try {
      OwnerOnly.withUmask(copied.sparkSession().sparkContext().hadoopConfiguration(), () -> copied.write()
          .mode(SaveMode.ErrorIfExists).option("header", "true").csv(location));
      restrictTree(copied.sparkSession(), location);
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
