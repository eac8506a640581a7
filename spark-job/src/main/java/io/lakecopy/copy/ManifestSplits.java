package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.TextLines;
import io.lakecopy.plan.CsvManifestParser;
import io.lakecopy.s3.LakecopyException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/** What the counting pass over a text manifest learns, and the Spark function that learns it. */
public final class ManifestSplits {
  /** The longest first line the counting pass returns as a possible CSV header. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private ManifestSplits() {}

  /**
   * One file of a text manifest.
   *
   * @param index its position among the manifest's files, from 0
   * @param path its fully qualified Hadoop path, as splits name it
   * @param name how messages name it (the file's name when the manifest is a directory)
   * @param header the columns its CSV header names, or null (a lines manifest, or CSV without a header)
   */
  public record ManifestFile(int index, String path, String name, CsvManifestParser.Columns header)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public ManifestFile {
      requireNonNull(path, "path is null");
      requireNonNull(name, "name is null");
    }
  }

  /**
   * One split of one file, as the counting pass saw it.
   *
   * @param lines how many records (lines) the split holds
   * @param firstLine the file's first line, decoded, when this split starts the file and the line is short
   *     enough to be a header; else null
   */
  public record SplitCount(String path, long start, long lines, String firstLine) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Counts the lines of one split; returns the first line of a file too, for CSV header detection. */
  public static final class CountFn
      implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<SplitCount>> {
    private static final long serialVersionUID = 1L;

    private final boolean wantFirstLine;

    public CountFn(boolean wantFirstLine) {
      this.wantFirstLine = wantFirstLine;
    }

    @Override
    public Iterator<SplitCount> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> records) {
      FileSplit file = (FileSplit) split;
      String first = null;
      long lines = 0;
      while (records.hasNext()) {
        Tuple2<LongWritable, Text> r = records.next();
        if (lines == 0 && wantFirstLine && file.getStart() == 0 && r._2().getLength() <= MAX_HEADER_BYTES) {
          try {
            first = TextLines.decodeLine(r._2().getBytes(), 0, r._2().getLength(), "", 1, r._1().get());
          } catch (LakecopyException e) {
            first = null; // not UTF-8: not a header; the parsing pass reports the line
          }
        }
        lines++;
      }
      return List.of(new SplitCount(file.getPath().toString(), file.getStart(), lines, first)).iterator();
    }
  }
}
