package io.lakecopy.cli;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.ConfigLoader;
import io.lakecopy.config.JobConfig;
import io.lakecopy.job.CheckJob;
import io.lakecopy.report.CheckSummary;
import io.lakecopy.s3.LakecopyException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lakecopy check}: compares --source (or --manifest) with --dest by key, size and ETag, with the copy's key
 * mapping and filters, and reports one row per key. It takes the copy's flags (those that only shape copies are
 * checked and then have no effect), plus {@code --one-way}, {@code --download} and {@code --dest-inventory};
 * {@code --destination} is another name for --dest.
 */
final class CheckCommand {
  static final String ONE_WAY = "--one-way";
  static final String DOWNLOAD = "--download";
  static final String DEST_INVENTORY = CheckJob.DEST_INVENTORY;
  private static final String DESTINATION = "--destination";

  static final String HELP = String.join("\n",
      "Usage: lakecopy check --source URI | --manifest FILE_OR_URI --dest URI [--one-way] [--download]",
      "                      [--dest-inventory MANIFEST_JSON] [copy flags]",
      "Compares the source objects with the objects at their destination keys, by key, size and ETag (where the",
      "two ETags can be compared), with the copy's key mapping and filters. Writes nothing to either bucket and",
      "(unless --download) reads no object's bytes; with --report, writes one row per key: same, differ, missing,",
      "extra, unverified.",
      "",
      "      --one-way              Only look for the source objects at the destination: report no extra objects.",
      "      --download             Compare the bytes of every two objects of one size (GETs both, in fixed",
      "                             buffers), not their ETags: slower, and the transfer may cost.",
      "      --dest-inventory MANIFEST_JSON",
      "                             The destination side from this S3 Inventory of --dest's bucket (its manifest.json,",
      "                             s3:// or a file system path; CSV, Parquet or ORC, with Size and ETag) instead of",
      "                             a listing: current objects under --dest as of the inventory's date. Default: none.",
      "      --destination URI      The same as --dest.",
      "  The copy's flags select, map and reach the objects as for the copy (see lakecopy --help): --source, --dest,",
      "  --manifest, --include/--exclude, --src-pattern, --min-size ..., --dest-key-regex, --flatten, endpoints,",
      "  credentials, --report, --report-format; --ledger names the check's own working directory.",
      "",
      "Exit codes:",
      "  0  every source object is at the destination and the same (unverified ones included), and nothing extra",
      "  1  something is missing, differs, or (without --one-way) is extra: see the report",
      "  2  invalid input (flag, config key, URI, manifest line, bucket, --dest-inventory); nothing was written",
      "  3  the check could not run (endpoint unreachable, access denied, Spark failure)",
      "");

  private CheckCommand() {}

  /** The parsed command line: the copy's flags as config values, --one-way, --download and --dest-inventory. */
  record Parsed(JobConfig config, boolean oneWay, boolean download, Optional<String> destInventory) {
    Parsed {
      requireNonNull(config, "config is null");
      requireNonNull(destInventory, "destInventory is null");
    }
  }

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
    CheckJob job = new CheckJob(spark, parsed.config(), parsed.oneWay(), parsed.download(), parsed.destInventory(),
        CheckCommand::exitCode);
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
    String destInventory = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals(ONE_WAY) || arg.equals(DOWNLOAD) || arg.equals(DEST_INVENTORY)
          || arg.startsWith(DEST_INVENTORY + "=")) {
        String flag = arg.startsWith(DEST_INVENTORY) ? DEST_INVENTORY : arg;
        if (!own.add(flag)) {
          throw LakecopyException.invalidInput(flag + " is given more than once; give it once");
        }
        if (flag.equals(DEST_INVENTORY)) {
          destInventory = arg.equals(DEST_INVENTORY) ? value(args, ++i) : arg.substring(DEST_INVENTORY.length() + 1);
          if (destInventory.isBlank()) {
            throw LakecopyException.invalidInput(DEST_INVENTORY + " is empty: give an S3 Inventory manifest.json");
          }
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
    if (config.versions().listed()) {
      throw LakecopyException.invalidInput("--version-at and --all-versions are not flags of lakecopy check: it"
          + " compares the current objects of both sides");
    }
    CheckJob.looksForExtras(config, own.contains(ONE_WAY));
    return new Parsed(config, own.contains(ONE_WAY), own.contains(DOWNLOAD), Optional.ofNullable(destInventory));
  }

  /** The value of the flag before {@code args[i]}. */
  private static String value(String[] args, int i) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw LakecopyException.invalidInput(DEST_INVENTORY + " needs a value: an S3 Inventory manifest.json");
    }
    return args[i];
  }
}
