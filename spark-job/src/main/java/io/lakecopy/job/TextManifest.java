package io.lakecopy.job;

import io.lakecopy.copy.ManifestLinesFn;
import io.lakecopy.copy.ManifestRows;
import io.lakecopy.copy.ManifestSplits;
import io.lakecopy.copy.ManifestSplits.ManifestFile;
import io.lakecopy.copy.ManifestSplits.SplitCount;
import io.lakecopy.copy.ManifestTextInputFormat;
import io.lakecopy.plan.CsvManifestParser;
import io.lakecopy.plan.FilterSettings;
import io.lakecopy.plan.LineNumbers;
import io.lakecopy.s3.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A text manifest (lines or CSV) as a Dataset of {@link ManifestRows#ENTRY} rows, parsed on the executors. The
 * files are read with Hadoop's text input, lines ending at {@code \n} only (its default reader also ends a line at
 * a lone {@code \r}, which would cut a key in two). A first, counting pass learns how many lines each split holds
 * (and each file's first line, its possible CSV header), so that the parsing pass numbers every line exactly:
 * across the files in their order, as one manifest, and within its file for messages.
 */
final class TextManifest {
  /** Hadoop's key for the record delimiter of its text input. */
  static final String RECORD_DELIMITER = "textinputformat.record.delimiter";

  private TextManifest() {}

  /**
   * @param csv CSV rows ({@link CsvManifestParser}), else lines ({@link io.lakecopy.plan.ManifestParser})
   * @param source the {@code --source} prefix, or null
   * @param filter the key filters, or null for none
   */
  static Dataset<Row> entries(SparkSession spark, List<ManifestFiles.Found> files, boolean csv, S3Location source,
      FilterSettings filter) {
    if (files.isEmpty()) {
      return spark.createDataFrame(List.of(), ManifestRows.ENTRY);
    }
    JavaNewHadoopRDD<LongWritable, Text> records = records(spark, files);
    List<SplitCount> counts = records.mapPartitionsWithInputSplit(new ManifestSplits.CountFn(csv), false).collect();
    Map<String, ManifestFile> byPath = new HashMap<>();
    Map<String, String> firstLines = new HashMap<>();
    counts.stream().filter(c -> c.firstLine() != null).forEach(c -> firstLines.put(c.path(), c.firstLine()));
    for (int i = 0; i < files.size(); i++) {
      ManifestFiles.Found f = files.get(i);
      String first = firstLines.get(f.path());
      CsvManifestParser.Columns header = csv && first != null ? CsvManifestParser.header(first).orElse(null) : null;
      byPath.put(f.path(), new ManifestFile(i, f.path(), f.name(), header));
    }
    List<LineNumbers.Split> splits = new ArrayList<>();
    for (SplitCount c : counts) {
      splits.add(new LineNumbers.Split(byPath.get(c.path()).index(), c.start(), c.lines()));
    }
    Map<ManifestLinesFn.SplitKey, LineNumbers.First> numbers = new HashMap<>();
    for (LineNumbers.First first : LineNumbers.number(splits)) {
      String path = files.get(first.split().file()).path();
      numbers.put(new ManifestLinesFn.SplitKey(path, first.split().start()), first);
    }
    JavaRDD<Row> rows = records.mapPartitionsWithInputSplit(new ManifestLinesFn(csv, byPath, numbers, source, filter),
        false);
    return spark.createDataFrame(rows, ManifestRows.ENTRY);
  }

  /** The files' records: (byte offset, line without its {@code \n}). */
  @SuppressWarnings("unchecked")
  private static JavaNewHadoopRDD<LongWritable, Text> records(SparkSession spark, List<ManifestFiles.Found> files) {
    Configuration hadoop = new Configuration(spark.sparkContext().hadoopConfiguration());
    hadoop.set(RECORD_DELIMITER, "\n");
    try {
      Job job = Job.getInstance(hadoop);
      FileInputFormat.setInputPaths(job, files.stream().map(f -> new Path(f.path())).toArray(Path[]::new));
      return (JavaNewHadoopRDD<LongWritable, Text>) JavaSparkContext.fromSparkContext(spark.sparkContext())
          .newAPIHadoopRDD(job.getConfiguration(), ManifestTextInputFormat.class, LongWritable.class, Text.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
