package io.lakecopy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** parseAge, and run() with bad input only: every case fails before a client is built, so no network. */
class CleanupCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void parseAge_eachUnit_givesThatDuration() {
    assertThat(CleanupCommand.parseAge("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(CleanupCommand.parseAge("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(CleanupCommand.parseAge("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(CleanupCommand.parseAge("45s")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void parseAge_zero_givesZero() {
    assertThat(CleanupCommand.parseAge("0s")).isZero();
  }

  @Test
  void parseAge_spacesAroundAndBetween_accepted() {
    assertThat(CleanupCommand.parseAge(" 5 m ")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void parseAge_upperCaseUnit_accepted() {
    assertThat(CleanupCommand.parseAge("12H")).isEqualTo(Duration.ofHours(12));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "5w", "-1h", "", "   ", "h", "5", "1.5h", "5m3s", "5 mins"})
  void parseAge_notAnAge_rejectedNamingFlagAndValue(String text) {
    assertThatThrownBy(() -> CleanupCommand.parseAge(text))
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining("--older-than")
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void parseAge_numberTooLargeForALong_rejectedNamingFlag() {
    assertThatThrownBy(() -> CleanupCommand.parseAge("99999999999999999999d"))
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining("--older-than");
  }

  @Test
  void parseAge_daysOverflowingADuration_rejectedNamingFlag() {
    assertThatThrownBy(() -> CleanupCommand.parseAge("9223372036854775807d"))
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining("--older-than");
  }

  @Test
  void run_missingDest_returns2NamingFlag() {
    int code = run("--older-than", "1h");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).startsWith("lakecopy cleanup: ").contains("--dest", "--help");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void run_destNotAnS3Uri_returns2NamingFlagAndValue() {
    int code = run("--dest", "http://x");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).startsWith("lakecopy cleanup: ").contains("--dest", "http://x");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void run_badOlderThan_returns2NamingFlag() {
    int code = run("--dest", "s3://dst-bucket/copy/", "--older-than", "soon");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("--older-than", "soon");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void run_maxAttemptsNotANumber_returns2NamingFlag() {
    int code = run("--dest", "s3://dst-bucket/copy/", "--max-attempts", "many");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("--max-attempts", "many");
  }

  @Test
  void run_unknownFlag_returns2NamingFlag() {
    int code = run("--dest", "s3://dst-bucket/copy/", "--colour", "blue");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("--colour");
  }

  @Test
  void run_ledgerLocationWithoutLedger_returns2NamingFlag(@TempDir Path empty) {
    int code = run("--dest", "s3://dst-bucket/copy/", "--ledger", empty.toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("no ledger at " + empty);
    assertThat(stdout()).isEmpty();
  }

  @Test
  void run_ledgerLocationWithoutLedger_namesLedgerFlagNotResume(@TempDir Path empty) {
    int code = run("--dest", "s3://dst-bucket/copy/", "--ledger", empty.toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("--ledger").doesNotContain("--resume");
  }

  @Test
  void run_badCredentialOptions_return2NamingTheFlagBeforeAnyRequest() {
    Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(List.of("--dest-role-arn", "arn:aws:iam::1:role/x"), "--dest-role-arn: 'arn:aws:iam::1:role/x'");
    cases.put(List.of("--dest-external-id", "ext-1"), "--dest-external-id is given without --dest-role-arn");
    cases.put(List.of("--dest-sts-endpoint", "http://127.0.0.1:9"), "--dest-sts-endpoint is given without"
        + " --dest-role-arn");
    cases.put(List.of("--dest-role-arn", "arn:aws:iam:::role/x", "--dest-sts-endpoint", "sts.example.com"),
        "--dest-sts-endpoint: STS endpoint must be an http(s)://host[:port] URL");
    cases.put(List.of("--dest-role-arn", "arn:aws:iam::111122223333:role/x", "--role-session-name", "a b"),
        "--role-session-name");
    cases.put(List.of("--expected-dest-owner", "12"), "--expected-dest-owner: '12' is not an AWS account id");
    for (var c : cases.entrySet()) {
      out.reset();
      err.reset();
      List<String> args = new java.util.ArrayList<>(List.of("--dest", "s3://dst-bucket/copy/",
          "--dest-endpoint", "http://127.0.0.1:9"));
      args.addAll(c.getKey());

      int code = run(args.toArray(String[]::new));

      assertThat(code).as("%s: %s", c.getKey(), stderr()).isEqualTo(2);
      assertThat(stderr()).contains(c.getValue());
    }
  }

  @Test
  void run_help_returns0AndPrintsTheOptions() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(stdout()).contains("lakecopy cleanup", "--dest", "--older-than", "--ledger", "--dry-run",
        "--dest-endpoint", "--dest-region", "--dest-profile", "--dest-role-arn", "--dest-external-id",
        "--role-session-name", "--requester-pays", "--expected-dest-owner", "--path-style", "--max-attempts", "Default: 24h",
        "Exit codes:");
    assertThat(stderr()).isEmpty();
  }

  private int run(String... args) {
    return CleanupCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
