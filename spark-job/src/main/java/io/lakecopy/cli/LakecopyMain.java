package io.lakecopy.cli;

import io.lakecopy.job.CopyJob;
import io.lakecopy.job.JobListener;

import io.lakecopy.config.ConfigLoader;
import io.lakecopy.config.JobConfig;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spark-submit / Databricks entry point. The Spark master comes from the launcher, never from
 * code. Exit codes: see {@link ExitCode}; this class is the only place they are decided.
 */
public final class LakecopyMain {
  private static final Logger LOG = LoggerFactory.getLogger(LakecopyMain.class);

  private LakecopyMain() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, JobListener.NONE);
    if (code == ExitCode.OK.code()) {
      return; // Databricks treats System.exit as a failure; a normal return ends the run cleanly.
    }
    if (System.getenv("DATABRICKS_RUNTIME_VERSION") != null) {
      throw new IllegalStateException("lakecopy failed with exit code " + code);
    }
    System.exit(code);
  }

  /** Runs the job and returns its exit code; never calls {@link System#exit} and never throws. */
  public static int run(String[] args, PrintStream out, PrintStream err, JobListener listener) {
    return exitCode(err, () -> runJob(args, out, err, listener));
  }

  private static int runJob(String[] args, PrintStream out, PrintStream err, JobListener listener) {
    if (args.length > 0 && args[0].equals("cleanup")) {
      return CleanupCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    if (args.length > 0 && args[0].equals("check")) {
      return CheckCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    io.lakecopy.job.StartupTimes startup = io.lakecopy.job.StartupTimes.sinceJvmStart();
    JobConfig config;
    try {
      ArgsParser.Parsed parsed = ArgsParser.parse(args);
      if (parsed.text().isPresent()) {
        out.print(parsed.text().get());
        return ExitCode.OK.code();
      }
      config = ConfigLoader.load(parsed.values());
    } catch (LakecopyException e) {
      err.println("lakecopy: " + e.getMessage());
      return ExitCode.INVALID_INPUT.code();
    }
    startup.mark("arguments");
    SparkSession spark = SparkSession.builder().appName("lakecopy").getOrCreate();
    startup.mark("Spark session");
    CopyJob.Result result = new CopyJob(spark, config, listener, ExitCode::of, startup).run();
    out.print(result.summary().render());
    result.reportLocation().ifPresent(r -> out.println("  report    " + r));
    out.println("  " + startup.render());
    if (ExitCode.allDenied(result.summary())) {
      err.println("lakecopy: access denied on every copy; check that the destination credentials may read the"
          + " source and write the destination");
    }
    int code = ExitCode.of(result.summary());
    return config.verifyAfter() && code != ExitCode.CANNOT_RUN.code() ? verify(spark, config, out, code) : code;
  }

  /**
   * --verify: the finished copy is checked as {@code lakecopy check} would (with --delete also for extra objects),
   * its report under {@code _verify/} of --report. Exit code 1 where the check finds anything missing or different,
   * else the copy's own.
   */
  private static int verify(SparkSession spark, JobConfig config, PrintStream out, int copyCode) {
    JobConfig checked = config.forCheck(config.report().map(r -> (r.endsWith("/") ? r : r + "/") + "_verify"));
    io.lakecopy.job.CheckJob check = new io.lakecopy.job.CheckJob(spark, checked, !config.delete(), false,
        java.util.Optional.empty(), CheckCommand::exitCode);
    io.lakecopy.report.CheckSummary summary = check.run();
    out.print(summary.render().replaceFirst("^lakecopy check", "lakecopy verify"));
    check.reportLocation().ifPresent(r -> out.println("  report     " + r));
    return copyCode == ExitCode.OK.code() ? CheckCommand.exitCode(summary) : copyCode;
  }

  /**
   * Runs {@code run} and turns anything it throws into an exit code and one line on {@code err}: bad
   * input 2, everything else 3. Checked exceptions are caught too (Spark's Scala code throws
   * {@code AnalysisException}, a checked exception, without declaring it), and so is any JVM
   * {@link Error} (OutOfMemoryError, StackOverflowError, ...): an exit code of 1 would claim that the
   * run finished with some objects failed, which only a finished run may say.
   */
  static int exitCode(PrintStream err, Callable<Integer> run) {
    try {
      return run.call();
    } catch (LakecopyException e) {
      err.println("lakecopy: " + e.getMessage());
      if (e.kind() == ErrorKind.INVALID_INPUT) {
        return ExitCode.INVALID_INPUT.code();
      }
      LOG.error("lakecopy could not run", e);
      return ExitCode.CANNOT_RUN.code();
    } catch (Exception e) {
      err.println("lakecopy: the job could not run: " + e);
      LOG.error("lakecopy could not run", e);
      return ExitCode.CANNOT_RUN.code();
    } catch (Error e) {
      err.println("lakecopy: the job could not run: the JVM failed with " + e
          + (e instanceof OutOfMemoryError ? " (give the driver more memory: spark.driver.memory)" : ""));
      logQuietly(e);
      return ExitCode.CANNOT_RUN.code();
    }
  }

  /** Logs a JVM error; logging itself may fail after one (no heap, no stack), which must not change the exit code. */
  private static void logQuietly(Error e) {
    try {
      LOG.error("lakecopy could not run", e);
    } catch (Throwable ignored) {
      // the message on stderr above is what the user sees
    }
  }
}
