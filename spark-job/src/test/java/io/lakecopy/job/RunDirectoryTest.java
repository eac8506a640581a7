package io.lakecopy.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The run directory on Hadoop's local file system: what it refuses, what it reads back, what it may delete. */
class RunDirectoryTest {
  private static final String FLAG = "--ledger (run.ledger)";
  private static final RunDirectory.Meta META = new RunDirectory.Meta(Instant.parse("2026-03-01T10:15:30.123Z"),
      "s3://src-bucket/lake/", "s3://dst-bucket/copy: a=b#c/", "part-size=8388608;threshold=8388608;if-exists=skip");

  private final Configuration hadoop = new Configuration();

  @TempDir
  Path tmp;

  /** The ledger as a user gives it: a plain local path, or a file: URI. */
  static Stream<Arguments> locations() {
    return Stream.of(Arguments.of(false), Arguments.of(true));
  }

  private String location(boolean uri) {
    Path dir = tmp.resolve("ledger");
    return uri ? dir.toUri().toString() : dir.toString();
  }

  @ParameterizedTest
  @MethodSource("locations")
  void create_thenOpen_metaReadBack(boolean uri) {
    RunDirectory.create(hadoop, location(uri), FLAG, META);

    RunDirectory opened = RunDirectory.open(hadoop, location(uri), "--resume (run.resume)");

    assertThat(opened.meta()).isEqualTo(META);
  }

  @Test
  void create_newLocation_directory0700AndMeta0600() {
    RunDirectory.create(hadoop, location(false), FLAG, META);

    assertThat(mode(tmp.resolve("ledger"))).isEqualTo("rwx------");
    assertThat(mode(tmp.resolve("ledger").resolve(RunDirectory.META))).isEqualTo("rw-------");
  }

  @Test
  void create_locationAlreadyHoldsALedger_refusedNamingTheFlagAndResume_nothingWritten() throws IOException {
    RunDirectory.create(hadoop, location(false), FLAG, META);
    Path meta = tmp.resolve("ledger").resolve(RunDirectory.META);
    byte[] before = Files.readAllBytes(meta);
    List<Path> filesBefore = tree(tmp.resolve("ledger"));
    RunDirectory.Meta other = new RunDirectory.Meta(Instant.parse("2026-03-02T00:00:00Z"), "s3://other/",
        "s3://elsewhere/", "other");

    assertThatThrownBy(() -> RunDirectory.create(hadoop, location(false), FLAG, other))
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageStartingWith(FLAG + ": " + location(false))
        .hasMessageContaining("already holds a ledger")
        .hasMessageContaining("--resume " + location(false));

    assertThat(Files.readAllBytes(meta)).isEqualTo(before);
    assertThat(tree(tmp.resolve("ledger"))).isEqualTo(filesBefore);
  }

  @Test
  void create_existingDirectoryWithoutALedger_keepsItsPermissions() throws IOException {
    Path home = Files.createDirectory(tmp.resolve("home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-x---"));

    RunDirectory.create(hadoop, home.toString(), FLAG, META);

    assertThat(mode(home)).as("the user's own directory").isEqualTo("rwxr-x---");
    assertThat(mode(home.resolve(RunDirectory.META))).isEqualTo("rw-------");
  }

  @Test
  void open_noLedgerThere_invalidInputNamingTheFlag() {
    assertThatThrownBy(() -> RunDirectory.open(hadoop, location(false), "--resume (run.resume)"))
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessage("--resume (run.resume): no ledger at " + location(false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "source=s3://a/\n", "started=yesterday\nsource=a\ndest=b\nfingerprint=f\n"})
  void meta_unreadableMetaProperties_invalidInputNamingTheFlag(String content) throws IOException {
    Files.createDirectories(tmp.resolve("ledger"));
    Files.writeString(tmp.resolve("ledger").resolve(RunDirectory.META), content);
    RunDirectory run = RunDirectory.open(hadoop, location(false), "--resume (run.resume)");

    assertThatThrownBy(run::meta)
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageStartingWith("--resume (run.resume): ledger ")
        .hasMessageContaining("cannot be read");
  }

  @Test
  void write_intoANewSubdirectory_fileAndDirectoryOwnerOnly_readBackAndReplaced() {
    RunDirectory run = RunDirectory.create(hadoop, location(false), FLAG, META);

    run.write("waves/0.started", "2026-03-01T10:15:31Z");
    run.write("waves/0.started", "2026-03-01T10:20:00Z");

    assertThat(run.read("waves/0.started")).isEqualTo("2026-03-01T10:20:00Z");
    assertThat(run.exists("waves/0.started")).isTrue();
    assertThat(run.exists("waves/0.done")).isFalse();
    assertThat(mode(tmp.resolve("ledger/waves/0.started"))).isEqualTo("rw-------");
    assertThat(mode(tmp.resolve("ledger/waves"))).as("a directory the run made").isEqualTo("rwx------");
  }

  @Test
  void deleteOwn_subtree_deletesItAndNothingElse() throws IOException {
    RunDirectory run = RunDirectory.create(hadoop, location(false), FLAG, META);
    Files.createDirectories(tmp.resolve("ledger/outcomes/w0-r1"));
    Files.createDirectories(tmp.resolve("ledger/outcomes/w0-r2"));
    Files.writeString(tmp.resolve("ledger/outcomes/w0-r1/part-0.parquet"), "x");
    Files.writeString(tmp.resolve("ledger/outcomes/w0-r2/part-0.parquet"), "y");

    run.deleteOwn("outcomes/w0-r1");
    run.deleteOwn("outcomes/w0-r9"); // never written: nothing to do

    assertThat(tmp.resolve("ledger/outcomes/w0-r1")).doesNotExist();
    assertThat(tmp.resolve("ledger/outcomes/w0-r2/part-0.parquet")).exists();
    assertThat(tmp.resolve("ledger").resolve(RunDirectory.META)).exists();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../sibling", "outcomes/../../sibling", "outcomes/..", "outcomes/w0-r1/../..", ".",
      ""})
  void deleteOwn_pathThatLeavesTheDirectory_refusedAndNothingDeleted(String relative) throws IOException {
    RunDirectory run = RunDirectory.create(hadoop, location(false), FLAG, META);
    Files.createDirectories(tmp.resolve("sibling"));
    Files.writeString(tmp.resolve("sibling/keep.txt"), "keep");
    Files.createDirectories(tmp.resolve("ledger/outcomes/w0-r1"));

    assertThatThrownBy(() -> run.deleteOwn(relative)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inside the run directory");

    assertThat(tmp.resolve("sibling/keep.txt")).exists();
    assertThat(tmp.resolve("ledger/outcomes/w0-r1")).exists();
    assertThat(tmp.resolve("ledger").resolve(RunDirectory.META)).exists();
  }

  @Test
  void deleteOwn_absolutePathOrUri_refusedAndNothingDeleted() throws IOException {
    RunDirectory run = RunDirectory.create(hadoop, location(false), FLAG, META);
    Path sibling = Files.createDirectories(tmp.resolve("sibling"));
    Files.writeString(sibling.resolve("keep.txt"), "keep");

    for (String outside : List.of(sibling.toString(), sibling.toUri().toString(), tmp.resolve("ledger").toString())) {
      assertThatThrownBy(() -> run.deleteOwn(outside)).as(outside).isInstanceOf(IllegalArgumentException.class);
    }

    assertThat(sibling.resolve("keep.txt")).exists();
    assertThat(tmp.resolve("ledger").resolve(RunDirectory.META)).exists();
  }

  @ParameterizedTest
  @MethodSource("locations")
  void committed_outcomes_onlyDirectoriesWithSuccessSortedAsPathNamesThem(boolean uri) throws IOException {
    RunDirectory run = RunDirectory.create(hadoop, location(uri), FLAG, META);
    Path outcomes = tmp.resolve("ledger/outcomes");
    for (String d : List.of("w0-r2", "w0-r1", "w0-plan", "w1-r1")) {
      Files.createDirectories(outcomes.resolve(d));
      Files.writeString(outcomes.resolve(d).resolve("part-00000.parquet"), "rows");
    }
    for (String d : List.of("w0-r2", "w0-r1", "w1-r1")) {
      Files.writeString(outcomes.resolve(d).resolve("_SUCCESS"), "");
    }
    Files.writeString(outcomes.resolve("_SUCCESS"), ""); // a file, not a stage's directory
    Files.writeString(outcomes.resolve("stray.parquet"), "rows");

    List<String> committed = run.committed("outcomes");

    assertThat(committed).containsExactly(run.path("outcomes/w0-r1"), run.path("outcomes/w0-r2"),
        run.path("outcomes/w1-r1"));
    assertThat(committed).as("as Waves asks it").contains(run.path("outcomes/w0-r2"))
        .doesNotContain(run.path("outcomes/w0-plan"));
  }

  @Test
  void committed_nothingWrittenYet_isEmpty() {
    RunDirectory run = RunDirectory.create(hadoop, location(false), FLAG, META);

    assertThat(run.committed("outcomes")).isEmpty();
  }

  @Test
  void restrict_treeWrittenWorldReadable_becomesOwnerOnly() throws IOException {
    RunDirectory run = RunDirectory.create(hadoop, location(false), FLAG, META);
    Path out = Files.createDirectories(tmp.resolve("ledger/outcomes/w0-r1"));
    Files.writeString(out.resolve("part-0.parquet"), "rows");
    Files.setPosixFilePermissions(out.resolve("part-0.parquet"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));

    run.restrict("outcomes/w0-r1");

    assertThat(mode(out)).isEqualTo("rwx------");
    assertThat(mode(out.resolve("part-0.parquet"))).isEqualTo("rw-------");
  }

  @Test
  void restrictAll_directoryGone_doesNotThrow() {
    RunDirectory run = RunDirectory.create(hadoop, location(false), FLAG, META);
    run.deleteAll();

    run.restrictAll();

    assertThat(tmp.resolve("ledger")).doesNotExist();
  }

  private static List<Path> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.sorted().toList();
    }
  }

  private static String mode(Path p) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
