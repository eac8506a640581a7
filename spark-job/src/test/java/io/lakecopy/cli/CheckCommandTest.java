package io.lakecopy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.plan.CheckVerdict.Result;
import io.lakecopy.report.CheckSummary;
import io.lakecopy.s3.LakecopyException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The check's command line (bad input returns before Spark starts) and its exit codes, as a table. */
class CheckCommandTest {
  private static final String[] BASE = {"--source", "s3://src-bucket/lake/", "--dest", "s3://dst-bucket/copy/"};

  @Test
  void parse_oneWayAndDestination_areTheCheckFlags() {
    CheckCommand.Parsed parsed = CheckCommand.parse(new String[] {"--source", "s3://src-bucket/lake/",
        "--destination=s3://dst-bucket/copy/", "--one-way"});

    assertThat(parsed.oneWay()).isTrue();
    assertThat(parsed.download()).isFalse();
    assertThat(parsed.config().dest().toString()).isEqualTo("s3://dst-bucket/copy/");
  }

  @Test
  void parse_versionFlags_areRefusedNamingThem() {
    for (String flag : new String[] {"--all-versions", "--version-at=2026-11-01"}) {
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(BASE), java.util.stream.Stream.of(flag))
          .toArray(String[]::new);
      assertThatThrownBy(() -> CheckCommand.parse(args)).isInstanceOf(LakecopyException.class)
          .hasMessageContaining("--version-at and --all-versions are not flags of lakecopy check");
    }
  }

  @Test
  void parse_withoutOneWay_looksForExtras() {
    assertThat(CheckCommand.parse(BASE).oneWay()).isFalse();
  }

  @Test
  void parse_download_isTheChecksFlag() {
    CheckCommand.Parsed parsed = CheckCommand.parse(new String[] {"--download", "--source", "s3://src-bucket/lake/",
        "--dest", "s3://dst-bucket/copy/"});

    assertThat(parsed.download()).isTrue();
    assertThat(parsed.oneWay()).isFalse();
  }

  @Test
  void parse_downloadTwice_namesIt() {
    assertThatThrownBy(() -> CheckCommand.parse(new String[] {"--download", "--source", "s3://src-bucket/lake/",
        "--dest", "s3://dst-bucket/copy/", "--download"}))
        .isInstanceOf(LakecopyException.class).hasMessageContaining("--download is given more than once");
  }

  @Test
  void parse_rewrittenKeysWithKeyFilter_allowedOneWay() {
    assertThat(CheckCommand.parse(new String[] {"--source", "s3://src-bucket/lake/", "--dest", "s3://dst-bucket/copy/",
        "--dest-key-regex", "a", "--dest-key-replacement", "b", "--exclude", "*.tmp", "--one-way"}).oneWay()).isTrue();
  }

  @Test
  void parse_oneWayTwice_namesIt() {
    assertThatThrownBy(() -> CheckCommand.parse(new String[] {"--one-way", "--one-way", "--source",
        "s3://src-bucket/lake/", "--dest", "s3://dst-bucket/copy/"}))
        .isInstanceOf(LakecopyException.class).hasMessageContaining("--one-way");
  }

  static Stream<Arguments> destInventory() {
    return Stream.of(
        Arguments.of(new String[] {}, null),
        Arguments.of(new String[] {"--dest-inventory", "s3://inv/dst-bucket/all/manifest.json"},
            "s3://inv/dst-bucket/all/manifest.json"),
        Arguments.of(new String[] {"--dest-inventory=/data/inv/manifest.json", "--one-way"},
            "/data/inv/manifest.json"),
        Arguments.of(new String[] {"--one-way", "--dest-inventory", "file:/inv/manifest.json", "--download"},
            "file:/inv/manifest.json"));
  }

  @ParameterizedTest
  @MethodSource("destInventory")
  void parse_destInventory_isTheChecksFlag(String[] flags, String expected) {
    String[] args = Stream.concat(Stream.of(BASE), Stream.of(flags)).toArray(String[]::new);

    CheckCommand.Parsed parsed = CheckCommand.parse(args);

    assertThat(parsed.destInventory()).isEqualTo(java.util.Optional.ofNullable(expected));
    assertThat(parsed.config().dest().toString()).as("--dest is still the destination").isEqualTo(
        "s3://dst-bucket/copy/");
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of(new String[] {"--source", "s3://src-bucket/lake/", "--dest", "s3://dst-bucket/copy/", "--colour",
            "blue"}, "--colour"),
        Arguments.of(new String[] {"--source", "s3://src-bucket/lake/"}, "--dest"),
        Arguments.of(new String[] {"--source", "s3://src-bucket/lake/", "--dest", "s3://dst-bucket/copy/",
            "--list-page-size", "0"}, "--list-page-size"),
        Arguments.of(new String[] {"--source", "s3://src-bucket/lake/", "--destination", "s3://dst-bucket/copy/",
            "--dest", "s3://other/"}, "--dest"),
        Arguments.of(new String[] {"--source", "s3://src-bucket/lake/", "--dest", "s3://dst-bucket/copy/",
            "--flatten", "--include", "*.json"}, "--flatten (dest.flatten) with a key filter"),
        Arguments.of(new String[] {"--version"}, "--version"),
        Arguments.of(new String[] {"--source", "s3://src-bucket/lake/", "--dest", "s3://dst-bucket/copy/",
            "--dest-inventory"}, "--dest-inventory needs a value"),
        Arguments.of(new String[] {"--source", "s3://src-bucket/lake/", "--dest-inventory", "--dest",
            "s3://dst-bucket/copy/"}, "--dest-inventory needs a value"),
        Arguments.of(new String[] {"--source", "s3://src-bucket/lake/", "--dest", "s3://dst-bucket/copy/",
            "--dest-inventory="}, "--dest-inventory is empty"),
        Arguments.of(new String[] {"--source", "s3://src-bucket/lake/", "--dest", "s3://dst-bucket/copy/",
            "--dest-inventory", "a/manifest.json", "--dest-inventory=b/manifest.json"},
            "--dest-inventory is given more than once"));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void run_badInput_returns2NamingFlagAndPrintsNothing(String[] args, String flag) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = CheckCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("lakecopy check: ").contains(flag);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void run_help_printsCheckUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int code = CheckCommand.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: lakecopy check").contains("--one-way",
        "--dest-inventory MANIFEST_JSON");
  }

  static Stream<Arguments> exitCodes() {
    return Stream.of(
        Arguments.of(Map.of(Result.SAME, 3L), true, 0),
        Arguments.of(Map.of(), true, 0),
        Arguments.of(Map.of(Result.SAME, 3L, Result.UNVERIFIED, 2L), true, 0),
        Arguments.of(Map.of(Result.SAME, 3L, Result.MISSING, 1L), true, 1),
        Arguments.of(Map.of(Result.SAME, 3L, Result.DIFFER, 1L), false, 1),
        Arguments.of(Map.of(Result.SAME, 3L, Result.EXTRA, 1L), true, 1),
        Arguments.of(Map.of(Result.SAME, 3L, Result.EXTRA, 1L), false, 0));
  }

  @ParameterizedTest
  @MethodSource("exitCodes")
  void exitCode_counts_decide(Map<Result, Long> counts, boolean extrasChecked, int expected) {
    assertThat(CheckCommand.exitCode(new CheckSummary(counts, extrasChecked, Duration.ZERO))).isEqualTo(expected);
  }
}
