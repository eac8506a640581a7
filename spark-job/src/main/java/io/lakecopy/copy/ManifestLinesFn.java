package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.ObjectFilter;
import io.lakecopy.config.TextLines;
import io.lakecopy.copy.ManifestSplits.ManifestFile;
import io.lakecopy.plan.CsvManifestParser;
import io.lakecopy.plan.FilterSettings;
import io.lakecopy.plan.LineNumbers;
import io.lakecopy.plan.ManifestEntry;
import io.lakecopy.plan.ManifestParser;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Parses one split of a text manifest (lines or CSV) into {@link ManifestRows#ENTRY} rows, lazily: each record is
 * decoded strictly as UTF-8 ({@link TextLines#decodeLine}) and parsed by the pure per-line rules
 * ({@link ManifestParser#parseLine}, {@link CsvManifestParser#parseRow}). A bad line becomes an error row naming
 * its number; blank lines, comments, a file's CSV header and keys the key filters reject give no row.
 */
public final class ManifestLinesFn implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>,
    Iterator<Row>> {
  private static final long serialVersionUID = 1L;

  /** Where a split starts: the fully qualified path and byte offset its {@code FileSplit} names. */
  public record SplitKey(String path, long start) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final boolean csv;
  private final Map<String, ManifestFile> files;
  private final Map<SplitKey, LineNumbers.First> firstLines;
  private final S3Location source;
  private final FilterSettings filter;

  /**
   * @param files the manifest's files by path
   * @param firstLines the numbers of each split's first line, from the counting pass
   * @param source the {@code --source} prefix, or null
   * @param filter the key filters to apply, or null for none
   */
  public ManifestLinesFn(boolean csv, Map<String, ManifestFile> files, Map<SplitKey, LineNumbers.First> firstLines,
      S3Location source, FilterSettings filter) {
    this.csv = csv;
    this.files = Map.copyOf(files);
    this.firstLines = Map.copyOf(firstLines);
    this.source = source;
    this.filter = filter;
  }

  @Override
  public Iterator<Row> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> records) {
    FileSplit fileSplit = (FileSplit) split;
    String path = fileSplit.getPath().toString();
    ManifestFile file = requireNonNull(files.get(path), () -> "a split of an unknown file: " + path);
    LineNumbers.First first = requireNonNull(firstLines.get(new SplitKey(path, fileSplit.getStart())),
        () -> "a split the counting pass did not see: " + path + " at " + fileSplit.getStart());
    Parser parser = new Parser(file, first, files.size() > 1);
    return new SkippingIterator<>(records, parser::parse);
  }

  /** The state of one split's parse: the number of the next line. */
  private final class Parser {
    private final ManifestFile file;
    private final boolean nameTheFile;
    private final Optional<S3Location> base = Optional.ofNullable(source);
    private final ObjectFilter keys = filter == null ? null : filter.filter();
    private final CsvManifestParser.Columns columns;
    private long line;
    private long fileLine;

    Parser(ManifestFile file, LineNumbers.First first, boolean nameTheFile) {
      this.file = file;
      this.nameTheFile = nameTheFile;
      this.line = first.line();
      this.fileLine = first.fileLine();
      this.columns = file.header() == null ? CsvManifestParser.Columns.BATCH_OPERATIONS : file.header();
    }

    Row parse(Tuple2<LongWritable, Text> record) {
      long number = line++;
      long numberInFile = fileLine++;
      if (csv && file.header() != null && numberInFile == 1) {
        return null;
      }
      Text text = record._2(); // Hadoop reuses the Text: decode it before the next record is read
      try {
        String decoded = TextLines.decodeLine(text.getBytes(), 0, text.getLength(), "", 0, record._1().get());
        ManifestEntry e = csv ? CsvManifestParser.parseRow(decoded, columns, number, base)
            : ManifestParser.parseLine(decoded, number, base);
        if (e == null || keys != null && !keys.acceptsKey(e.location().key(), e.relativeKey())) {
          return null;
        }
        return ManifestRows.entry(e);
      } catch (LakecopyException e) {
        return ManifestRows.badEntry(number, where(number, numberInFile) + ": " + e.getMessage());
      }
    }

    private String where(long number, long numberInFile) {
      return "line " + number + (nameTheFile ? " (" + Excerpt.of(file.name()) + " line " + numberInFile + ")" : "");
    }
  }
}
