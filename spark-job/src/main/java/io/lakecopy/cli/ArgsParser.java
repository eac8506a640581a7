package io.lakecopy.cli;

import io.lakecopy.config.CliOption;
import io.lakecopy.config.ConfigLoader;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Builds the command line from {@link CliOption} (picocli, programmatic) and turns arguments into
 * config-key values: the config file's values first, flags over them.
 */
public final class ArgsParser {
  static final String VERSION = "lakecopy 0.1.0";

  /** The outcome of parsing: either help/version text to print, or the merged config values. */
  public record Parsed(Optional<String> text, Map<String, String> values) {}

  private ArgsParser() {}

  /** @throws LakecopyException INVALID_INPUT naming the flag at fault, or a flag given twice */
  public static Parsed parse(String... args) {
    Map<String, String> flags = new LinkedHashMap<>();
    String[] confFile = {null};
    Occurrences seen = new Occurrences();
    CommandLine cli = new CommandLine(spec(flags, confFile, seen));
    // Picocli would reject a repeated --include; Occurrences rejects every other repeated flag instead.
    cli.setOverwrittenOptionsAllowed(true);
    try {
      cli.parseArgs(args);
    } catch (ParameterException e) {
      throw LakecopyException.invalidInput(e.getMessage() + " (run with --help for the options)");
    }
    seen.checkNoneRepeated();
    if (cli.isUsageHelpRequested()) {
      return new Parsed(Optional.of(usage()), Map.of());
    }
    if (cli.isVersionHelpRequested()) {
      return new Parsed(Optional.of(VERSION + "\n"), Map.of());
    }
    Map<String, String> values = new HashMap<>();
    if (confFile[0] != null) {
      values.putAll(ConfigLoader.readConfFile(Path.of(confFile[0])));
    }
    values.putAll(flags);
    return new Parsed(Optional.empty(), values);
  }

  /** The full --help text. */
  public static String usage() {
    StringWriter out = new StringWriter();
    new CommandLine(spec(new HashMap<>(), new String[1], new Occurrences())).usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
    return out.toString();
  }

  private static CommandSpec spec(Map<String, String> flags, String[] confFile, Occurrences seen) {
    CommandSpec spec = CommandSpec.create().name("lakecopy").version(VERSION);
    spec.mixinStandardHelpOptions(true);
    spec.usageMessage()
        .width(110)
        .sortOptions(false)
        .abbreviateSynopsis(true)
        .description("Copies S3 objects server-side (CopyObject / UploadPartCopy), planned on the Spark driver and"
            + " copied by the executors; writes a per-object report.")
        .footerHeading("%nExit codes:%n")
        .footer("  0  every object copied", "  1  some objects failed (see the report)",
            "  2  invalid input (flag, config key, URI, manifest line, bucket); nothing was written",
            "  3  the job could not run (endpoint unreachable, access denied, Spark failure)",
            "", "Abort stale multipart uploads: lakecopy cleanup --dest URI --older-than AGE [--dry-run] (see cleanup --help)",
            "Compare a source with its copy: lakecopy check --source URI --dest URI [--one-way] (see check --help)");
    spec.addOption(OptionSpec.builder(CliOption.CONF_FILE_FLAG).paramLabel("FILE").type(String.class)
        .description("Config file of key=value lines (see conf/lakecopy.properties); flags override it.")
        .setter(new Setter(v -> {
          seen.add(CliOption.CONF_FILE_FLAG, v);
          confFile[0] = v;
        })).build());
    for (CliOption option : CliOption.values()) {
      spec.addOption(optionSpec(option, flags, seen));
    }
    return spec;
  }

  private static OptionSpec optionSpec(CliOption option, Map<String, String> flags, Occurrences seen) {
    String help = option.help() + option.defaultValue()
        .filter(d -> option.paramLabel().isPresent()).map(d -> " Default: " + d + ".").orElse("");
    OptionSpec.Builder b = OptionSpec.builder(option.flag()).description(help);
    if (option.paramLabel().isEmpty()) {
      return b.arity("0").type(boolean.class)
          .setter(new Setter(v -> {
            if ("true".equals(v)) {
              seen.add(option.display(), "");
              flags.put(option.key(), option.switchValue().orElseThrow());
            }
          })).build();
    }
    return b.arity("1").paramLabel(option.paramLabel().get()).type(String.class)
        .setter(new Setter(v -> {
          if (!option.repeatable()) {
            seen.add(option.display(), v);
          }
          record(option, v, flags);
        })).build();
  }

  /**
   * The flags given so far, to reject one given twice: picocli would keep the last value silently,
   * and a run with two --dest values is a mistake to report, not to guess at.
   */
  private static final class Occurrences {
    private final Map<String, String> first = new HashMap<>();
    private String repeated;

    void add(String flag, String value) {
      String earlier = first.putIfAbsent(flag, value);
      if (earlier != null && repeated == null) {
        repeated = flag + " is given more than once" + (value.isEmpty() ? "" : " ('" + Excerpt.of(earlier)
            + "', then '" + Excerpt.of(value) + "')") + "; give it once (only --include and --exclude repeat)";
      }
    }

    void checkNoneRepeated() {
      if (repeated != null) {
        throw LakecopyException.invalidInput(repeated);
      }
    }
  }

  private static void record(CliOption option, String value, Map<String, String> flags) {
    if (option == CliOption.INCLUDE || option == CliOption.EXCLUDE) {
      String rule = (option == CliOption.INCLUDE ? "include:" : "exclude:") + value;
      flags.merge(option.key(), rule, (a, b) -> a + ConfigLoader.FILTER_SEPARATOR + b);
    } else {
      flags.put(option.key(), value);
    }
  }

  /** Picocli calls a setter once per occurrence, in command-line order, which keeps filters ordered. */
  private record Setter(java.util.function.Consumer<String> sink) implements ISetter {
    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
      if (value != null) {
        sink.accept(String.valueOf(value));
      }
      return null;
    }
  }
}
