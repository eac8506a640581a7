package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.config.FilterRule;
import io.lakecopy.config.KeyFilter;
import io.lakecopy.config.ObjectFilter;
import io.lakecopy.copy.ManifestLinesFn.SplitKey;
import io.lakecopy.copy.ManifestSplits.ManifestFile;
import io.lakecopy.copy.ManifestSplits.SplitCount;
import io.lakecopy.plan.CsvManifestParser;
import io.lakecopy.plan.FilterSettings;
import io.lakecopy.plan.LineNumbers;
import io.lakecopy.s3.S3Location;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The executor side of text manifests, fed the records Hadoop's text input gives (offset, line without \n). */
class ManifestLinesFnTest {
  private static final S3Location SOURCE = new S3Location("src-bucket", "lake/");
  private static final FilterSettings ALL = FilterSettings.of(ObjectFilter.globsOnly(new KeyFilter(List.of())));
  private static final String A = "file:/m/a.txt";
  private static final String B = "file:/m/b.txt";

  @Test
  void call_twoFilesWithABadLineInEach_numbersAcrossFilesAndNamesTheFileLine() {
    byte[] a = bytes("x/1\n# comment\ndir/\n");
    byte[] b = bytes("x/2\nhttp://h/x\n");
    Map<String, ManifestFile> files = Map.of(A, new ManifestFile(0, A, "a.txt", null),
        B, new ManifestFile(1, B, "b.txt", null));
    Map<SplitKey, LineNumbers.First> numbers = numbers(List.of(new SplitCount(A, 0, 3, null),
        new SplitCount(B, 0, 2, null)), List.of(A, B));
    ManifestLinesFn fn = new ManifestLinesFn(false, files, numbers, SOURCE, ALL);

    List<Row> rowsA = run(fn, A, 0, a);
    List<Row> rowsB = run(fn, B, 0, b);

    assertThat(rowsA).extracting(r -> r.getLong(ManifestRows.LINE)).containsExactly(1L, 3L);
    assertThat(rowsA.get(0).getString(ManifestRows.KEY)).isEqualTo("lake/x/1");
    assertThat(rowsA.get(1).getString(ManifestRows.ENTRY_ERROR))
        .isEqualTo("line 3 (a.txt line 3): 'dir/' names a prefix, not an object");
    assertThat(rowsB).extracting(r -> r.getLong(ManifestRows.LINE)).containsExactly(4L, 5L);
    assertThat(rowsB.get(1).getString(ManifestRows.ENTRY_ERROR))
        .isEqualTo("line 5 (b.txt line 2): 'http://h/x' is not an s3:// URI");
  }

  @Test
  void call_secondSplitOfAFile_continuesTheNumbering() {
    byte[] file = bytes("k1\nk2\nk3\nk4\nk5\n");
    int secondStart = 9; // "k1\nk2\nk3\n": Hadoop gives the split starting here the records from k4 on
    Map<SplitKey, LineNumbers.First> numbers = numbers(List.of(new SplitCount(A, secondStart, 2, null),
        new SplitCount(A, 0, 3, null)), List.of(A));
    ManifestLinesFn fn = new ManifestLinesFn(false, Map.of(A, new ManifestFile(0, A, A, null)), numbers, SOURCE, ALL);

    List<Row> rows = run(fn, A, secondStart, java.util.Arrays.copyOfRange(file, secondStart, file.length));

    assertThat(rows).extracting(r -> r.getLong(ManifestRows.LINE)).containsExactly(4L, 5L);
    assertThat(rows).extracting(r -> r.getString(ManifestRows.RELATIVE_KEY)).containsExactly("k4", "k5");
  }

  @Test
  void call_csvHeaderOnLineOneOfEachFile_skippedAndAppliedToTheRows() {
    CsvManifestParser.Columns header = CsvManifestParser.header("key,bucket,size,etag").orElseThrow();
    Map<String, ManifestFile> files = Map.of(A, new ManifestFile(0, A, "a.csv", header),
        B, new ManifestFile(1, B, "b.csv", header));
    Map<SplitKey, LineNumbers.First> numbers = numbers(List.of(new SplitCount(A, 0, 2, null),
        new SplitCount(B, 0, 3, null)), List.of(A, B));
    ManifestLinesFn fn = new ManifestLinesFn(true, files, numbers, null, null);

    List<Row> rows = new ArrayList<>(run(fn, A, 0, bytes("key,bucket,size,etag\nlake/a%20b,src-bucket,12,abc\n")));
    rows.addAll(run(fn, B, 0, bytes("key,bucket,size,etag\nlake/c,src-bucket,,\nlake/d,Bad_Bucket,1,x\n")));

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).getString(ManifestRows.KEY)).isEqualTo("lake/a b");
    assertThat(rows.get(0).getLong(ManifestRows.SIZE)).isEqualTo(12);
    assertThat(rows.get(0).getString(ManifestRows.ETAG)).isEqualTo("\"abc\"");
    assertThat(rows.get(0).getLong(ManifestRows.LINE)).isEqualTo(2);
    assertThat(rows.get(1).isNullAt(ManifestRows.SIZE)).as("no size: to be HEADed").isTrue();
    assertThat(rows.get(1).getLong(ManifestRows.LINE)).isEqualTo(4);
    assertThat(rows.get(2).getString(ManifestRows.ENTRY_ERROR))
        .isEqualTo("line 5 (b.csv line 3): invalid bucket name 'Bad_Bucket'");
  }

  @Test
  void call_byteOrderMarkOnlyAtTheStartOfTheFile_dropped() {
    ManifestLinesFn fn = new ManifestLinesFn(false, Map.of(A, new ManifestFile(0, A, A, null)),
        numbers(List.of(new SplitCount(A, 0, 2, null)), List.of(A)), SOURCE, ALL);
    byte[] file = bytes("\uFEFFfirst\n\uFEFFsecond\n");

    List<Row> rows = run(fn, A, 0, file);

    assertThat(rows).extracting(r -> r.getString(ManifestRows.RELATIVE_KEY)).containsExactly("first", "\uFEFFsecond");
  }

  @Test
  void call_crlfAndLoneCarriageReturn_lineEndingDroppedAndInnerCarriageReturnKept() {
    ManifestLinesFn fn = new ManifestLinesFn(false, Map.of(A, new ManifestFile(0, A, A, null)),
        numbers(List.of(new SplitCount(A, 0, 2, null)), List.of(A)), SOURCE, ALL);

    List<Row> rows = run(fn, A, 0, bytes("a.csv\r\nb\rc.csv\n"));

    assertThat(rows).extracting(r -> r.getString(ManifestRows.KEY)).containsExactly("lake/a.csv", "lake/b\rc.csv");
  }

  @Test
  void call_notUtf8_errorRowNamingLineAndByteOffset() {
    ManifestLinesFn fn = new ManifestLinesFn(false, Map.of(A, new ManifestFile(0, A, "m.txt", null)),
        numbers(List.of(new SplitCount(A, 0, 2, null)), List.of(A)), SOURCE, ALL);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(bytes("ok\ncaf"));
    file.write(0xE9);
    file.write('\n');

    List<Row> rows = run(fn, A, 0, file.toByteArray());

    assertThat(rows.get(1).getString(ManifestRows.ENTRY_ERROR))
        .isEqualTo("line 2: byte offset 6: not UTF-8 (0xE9); save the file as UTF-8");
  }

  @Test
  void call_keyFilters_rejectedKeysGiveNoRow() {
    FilterSettings onlyCsv = FilterSettings.of(ObjectFilter.globsOnly(new KeyFilter(List.of(
        new FilterRule(false, "*"), new FilterRule(true, "*.csv")))));
    ManifestLinesFn fn = new ManifestLinesFn(false, Map.of(A, new ManifestFile(0, A, A, null)),
        numbers(List.of(new SplitCount(A, 0, 3, null)), List.of(A)), SOURCE, onlyCsv);

    List<Row> rows = run(fn, A, 0, bytes("a.csv\nb.json\nc.csv\n"));

    assertThat(rows).extracting(r -> r.getString(ManifestRows.RELATIVE_KEY)).containsExactly("a.csv", "c.csv");
    assertThat(rows).extracting(r -> r.getLong(ManifestRows.LINE)).containsExactly(1L, 3L);
  }

  @Test
  void countFn_firstSplit_countsLinesAndReturnsTheFirstLine() throws Exception {
    byte[] file = bytes("\uFEFFbucket,key\r\nb1x,k\n\n");

    SplitCount first = new ManifestSplits.CountFn(true).call(new FileSplit(new Path(A), 0, file.length, null),
        records(0, file)).next();
    SplitCount later = new ManifestSplits.CountFn(true).call(new FileSplit(new Path(A), 4, file.length, null),
        records(4, java.util.Arrays.copyOfRange(file, 4, file.length))).next();

    assertThat(first).isEqualTo(new SplitCount(A, 0, 3, "bucket,key"));
    assertThat(later.firstLine()).as("not the start of the file").isNull();
  }

  private static Map<SplitKey, LineNumbers.First> numbers(List<SplitCount> counts, List<String> paths) {
    List<LineNumbers.Split> splits = counts.stream()
        .map(c -> new LineNumbers.Split(paths.indexOf(c.path()), c.start(), c.lines())).toList();
    Map<SplitKey, LineNumbers.First> out = new java.util.HashMap<>();
    LineNumbers.number(splits).forEach(f -> out.put(new SplitKey(paths.get(f.split().file()), f.split().start()), f));
    return out;
  }

  private static List<Row> run(ManifestLinesFn fn, String path, long start, byte[] bytes) {
    List<Row> rows = new ArrayList<>();
    try {
      fn.call(new FileSplit(new Path(path), start, bytes.length, null), records(start, bytes)).forEachRemaining(
          rows::add);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** Records as Hadoop's reader gives them: one reused Text, each line without its \n, keyed by byte offset. */
  private static Iterator<Tuple2<LongWritable, Text>> records(long start, byte[] bytes) {
    Text reused = new Text();
    LongWritable offset = new LongWritable();
    List<long[]> bounds = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        bounds.add(new long[] {from, i});
        from = i + 1;
      }
    }
    if (from < bytes.length) {
      bounds.add(new long[] {from, bytes.length});
    }
    Iterator<long[]> it = bounds.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Tuple2<LongWritable, Text> next() {
        long[] b = it.next();
        reused.set(bytes, (int) b[0], (int) (b[1] - b[0]));
        offset.set(start + b[0]);
        return new Tuple2<>(offset, reused);
      }
    };
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
