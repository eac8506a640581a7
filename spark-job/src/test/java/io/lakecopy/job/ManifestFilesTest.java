package io.lakecopy.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestFilesTest {
  @TempDir Path tmp;

  private final Configuration hadoop = new Configuration();

  @Test
  void find_directory_dataFilesInNameOrderWithoutUnderscoreAndDotFiles() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("out-manifest"));
    for (String name : List.of("part-00002.csv", "_SUCCESS", ".part-00001.csv.crc", "part-00001.csv", "part-10.csv")) {
      Files.writeString(dir.resolve(name), "x\n");
    }
    Files.createDirectories(dir.resolve("part-00003.csv")); // a directory is not a data file

    List<ManifestFiles.Found> files = ManifestFiles.find(hadoop, null, dir.toString(), "--manifest (source.manifest)",
        tmp.resolve("work/staged").toString());

    assertThat(files).extracting(ManifestFiles.Found::name).containsExactly("part-00001.csv", "part-00002.csv",
        "part-10.csv");
    assertThat(files).extracting(ManifestFiles.Found::path).allSatisfy(p -> assertThat(p).startsWith("file:/"));
  }

  @Test
  void find_localFileWithLocalWorkDirectory_readInPlaceUnderItsOwnName() throws IOException {
    Path file = Files.writeString(tmp.resolve("keys[1].txt"), "a\n");

    List<ManifestFiles.Found> files = ManifestFiles.find(hadoop, null, file.toString(), "--manifest (source.manifest)",
        tmp.resolve("work/staged").toString());

    assertThat(files).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo(file.toString());
      assertThat(f.path()).isEqualTo("file:" + file);
    });
    assertThat(tmp.resolve("work")).doesNotExist();
  }

  @Test
  void find_missingFile_invalidInputNamingTheFlag() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ManifestFiles.find(hadoop, null,
        tmp.resolve("nope.txt").toString(), "--manifest (source.manifest)", tmp.toString()));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).isEqualTo("--manifest (source.manifest): file not found: " + tmp.resolve("nope.txt"));
  }

  @Test
  void find_fileUri_readInPlace() throws IOException {
    Path file = Files.writeString(tmp.resolve("m.txt"), "a\n");

    List<ManifestFiles.Found> files = ManifestFiles.find(hadoop, null, file.toUri().toString(),
        "--manifest (source.manifest)", tmp.resolve("work").toString());

    assertThat(files).extracting(ManifestFiles.Found::path).containsExactly("file:" + file);
  }
}
