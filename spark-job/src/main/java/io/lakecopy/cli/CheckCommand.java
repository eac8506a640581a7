package io.lakecopy.cli;

import io.lakecopy.config.ConfigLoader;
import io.lakecopy.config.JobConfig;
import io.lakecopy.job.CheckJob;
import io.lakecopy.report.CheckSummary;
import io.lakecopy.s3.LakecopyException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lakecopy check}: compares --source (or --manifest) with --dest by key, size and ETag, with the copy's key
 * mapping and filters, and reports one row per key. It takes the copy's flags (those that only shape copies are
 * checked and then have no effect), plus {@code --one-way} and {@code --download}; {@code --destination} is another
 * name for --dest.
 */
final class CheckCommand {
  static final String ONE_WAY = "--one-way";
  static final String DOWNLOAD = "--download";
  private static final String DESTINATION = "--destination";

  static final String HELP = String.join("\n",
      "Usage: lakecopy check --source URI | --manifest FILE_OR_URI --dest URI [--one-way] [--download] [copy flags]",
      "Compares the source objects with the objects at their destination keys, by key, size and ETag (where the",
      "two ETags can be compared), with the copy's key mapping and filters. Writes nothing to either bucket and",
      "(unless --download) reads no object's bytes; with --report, writes one row per key: same, differ, missing,",
      "extra, unverified.",
      "",
      "      --one-way              Only look for the source objects at the destination: report no extra objects.",
      "      --download             Compare the bytes of every two objects of one size (GETs both, in fixed",
      "                             buffers), not their ETags: slower, and the transfer may cost.",
      "      --destination URI      The same as --dest.",
      "  The copy's flags select, map and reach the objects as for the copy (see lakecopy --help): --source, --dest,",
      "  --manifest, --include/--exclude, --src-pattern, --min-size ..., --dest-key-regex, --flatten, endpoints,",
      "  credentials, --report, --report-format; --ledger names the check's own working directory.",
      "",
      "Exit codes:",
      "  0  every source object is at the destination and the same (unverified ones included), and nothing extra",
      "  1  something is missing, differs, or (without --one-way) is extra: see the report",
      "  2  invalid input (flag, config key, URI, manifest line, bucket); nothing was written",
      "  3  the check could not run (endpoint unreachable, access denied, Spark failure)",
      "");

  private CheckCommand() {}

  /** The parsed command line: the copy's flags as config values, --one-way and --download. */
  record Parsed(JobConfig config, boolean oneWay, boolean download) {}

  /** Runs the check and returns its exit code; bad input is 2, as for the copy. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.print(HELP);
      return ExitCode.OK.code();
    }
    Parsed parsed;
    try {
      parsed = parse(args);
    } catch (LakecopyException e) {
      err.println("lakecopy check: " + e.getMessage());
      return ExitCode.INVALID_INPUT.code();
    }
    SparkSession spark = SparkSession.builder().appName("lakecopy check").getOrCreate();
    CheckJob job = new CheckJob(spark, parsed.config(), parsed.oneWay(), parsed.download(), CheckCommand::exitCode);
    CheckSummary summary = job.run();
    out.print(summary.render());
    job.reportLocation().ifPresent(r -> out.println("  report     " + r));
    return exitCode(summary);
  }

  /** 1 when something is missing, differs or (where looked for) is extra; else 0. */
  static int exitCode(CheckSummary summary) {
    return summary.mismatched() ? ExitCode.SOME_FAILED.code() : ExitCode.OK.code();
  }

  /** @throws LakecopyException INVALID_INPUT naming the flag at fault */
  static Parsed parse(String[] args) {
    List<String> copyArgs = new ArrayList<>();
    java.util.Set<String> own = new java.util.HashSet<>();
    for (String arg : args) {
      if (arg.equals(ONE_WAY) || arg.equals(DOWNLOAD)) {
        if (!own.add(arg)) {
          throw LakecopyException.invalidInput(arg + " is given more than once; give it once");
        }
      } else if (arg.equals(DESTINATION) || arg.startsWith(DESTINATION + "=")) {
        copyArgs.add("--dest" + arg.substring(DESTINATION.length()));
      } else {
        copyArgs.add(arg);
      }
    }
    ArgsParser.Parsed values = ArgsParser.parse(copyArgs.toArray(String[]::new));
    if (values.text().isPresent()) { // --version
      throw LakecopyException.invalidInput("--version is not a flag of lakecopy check");
    }
    JobConfig config = ConfigLoader.load(values.values());
    CheckJob.looksForExtras(config, own.contains(ONE_WAY));
    return new Parsed(config, own.contains(ONE_WAY), own.contains(DOWNLOAD));
  }
}
