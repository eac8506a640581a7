package io.lakecopy.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import io.lakecopy.copy.ManifestRowFn;
import io.lakecopy.copy.WaveRows;
import io.lakecopy.report.OutcomeRows;
import io.lakecopy.report.ReportWriter;
import io.lakecopy.report.Status;
import io.lakecopy.report.Summary;
import io.lakecopy.s3.ErrorKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The run's outcome, from the outcome rows its stages committed under the run's directory: each object's latest
 * row is its outcome. The report is those rows (written by the executors), the summary their aggregates (a handful
 * of rows reach the driver), the output manifest the copied ones.
 */
final class Reporter {
  private final SparkSession spark;
  private final RunDirectory run;

  Reporter(SparkSession spark, RunDirectory run) {
    this.spark = spark;
    this.run = run;
  }

  /** Every object's latest outcome (rows of {@link WaveRows#SCHEMA}); rows without an object id stand alone. */
  Dataset<Row> outcomes() {
    return outcomes(false);
  }

  /**
   * As {@link #outcomes()}; {@code oneRowPerObject} says that no object has more than one outcome row (a dry run's
   * outcomes are the plan's), so the rows are the outcomes as they are, without the shuffle and sort that pick each
   * object's latest.
   */
  Dataset<Row> outcomes(boolean oneRowPerObject) {
    List<String> dirs = run.committed("outcomes");
    if (dirs.isEmpty()) {
      return spark.createDataFrame(List.of(), WaveRows.SCHEMA);
    }
    Dataset<Row> all = spark.read().schema(WaveRows.SCHEMA).parquet(dirs.toArray(String[]::new))
        .filter(col("kind").equalTo(WaveRows.OBJECT));
    if (oneRowPerObject) {
      return all;
    }
    Dataset<Row> objects = all.filter(col("object_id").geq(0))
        .withColumn("rank", row_number().over(Window.partitionBy("object_id").orderBy(desc("stage"))))
        .filter(col("rank").equalTo(1)).drop("rank");
    return objects.unionByName(all.filter(col("object_id").lt(0)));
  }

  /** The summary's counts: one aggregate row per status, failure kind and whether bytes were copied. */
  Summary summary(Dataset<Row> outcomes, Duration elapsed) {
    List<Summary.Tally> tallies = outcomes.groupBy(col("status"), col("error_kind"),
            col("method").notEqual("NONE").as("copied"), col("verified_by"))
        .agg(count(lit(1)), sum("size_bytes")).collectAsList().stream()
        .map(r -> new Summary.Tally(Status.valueOf(r.getString(0)), r.isNullAt(1) ? null
            : ErrorKind.valueOf(r.getString(1)), r.getBoolean(2), r.getLong(4), r.isNullAt(5) ? 0 : r.getLong(5),
            r.getString(3)))
        .toList();
    return Summary.ofTallies(tallies, elapsed);
  }

  /** Writes the report (rows of {@link ReportWriter#SCHEMA}) on the executors. */
  void writeReport(Dataset<Row> outcomes, String location, io.lakecopy.config.ReportFormat format) {
    Column[] columns = Arrays.stream(OutcomeRows.REPORT.fieldNames()).map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new);
    ReportWriter.write(spark, outcomes.select(columns), location, format);
  }

  /** Writes the manifest of the source objects this run copied, on the executors. */
  void writeOutputManifest(Dataset<Row> outcomes, String location) {
    Dataset<Row> copied = outcomes.filter(col("status").isin(Status.COPIED.name(), Status.MOVED.name())
        .and(col("source").notEqual("")).and(col("method").notEqual("NONE")));
    ReportWriter.writeOutputManifest(copied.map(new ManifestRowFn(), Encoders.row(ManifestRowFn.SCHEMA)), location);
  }
}
