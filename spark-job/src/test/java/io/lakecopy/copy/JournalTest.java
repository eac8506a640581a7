package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The journal's files and lines: what a resumed run reads back is exactly what the dead run wrote. */
class JournalTest {
  private final Configuration hadoop = new Configuration();

  @TempDir
  Path tmp;

  static Stream<Arguments> oddKeys() {
    return Stream.of(
        Arguments.of("plain/key.parquet"),
        Arguments.of("with space/and  two  spaces .csv"),
        Arguments.of("tab\there"),
        Arguments.of("new\nline\r\nand carriage return"),
        Arguments.of("quotes \"double\" and 'single'"),
        Arguments.of("unicode/日本語/Ünïcödé/😀.bin"),
        Arguments.of("percent %20 %2F %zz %"),
        Arguments.of("plus+and=equals&amp;?#"),
        Arguments.of("-"),
        Arguments.of("U\t1\tfake-upload\tkey"),
        Arguments.of("trailing/"),
        Arguments.of("back\\slash"));
  }

  @ParameterizedTest
  @MethodSource("oddKeys")
  void uploads_oddKey_readBackExactly(String key) throws IOException {
    Journal journal = open("j");

    journal.uploads(List.of(new Journal.Upload(42, "2~upload.id_-", key)));

    List<String> lines = lines("j");
    assertThat(lines).hasSize(1);
    assertThat(Journal.upload(lines.get(0))).contains(new Journal.Upload(42, "2~upload.id_-", key));
    assertThat(Journal.done(lines.get(0))).as("an upload line is no finished copy").isEmpty();
  }

  static Stream<Arguments> finishedCopies() {
    return Stream.of(
        Arguments.of(new Journal.Done(0, "\"d41d8cd98f00b204e9800998ecf8427e\"", null)),
        Arguments.of(new Journal.Done(7, "\"065947336a2f2a95ba8899f3675c3be6-2\"", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrH")),
        Arguments.of(new Journal.Done(Long.MAX_VALUE, "d41d8cd98f00b204e9800998ecf8427e", "null")),
        Arguments.of(new Journal.Done(-3, "\"opaque-kms-etag\"", "v.1_a")));
  }

  @ParameterizedTest
  @MethodSource("finishedCopies")
  void done_thenFlush_readBackExactly(Journal.Done done) throws IOException {
    Journal journal = open("j");

    journal.done(done);
    journal.flush();

    List<String> lines = lines("j");
    assertThat(lines).hasSize(1);
    assertThat(Journal.done(lines.get(0))).contains(done);
    assertThat(Journal.upload(lines.get(0))).as("a finished copy is no upload line").isEmpty();
  }

  @Test
  void uploadsAndFlush_writeTheDocumentedLinesByteForByte() throws IOException {
    Journal journal = open("j");

    journal.uploads(List.of(new Journal.Upload(42, "upload-1", "dir/a b+c%.parquet")));
    journal.done(new Journal.Done(7, "\"5d41402abc4b2a76b9719d911017c592\"", null));
    journal.done(new Journal.Done(8, "\"7d793037a0760186574b0282f2f435e7-2\"", "v8"));
    journal.flush();

    // a resumed run reads what an earlier run wrote: the format changes only on purpose
    assertThat(files("j")).extracting(f -> Files.readString(f, StandardCharsets.UTF_8)).containsExactly(
        "U\t42\tupload-1\tdir%2Fa+b%2Bc%25.parquet\t.\n",
        "D\t7\t\"5d41402abc4b2a76b9719d911017c592\"\t-\t.\n"
            + "D\t8\t\"7d793037a0760186574b0282f2f435e7-2\"\tv8\t.\n");
  }

  @Test
  void uploads_writtenAtOnce_doneOnlyOnFlush() throws IOException {
    Journal journal = open("j");

    journal.uploads(List.of(new Journal.Upload(1, "u1", "k1"), new Journal.Upload(2, "u2", "k2")));
    journal.done(new Journal.Done(3, "\"e3\"", null));

    assertThat(files("j")).as("uploads are recorded before any part is copied").hasSize(1);
    assertThat(lines("j")).extracting(l -> Journal.upload(l).orElseThrow().uploadId()).containsExactly("u1", "u2");

    journal.flush();

    assertThat(files("j")).hasSize(2);
    assertThat(lines("j")).filteredOn(l -> Journal.done(l).isPresent()).singleElement()
        .satisfies(l -> assertThat(Journal.done(l)).contains(new Journal.Done(3, "\"e3\"", null)));
  }

  @Test
  void uploads_noneGiven_writesNoFile() throws IOException {
    Journal journal = open("j");

    journal.uploads(List.of());
    journal.flush();

    assertThat(files("j")).isEmpty();
  }

  @Test
  void flush_eachTime_writesAWholeNewFileAndNeverChangesAnEarlierOne() throws IOException {
    Journal journal = open("j");
    journal.done(new Journal.Done(1, "\"e1\"", null));
    journal.done(new Journal.Done(2, "\"e2\"", "v2"));
    journal.flush();
    List<Path> first = files("j");
    byte[] firstBytes = Files.readAllBytes(first.get(0));

    journal.flush(); // nothing pending: no file
    journal.done(new Journal.Done(3, "\"e3\"", null));
    journal.flush();

    List<Path> all = files("j");
    assertThat(first).hasSize(1);
    assertThat(all).hasSize(2).startsWith(first.get(0));
    assertThat(all).extracting(p -> p.getFileName().toString())
        .containsExactly("task-7-000000.tsv", "task-7-000001.tsv");
    assertThat(Files.readAllBytes(first.get(0))).as("an earlier file is never appended to").isEqualTo(firstBytes);
    for (Path f : all) {
      String content = Files.readString(f, StandardCharsets.UTF_8);
      assertThat(content).as("%s holds whole lines only", f).endsWith("\n");
      assertThat(content.lines()).allSatisfy(l -> assertThat(Journal.done(l)).as(l).isPresent());
    }
    assertThat(Files.readString(all.get(1)).lines().toList()).singleElement()
        .satisfies(l -> assertThat(Journal.done(l)).contains(new Journal.Done(3, "\"e3\"", null)));
  }

  @Test
  void open_twoWriters_neverWriteTheSameFile() throws IOException {
    Journal a = Journal.open(hadoop, dir("j").toString(), "run-r1-t1");
    Journal b = Journal.open(hadoop, dir("j").toString(), "run-r1-t2");

    a.uploads(List.of(new Journal.Upload(1, "ua", "ka")));
    b.uploads(List.of(new Journal.Upload(2, "ub", "kb")));

    assertThat(files("j")).extracting(p -> p.getFileName().toString())
        .containsExactly("run-r1-t1-000000.tsv", "run-r1-t2-000000.tsv");
  }

  @Test
  void open_newDirectory_ownerOnlyFilesAndDirectory() throws IOException {
    Journal journal = open("journal/wave=0");

    journal.uploads(List.of(new Journal.Upload(1, "u1", "k1")));

    assertThat(mode(tmp.resolve("journal/wave=0"))).isEqualTo("rwx------");
    assertThat(files("journal/wave=0")).singleElement().satisfies(f -> assertThat(mode(f)).isEqualTo("rw-------"));
  }

  /** Lines a writer that died mid-write, a foreign file or a bit flip may leave: read as nothing, never as a record. */
  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "U",
      "U\t",
      "U\t12",
      "U\t12\tupload-1",
      "U\t12\tupload-1\t",
      "U\t12\tupload-1\tdir%2Fkey", // cut short in the key: must not be read as the key "dir/key"
      "U\t12\tupload-1\tdir%2",
      "U\tnot-a-number\tupload-1\tkey\t.",
      "U\t\tupload-1\tkey\t.",
      "U\t12\t\tkey\t.",
      "U\t12\tupload-1\t\t.",
      "U\t12\tupload-1\tbad%zzescape\t.",
      "U\t12\tupload-1\tkey\t.\textra",
      "U\t12\tupload-1\tkey\tx",
      "u\t12\tupload-1\tkey\t.",
      " U\t12\tupload-1\tkey\t.",
      "D",
      "D\t5",
      "D\t5\t\"etag\"",
      "D\t5\t\"etag\"\t3HL4kq", // cut short in the version id: must not be read as version "3HL4kq"
      "D\t5\t\"etag\"\t-\t",
      "D\t5\t\"etag\"\t",
      "D\tfive\t\"etag\"\t-\t.",
      "D\t5\t\t-\t.",
      "D\t5\t\"etag\"\t\t.",
      "D\t99999999999999999999\t\"etag\"\t-\t.",
      "X\t5\t\"etag\"\t-\t.",
      "\u0000\u0000\u0000"})
  void parse_truncatedOrGarbledLine_isIgnored(String line) {
    assertThat(Journal.upload(line)).as("upload(%s)", line).isEmpty();
    assertThat(Journal.done(line)).as("done(%s)", line).isEmpty();
    assertThat(new LiveUploadFilter(Set.of("upload-1")).call(line)).isFalse();
    assertThat(new JournalDoneFn().call(line)).isExhausted();
  }

  @Test
  void parse_everyPrefixOfAWrittenLine_isIgnoredOrTheWholeRecord() throws IOException {
    Journal journal = open("j");
    Journal.Upload upload = new Journal.Upload(123456, "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
        "dir/sub dir/ünï+%.parquet");
    Journal.Done done = new Journal.Done(123456, "\"065947336a2f2a95ba8899f3675c3be6-2\"", "3HL4kqtJlcpXroDT");
    journal.uploads(List.of(upload));
    journal.done(done);
    journal.flush();
    List<String> lines = lines("j");

    for (String line : lines) {
      for (int n = 0; n < line.length(); n++) {
        String cut = line.substring(0, n);
        assertThat(Journal.upload(cut)).as("upload(%s)", cut).isEmpty();
        assertThat(Journal.done(cut)).as("done(%s)", cut).isEmpty();
      }
    }
    assertThat(lines).hasSize(2);
    assertThat(Journal.upload(lines.get(0))).contains(upload);
    assertThat(Journal.done(lines.get(1))).contains(done);
  }

  @Test
  void journalDoneFn_doneLine_oneRowWithIdETagAndVersion() throws IOException {
    Journal journal = open("j");
    journal.uploads(List.of(new Journal.Upload(1, "u1", "k1")));
    journal.done(new Journal.Done(2, "\"e2\"", null));
    journal.done(new Journal.Done(3, "\"e3\"", "v3"));
    journal.flush();

    List<Row> rows = new ArrayList<>();
    for (String l : lines("j")) {
      new JournalDoneFn().call(l).forEachRemaining(rows::add);
    }

    assertThat(rows).extracting(r -> r.getLong(0), r -> r.getString(1), r -> r.getString(2)).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2L, "\"e2\"", null), org.assertj.core.groups.Tuple.tuple(3L, "\"e3\"", "v3"));
  }

  @Test
  void liveUploadFilter_uploadLines_keepsOnlyLiveIds() throws IOException {
    Journal journal = open("j");
    journal.uploads(List.of(new Journal.Upload(1, "live", "k1"), new Journal.Upload(2, "gone", "k2")));
    journal.done(new Journal.Done(1, "live", null)); // a finished copy whose ETag happens to equal a live id
    journal.flush();
    LiveUploadFilter filter = new LiveUploadFilter(Set.of("live"));

    assertThat(lines("j")).filteredOn(filter::call).singleElement()
        .satisfies(l -> assertThat(Journal.upload(l)).contains(new Journal.Upload(1, "live", "k1")));
  }

  @Test
  void recordedAmong_journalsOfSeveralWavesAndWriters_onlyCandidatesTheyRecordAsCreated() throws IOException {
    Journal.open(hadoop, dir("journal/wave=0").toString(), "r-t1").uploads(List.of(
        new Journal.Upload(1, "a", "k1"), new Journal.Upload(2, "b", "k2")));
    Journal.open(hadoop, dir("journal/wave=1").toString(), "r-driver-r1").uploads(List.of(
        new Journal.Upload(3, "c", "k3")));
    Journal withDone = Journal.open(hadoop, dir("journal/wave=1").toString(), "r-t2");
    withDone.done(new Journal.Done(4, "d", "e")); // names "d" and "e", but not as uploads
    withDone.flush();
    Files.writeString(tmp.resolve("journal/wave=1/notes.txt"), "U\t5\tf\tk5\t.\n"); // not a journal file

    Set<String> found = Journal.recordedAmong(hadoop, dir("journal").toString(), Set.of("a", "c", "d", "e", "f", "x"));

    assertThat(found).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void recordedAmong_noCandidatesOrNoJournal_isEmpty() throws IOException {
    Journal.open(hadoop, dir("journal/wave=0").toString(), "r-t1").uploads(List.of(new Journal.Upload(1, "a", "k1")));

    assertThat(Journal.recordedAmong(hadoop, dir("journal").toString(), Set.of())).isEmpty();
    assertThat(Journal.recordedAmong(hadoop, dir("nowhere").toString(), Set.of("a"))).isEmpty();
  }

  private Journal open(String relative) {
    return Journal.open(hadoop, dir(relative).toString(), "task-7");
  }

  private java.net.URI dir(String relative) {
    return tmp.resolve(relative).toUri();
  }

  /** The journal files in a directory, by name (checksum files left out). */
  private List<Path> files(String relative) throws IOException {
    Path d = tmp.resolve(relative);
    if (!Files.exists(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tsv")).sorted().toList();
    }
  }

  /** Every line of the directory's journal files, file by file, as a reader splits them. */
  private List<String> lines(String relative) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : files(relative)) {
      out.addAll(List.of(Files.readString(f, StandardCharsets.UTF_8).split("\n", -1)));
      out.remove(out.size() - 1); // after the last newline
    }
    return out;
  }

  private static String mode(Path p) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
