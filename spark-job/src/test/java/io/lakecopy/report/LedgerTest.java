package io.lakecopy.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  /** Keys S3 accepts that a naive line format would break: separators, escapes and non-ASCII. */
  private static final List<String> AWKWARD_KEYS = List.of(
      "copy/with space.parquet",
      "copy/ünïcödé/日本語/😀.csv",
      "copy/tab\there",
      "copy/new\nline\r\nand return",
      "copy/100%25 literal %.txt",
      "copy/a+b=c&d?e#f",
      "copy/trailing space ");

  private final Configuration hadoop = new Configuration();

  @TempDir
  Path tmp;

  @Test
  void create_newLocation_writesMetaProperties() throws IOException {
    Path dir = tmp.resolve("ledger");
    Instant before = Instant.now();

    Ledger.create(hadoop, dir.toString(), "s3://src-bucket/in/", "s3://dst-bucket/out/");

    Properties meta = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve("meta.properties"))) {
      meta.load(in);
    }
    assertThat(meta.getProperty("source")).isEqualTo("s3://src-bucket/in/");
    assertThat(meta.getProperty("dest")).isEqualTo("s3://dst-bucket/out/");
    assertThat(Instant.parse(meta.getProperty("started"))).isBetween(before, Instant.now());
  }

  @Test
  void create_locationAlreadyHoldsALedger_rejectedNamingLedgerFlag() {
    String dir = tmp.resolve("ledger").toString();
    Ledger.create(hadoop, dir, "s3://src-bucket/in/", "s3://dst-bucket/out/");

    assertThatThrownBy(() -> Ledger.create(hadoop, dir, "s3://src-bucket/in/", "s3://dst-bucket/out/"))
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining("--ledger")
        .hasMessageContaining(dir)
        .hasMessageContaining("--resume");
  }

  @Test
  void open_directoryWithoutLedger_rejectedNamingResumeFlag() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("not-a-ledger"));
    Files.writeString(dir.resolve("unrelated.txt"), "x");

    assertThatThrownBy(() -> Ledger.open(hadoop, dir.toString()))
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining("--resume")
        .hasMessageContaining(dir.toString());
  }

  @Test
  void open_missingDirectory_rejectedNamingResumeFlag() {
    String dir = tmp.resolve("does-not-exist").toString();

    assertThatThrownBy(() -> Ledger.open(hadoop, dir))
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining("--resume");
  }

  @Test
  void read_awkwardKeys_roundTripThroughOpen() {
    String dir = tmp.resolve("ledger").toString();
    Ledger ledger = Ledger.create(hadoop, dir, "s3://src-bucket/in/", "s3://dst-bucket/out/");
    List<Ledger.Upload> uploads = AWKWARD_KEYS.stream()
        .map(k -> new Ledger.Upload(k, "upload-" + k.length(), "\"src-" + k.length() + "\"", 8L << 20))
        .toList();
    List<Ledger.Done> done = AWKWARD_KEYS.stream()
        .map(k -> new Ledger.Done(k, "\"dst-" + k.length() + "-2\"", "\"src-" + k.length() + "\"", k.length() * 1000L))
        .toList();

    ledger.recordUploads(uploads);
    ledger.recordDone(done);
    Ledger.State state = Ledger.open(hadoop, dir).read();

    assertThat(state.source()).isEqualTo("s3://src-bucket/in/");
    assertThat(state.dest()).isEqualTo("s3://dst-bucket/out/");
    assertThat(state.uploads()).containsOnlyKeys(AWKWARD_KEYS);
    assertThat(state.uploads().values()).containsExactlyInAnyOrderElementsOf(uploads);
    assertThat(state.done()).containsOnlyKeys(AWKWARD_KEYS);
    assertThat(state.done().values()).containsExactlyInAnyOrderElementsOf(done);
  }

  @Test
  void read_sameKeyInLaterBatch_laterRecordWins() {
    String dir = tmp.resolve("ledger").toString();
    Ledger ledger = Ledger.create(hadoop, dir, "s3://src-bucket/in/", "s3://dst-bucket/out/");
    ledger.recordUploads(List.of(new Ledger.Upload("copy/a", "upload-1", "\"e1\"", 5L << 20),
        new Ledger.Upload("copy/b", "upload-b", "\"eb\"", 5L << 20)));
    ledger.recordDone(List.of(new Ledger.Done("copy/a", "\"d1-2\"", "\"e1\"", 100)));
    ledger.recordUploads(List.of(new Ledger.Upload("copy/a", "upload-2", "\"e2\"", 8L << 20)));
    ledger.recordDone(List.of(new Ledger.Done("copy/a", "\"d2-3\"", "\"e2\"", 200)));

    Ledger.State state = Ledger.open(hadoop, dir).read();

    assertThat(state.uploads()).containsOnlyKeys("copy/a", "copy/b");
    assertThat(state.uploads().get("copy/a")).isEqualTo(new Ledger.Upload("copy/a", "upload-2", "\"e2\"", 8L << 20));
    assertThat(state.done()).containsOnlyKeys("copy/a");
    assertThat(state.done().get("copy/a")).isEqualTo(new Ledger.Done("copy/a", "\"d2-3\"", "\"e2\"", 200));
  }

  @Test
  void read_batchesAddedAfterOpen_winOverBatchesOfTheEarlierRun() {
    String dir = tmp.resolve("ledger").toString();
    Ledger first = Ledger.create(hadoop, dir, "s3://src-bucket/in/", "s3://dst-bucket/out/");
    first.recordUploads(List.of(new Ledger.Upload("copy/a", "upload-1", "\"e1\"", 5L << 20)));
    first.recordDone(List.of(new Ledger.Done("copy/b", "\"b1\"", "\"eb1\"", 1)));

    Ledger resumed = Ledger.open(hadoop, dir);
    resumed.recordUploads(List.of(new Ledger.Upload("copy/a", "upload-2", "\"e1\"", 5L << 20)));
    resumed.recordDone(List.of(new Ledger.Done("copy/b", "\"b2\"", "\"eb2\"", 2)));
    Ledger.State state = Ledger.open(hadoop, dir).read();

    assertThat(state.uploads().get("copy/a").uploadId()).isEqualTo("upload-2");
    assertThat(state.done().get("copy/b")).isEqualTo(new Ledger.Done("copy/b", "\"b2\"", "\"eb2\"", 2));
  }

  @Test
  void read_startedTime_isTheCreateTime() {
    String dir = tmp.resolve("ledger").toString();
    Instant before = Instant.now();
    Ledger.create(hadoop, dir, "s3://src-bucket/in/", "s3://dst-bucket/out/");
    Instant after = Instant.now();

    Ledger.State state = Ledger.open(hadoop, dir).read();

    assertThat(state.started()).isBetween(before, after);
    assertThat(state.uploads()).isEmpty();
    assertThat(state.done()).isEmpty();
  }

  @Test
  void recordUploadsAndDone_emptyLists_writeNoFile() throws IOException {
    Path dir = tmp.resolve("ledger");
    Ledger ledger = Ledger.create(hadoop, dir.toString(), "s3://src-bucket/in/", "s3://dst-bucket/out/");

    ledger.recordUploads(List.of());
    ledger.recordDone(List.of());

    assertThat(visibleFiles(dir)).containsExactly("meta.properties");
  }

  @Test
  void recordUploadsAndDone_oneBatchEach_writeOneFileEach() throws IOException {
    Path dir = tmp.resolve("ledger");
    Ledger ledger = Ledger.create(hadoop, dir.toString(), "s3://src-bucket/in/", "s3://dst-bucket/out/");

    ledger.recordUploads(List.of(new Ledger.Upload("copy/a", "upload-1", "\"e1\"", 5L << 20)));
    ledger.recordDone(List.of(new Ledger.Done("copy/a", "\"d-1\"", "\"e1\"", 1)));

    assertThat(visibleFiles(dir)).containsExactly("done-000001.tsv", "meta.properties", "uploads-000000.tsv");
  }

  /** The ledger's own files, without the checksum files Hadoop's local file system writes beside them. */
  private static List<String> visibleFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
    }
  }

  @Test
  void create_andRecord_ledgerDirectory0700AndEveryFile0600() throws IOException {
    Path dir = tmp.resolve("runs/ledger");

    Ledger ledger = Ledger.create(hadoop, dir.toString(), "s3://src-bucket/in/", "s3://dst-bucket/out/");
    ledger.recordUploads(List.of(new Ledger.Upload("out/big.bin", "upload-1", "\"etag\"", 5L << 20)));
    ledger.recordDone(List.of(new Ledger.Done("out/a.txt", "\"d\"", "\"s\"", 10)));

    assertThat(OwnerOnlyTest.mode(dir)).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.toList()).hasSize(6) // meta.properties, uploads-*.tsv, done-*.tsv and a .crc of each
          .allSatisfy(f -> assertThat(OwnerOnlyTest.mode(f)).as(f.toString()).isEqualTo("rw-------"));
    }
  }
}
