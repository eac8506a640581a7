package io.lakecopy.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
  private final Configuration hadoop = new Configuration();

  @TempDir
  Path tmp;

  @Test
  void create_localFile_0600FromTheStartWithItsChecksumFile() throws IOException {
    FileSystem fs = FileSystem.getLocal(hadoop);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("_summary.json").toUri());

    try (OutputStream out = OwnerOnly.create(fs, file, false)) {
      assertThat(mode(tmp.resolve("_summary.json"))).as("while being written").isEqualTo("rw-------");
      out.write('x');
    }

    assertThat(mode(tmp.resolve("_summary.json"))).isEqualTo("rw-------");
    assertThat(mode(tmp.resolve("._summary.json.crc"))).isEqualTo("rw-------");
  }

  @Test
  void mkdirs_newDirectory_0700_existingDirectoryUntouched() throws IOException {
    FileSystem fs = FileSystem.getLocal(hadoop);
    Path existing = Files.createDirectory(tmp.resolve("home"));
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));

    OwnerOnly.mkdirs(fs, new org.apache.hadoop.fs.Path(tmp.resolve("ledger/run-1").toUri()));
    OwnerOnly.mkdirs(fs, new org.apache.hadoop.fs.Path(existing.toUri()));

    assertThat(mode(tmp.resolve("ledger/run-1"))).isEqualTo("rwx------");
    assertThat(mode(existing)).isEqualTo("rwxr-xr-x");
  }

  @Test
  void restrictTree_treeWrittenWorldReadable_everyDirectory0700EveryFile0600() throws IOException {
    Path report = Files.createDirectories(tmp.resolve("report/sub"));
    for (Path f : List.of(report.resolve("../part-00000.json"), report.resolve("../.part-00000.json.crc"),
        report.resolve("x.json"))) {
      Files.writeString(f, "{}");
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    }
    Files.setPosixFilePermissions(tmp.resolve("report"), PosixFilePermissions.fromString("rwxr-xr-x"));

    OwnerOnly.restrictTree(FileSystem.getLocal(hadoop), new org.apache.hadoop.fs.Path(tmp.resolve("report").toUri()));

    try (Stream<Path> all = Files.walk(tmp.resolve("report"))) {
      assertThat(all.toList()).hasSize(5).allSatisfy(p -> assertThat(mode(p)).as(p.toString())
          .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
    }
  }

  @Test
  void withUmask_duringTheWrite077_afterwardsTheEarlierValue() {
    hadoop.set(OwnerOnly.UMASK_KEY, "022");

    String during = OwnerOnly.withUmask(hadoop, () -> hadoop.get(OwnerOnly.UMASK_KEY));

    assertThat(during).isEqualTo("077");
    assertThat(hadoop.get(OwnerOnly.UMASK_KEY)).isEqualTo("022");
    Configuration unset = new Configuration(false);
    OwnerOnly.withUmask(unset, () -> { });
    assertThat(unset.get(OwnerOnly.UMASK_KEY)).isNull();
  }

  @Test
  void hasPermissions_localAndHdfsYes_objectStoresNo() throws IOException {
    assertThat(OwnerOnly.hasPermissions(FileSystem.getLocal(hadoop))).isTrue();
    assertThat(OwnerOnly.hasPermissions(withUri("hdfs://namenode:8020"))).isTrue();
    assertThat(OwnerOnly.hasPermissions(withUri("s3a://bucket"))).isFalse();
    assertThat(OwnerOnly.hasPermissions(withUri("s3://bucket"))).isFalse();
    assertThat(OwnerOnly.hasPermissions(withUri("dbfs:/"))).isFalse();
  }

  /** A file system that only answers getUri: enough for the scheme check, no server needed. */
  private static FileSystem withUri(String uri) {
    return new RawLocalFileSystem() {
      @Override
      public URI getUri() {
        return URI.create(uri);
      }
    };
  }

  static String mode(Path p) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
