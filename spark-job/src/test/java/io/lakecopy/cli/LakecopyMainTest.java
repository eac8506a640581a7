package io.lakecopy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.config.CliOption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad input only: config errors return before Spark starts, so no SparkSession is created here. */
class LakecopyMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void run_unknownFlag_returns2NamingFlag() {
    int code = run("--source", "s3://src-bucket/lake", "--dest", "s3://dst-bucket/copy", "--colour", "blue");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).startsWith("lakecopy: ").contains("--colour");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void run_badPartSize_returns2NamingFlag() {
    int code = run("--source", "s3://src-bucket/lake", "--dest", "s3://dst-bucket/copy", "--part-size", "4MiB");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("--part-size", "copy.part-size", "4MiB");
  }

  @Test
  void run_missingDest_returns2NamingFlag() {
    int code = run("--source", "s3://src-bucket/lake");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("--dest", "dest.uri");
  }

  @Test
  void run_destInsideSource_returns2NamingFlag() {
    int code = run("--source", "s3://src-bucket/lake", "--dest", "s3://src-bucket/lake/backup");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("--dest", "inside", "s3://src-bucket/lake/");
  }

  @Test
  void run_help_returns0AndPrintsUsage() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(stdout()).contains(CliOption.SOURCE.flag(), CliOption.DEST.flag(), "Exit codes:");
    assertThat(stderr()).isEmpty();
  }

  @Test
  void exitCodes_documentedValues_arePinned() {
    assertThat(ExitCode.OK.code()).isZero();
    assertThat(ExitCode.SOME_FAILED.code()).isEqualTo(1);
    assertThat(ExitCode.INVALID_INPUT.code()).isEqualTo(2);
    assertThat(ExitCode.CANNOT_RUN.code()).isEqualTo(3);
  }

  private int run(String... args) {
    return LakecopyMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), JobListener.NONE);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
