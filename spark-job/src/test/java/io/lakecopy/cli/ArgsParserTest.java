package io.lakecopy.cli;

import static io.lakecopy.s3.S3Limits.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakecopy.config.CliOption;
import io.lakecopy.config.ConfigLoader;
import io.lakecopy.config.FilterRule;
import io.lakecopy.config.JobConfig;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgsParserTest {
  private static final String[] SOURCE_AND_DEST = {"--source", "s3://src-bucket/lake", "--dest", "s3://dst-bucket/copy"};

  @Test
  void parse_unknownFlag_throwsInvalidInputNamingFlag() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ArgsParser.parse("--source", "s3://src-bucket/lake", "--parts-size", "64MiB"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--parts-size", "--help");
  }

  @Test
  void parse_flagWithoutValue_throwsInvalidInputNamingFlag() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ArgsParser.parse("--source", "s3://src-bucket/lake", "--part-size"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--part-size");
  }

  @Test
  void parse_valueFlags_storedUnderTheirKeys() {
    ArgsParser.Parsed parsed = ArgsParser.parse("--source", "s3://src-bucket/lake", "--dest", "s3://dst-bucket/copy",
        "--part-size", "64MiB", "--max-concurrency", "8", "--report-format", "csv", "--source-region", "eu-west-1");

    assertThat(parsed.text()).isEmpty();
    assertThat(parsed.values()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "source.uri", "s3://src-bucket/lake", "dest.uri", "s3://dst-bucket/copy", "copy.part-size", "64MiB",
        "copy.max-concurrency", "8", "report.format", "csv", "source.region", "eu-west-1"));
  }

  @Test
  void parse_includeExcludeInterleaved_keepsCommandLineOrder() {
    ArgsParser.Parsed parsed = ArgsParser.parse(with("--exclude", "*", "--include", "*.parquet", "--exclude",
        "_tmp/*", "--include", "_tmp/keep.parquet"));

    assertThat(parsed.values().get("filter.rules"))
        .isEqualTo("exclude:*\ninclude:*.parquet\nexclude:_tmp/*\ninclude:_tmp/keep.parquet");
    JobConfig config = ConfigLoader.load(parsed.values());
    assertThat(config.filters()).containsExactly(new FilterRule(false, "*"), new FilterRule(true, "*.parquet"),
        new FilterRule(false, "_tmp/*"), new FilterRule(true, "_tmp/keep.parquet"));
  }

  @Test
  void parse_twoRulesWithCommasInGlobs_keepsCommas() {
    ArgsParser.Parsed parsed = ArgsParser.parse(with("--include", "a,b*", "--exclude", "*,tmp"));

    assertThat(ConfigLoader.load(parsed.values()).filters())
        .containsExactly(new FilterRule(true, "a,b*"), new FilterRule(false, "*,tmp"));
  }
  @Test
  void parse_singleRuleWithCommaInGlob_keepsComma() {
    ArgsParser.Parsed parsed = ArgsParser.parse(with("--include", "year=2024,month=01/*"));

    assertThat(ConfigLoader.load(parsed.values()).filters())
        .containsExactly(new FilterRule(true, "year=2024,month=01/*"));
  }

  @Test
  void parse_flagsAndConfFile_flagsOverrideFileValues(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("lakecopy.properties");
    Files.writeString(conf, String.join("\n",
        "source.uri=s3://src-bucket/from-file",
        "dest.uri=s3://dst-bucket/from-file",
        "copy.part-size=64MiB",
        "copy.max-concurrency=4",
        "filter.rules=include:*.csv"), StandardCharsets.UTF_8);

    ArgsParser.Parsed parsed = ArgsParser.parse("--part-size", "32MiB", "--conf-file", conf.toString(),
        "--source", "s3://src-bucket/from-flag", "--exclude", "*.tmp");

    assertThat(parsed.values()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "source.uri", "s3://src-bucket/from-flag",
        "dest.uri", "s3://dst-bucket/from-file",
        "copy.part-size", "32MiB",
        "copy.max-concurrency", "4",
        "filter.rules", "exclude:*.tmp"));
    JobConfig config = ConfigLoader.load(parsed.values());
    assertThat(config.partSizeBytes()).isEqualTo(32 * MiB);
    assertThat(config.maxConcurrency()).isEqualTo(4);
  }

  @Test
  void parse_confFileWithUnknownKey_throwsNamingKey(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("bad.properties");
    Files.writeString(conf, "dest.uri=s3://dst-bucket/x\nsource.url=s3://src-bucket/lake\n", StandardCharsets.UTF_8);

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ArgsParser.parse("--conf-file", conf.toString()));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("source.url");
  }

  @Test
  void parse_switches_storeTheirKeyValues() {
    ArgsParser.Parsed parsed = ArgsParser.parse(with("--dry-run", "--path-style", "--no-tags", "--skip-missing"));

    assertThat(parsed.values()).containsEntry("run.dry-run", "true")
        .containsEntry("s3.path-style", "true")
        .containsEntry("copy.tags", "false")
        .containsEntry("source.skip-missing", "true");
    JobConfig config = ConfigLoader.load(parsed.values());
    assertThat(config.dryRun()).isTrue();
    assertThat(config.destClient().pathStyle()).isTrue();
    assertThat(config.copyTags()).isFalse();
    assertThat(config.skipMissing()).isTrue();
  }

  @Test
  void parse_switchesAbsent_storeNothing() {
    ArgsParser.Parsed parsed = ArgsParser.parse(SOURCE_AND_DEST);

    assertThat(parsed.values()).containsOnlyKeys("source.uri", "dest.uri");
  }

  @Test
  void parse_everySwitch_storesItsSwitchValue() {
    for (CliOption option : CliOption.values()) {
      option.switchValue().ifPresent(value ->
          assertThat(ArgsParser.parse(with(option.flag())).values()).as(option.flag())
              .containsEntry(option.key(), value));
    }
  }

  @Test
  void parse_help_returnsUsageWithEveryFlagAndExitCodes() {
    ArgsParser.Parsed parsed = ArgsParser.parse("--help");

    assertThat(parsed.values()).isEmpty();
    assertThat(parsed.text()).hasValueSatisfying(text -> {
      for (CliOption option : CliOption.values()) {
        assertThat(text).as(option.flag()).contains(option.flag());
      }
      assertThat(text).contains(CliOption.CONF_FILE_FLAG, "Exit codes:", "0  every object copied",
          "1  some objects failed", "2  invalid input", "3  the job could not run", "Default: 128MiB.");
    });
  }

  @Test
  void parse_version_returnsVersionText() {
    assertThat(ArgsParser.parse("--version").text()).hasValueSatisfying(t -> assertThat(t).startsWith("lakecopy "));
  }

  private static String[] with(String... more) {
    String[] all = new String[SOURCE_AND_DEST.length + more.length];
    System.arraycopy(SOURCE_AND_DEST, 0, all, 0, SOURCE_AND_DEST.length);
    System.arraycopy(more, 0, all, SOURCE_AND_DEST.length, more.length);
    return all;
  }

  @Test
  void parse_valueFlagGivenTwice_throwsNamingFlagAndBothValues() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ArgsParser.parse(with("--part-size", "64MiB", "--report", "/tmp/r", "--part-size", "32MiB")));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).isEqualTo("--part-size (copy.part-size) is given more than once ('64MiB', then"
        + " '32MiB'); give it once (only --include and --exclude repeat)");
  }

  @Test
  void parse_destGivenTwice_throwsNamingDest() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ArgsParser.parse("--source", "s3://src-bucket/lake", "--dest", "s3://dst-bucket/a", "--dest",
            "s3://dst-bucket/b"));

    assertThat(e.getMessage()).startsWith("--dest (dest.uri) is given more than once");
  }

  @Test
  void parse_switchGivenTwice_throwsNamingSwitch() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ArgsParser.parse(with("--dry-run", "--dry-run")));

    assertThat(e.getMessage()).isEqualTo("--dry-run (run.dry-run) is given more than once; give it once (only"
        + " --include and --exclude repeat)");
  }

  @Test
  void parse_confFileGivenTwice_throwsNamingConfFile(@TempDir Path dir) throws IOException {
    Path a = Files.writeString(dir.resolve("a.properties"), "copy.part-size=64MiB\n");
    Path b = Files.writeString(dir.resolve("b.properties"), "copy.part-size=32MiB\n");

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ArgsParser.parse(with("--conf-file", a.toString(), "--conf-file", b.toString())));

    assertThat(e.getMessage()).startsWith("--conf-file is given more than once");
  }

  @Test
  void parse_everyNonRepeatableFlagTwice_rejected() {
    for (CliOption option : CliOption.values()) {
      if (option.repeatable() || option == CliOption.SOURCE || option == CliOption.DEST) {
        continue;
      }
      String[] once = option.paramLabel().isPresent() ? new String[] {option.flag(), "1"} : new String[] {option.flag()};
      String[] twice = java.util.stream.Stream.concat(java.util.Arrays.stream(once), java.util.Arrays.stream(once))
          .toArray(String[]::new);

      LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ArgsParser.parse(with(twice)));

      assertThat(e).as(option.flag()).isNotNull();
      assertThat(e.getMessage()).as(option.flag()).startsWith(option.display() + " is given more than once");
    }
  }

  @Test
  void parse_repeatableFlagsGivenTwice_bothKept() {
    ArgsParser.Parsed parsed = ArgsParser.parse(with("--include", "*.parquet", "--include", "*.json", "--exclude",
        "tmp/*", "--exclude", "_*"));

    assertThat(parsed.values().get("filter.rules"))
        .isEqualTo("include:*.parquet\ninclude:*.json\nexclude:tmp/*\nexclude:_*");
  }
}
