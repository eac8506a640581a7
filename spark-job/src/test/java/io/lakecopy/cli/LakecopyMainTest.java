package io.lakecopy.cli;

import io.lakecopy.job.JobListener;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.config.CliOption;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Bad input (config errors return before Spark starts, so no SparkSession is created here) and the
 * exit code of every kind of failure a run can throw.
 */
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
  void run_destInventoryWithTheCopy_returns2NamingIt() {
    int code = run("--source", "s3://src-bucket/lake", "--dest", "s3://dst-bucket/copy", "--dest-inventory",
        "s3://inv/dst-bucket/all/2026-11-27T00-00Z/manifest.json");

    assertThat(code).as("a flag of lakecopy check only").isEqualTo(2);
    assertThat(stderr()).startsWith("lakecopy: ").contains("--dest-inventory");
  }

  @Test
  void run_badPartSize_returns2NamingFlag() {
    int code = run("--source", "s3://src-bucket/lake", "--dest", "s3://dst-bucket/copy", "--part-size", "4MiB");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("--part-size", "copy.part-size", "4MiB");
  }

  @Test
  void run_badListPagesPerRange_returns2NamingFlag() {
    int code = run("--source", "s3://src-bucket/lake", "--dest", "s3://dst-bucket/copy", "--list-pages-per-range",
        "0");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("--list-pages-per-range", "source.list-pages-per-range", "0");
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

  /** A checked exception, as Spark's Scala code throws AnalysisException without declaring it. */
  static final class CheckedFailure extends Exception {
    CheckedFailure(String message) {
      super(message);
    }
  }

  @Test
  void exitCode_checkedExceptionEscapesTheJob_returns3WithMessage() {
    int code = LakecopyMain.exitCode(errStream(), () -> {
      throw new CheckedFailure("[TABLE_OR_VIEW_NOT_FOUND] simulated analysis failure");
    });

    assertThat(code).isEqualTo(3);
    assertThat(stderr()).startsWith("lakecopy: the job could not run: ").contains("simulated analysis failure");
  }

  @Test
  void exitCode_outOfMemoryError_returns3NamingTheErrorAndDriverMemory() {
    int code = LakecopyMain.exitCode(errStream(), () -> {
      throw new OutOfMemoryError("Java heap space");
    });

    assertThat(code).isEqualTo(3);
    assertThat(stderr()).contains("java.lang.OutOfMemoryError: Java heap space", "spark.driver.memory");
  }

  @Test
  void exitCode_realStackOverflowError_returns3NamingTheError() {
    int code = LakecopyMain.exitCode(errStream(), () -> recurse(0));

    assertThat(code).isEqualTo(3);
    assertThat(stderr()).contains("java.lang.StackOverflowError");
  }

  @Test
  void exitCode_otherErrorAndRuntimeException_return3() {
    assertThat(LakecopyMain.exitCode(errStream(), () -> {
      throw new NoSuchMethodError("software.amazon.awssdk.Foo.bar()");
    })).isEqualTo(3);
    assertThat(LakecopyMain.exitCode(errStream(), () -> {
      throw new IllegalStateException("simulated driver failure");
    })).isEqualTo(3);

    assertThat(stderr()).contains("java.lang.NoSuchMethodError: software.amazon.awssdk.Foo.bar()",
        "java.lang.IllegalStateException: simulated driver failure");
  }

  @Test
  void exitCode_lakecopyException_invalidInput2OtherKinds3() {
    assertThat(LakecopyMain.exitCode(errStream(), () -> {
      throw LakecopyException.invalidInput("--manifest m.txt: 1 bad line");
    })).isEqualTo(2);
    assertThat(LakecopyMain.exitCode(errStream(), () -> {
      throw new LakecopyException(ErrorKind.ACCESS_DENIED, "access denied on every copy");
    })).isEqualTo(3);

    assertThat(stderr()).contains("lakecopy: --manifest m.txt: 1 bad line", "lakecopy: access denied on every copy");
  }

  @Test
  void exitCode_runReturns_codePassedThrough() {
    assertThat(LakecopyMain.exitCode(errStream(), () -> 1)).isEqualTo(1);
    assertThat(stderr()).isEmpty();
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  private PrintStream errStream() {
    return new PrintStream(err, true, StandardCharsets.UTF_8);
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
