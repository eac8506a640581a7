package io.lakecopy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.testing.RequestType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A benchmark run that failed is printed as FAILED with the reason, never as a time, a rate or a ratio. */
class BenchmarkTableTest {

  private static Benchmark.Result result(int exitCode, long foundObjects, long foundBytes) {
    boolean ok = exitCode == 0 && foundObjects == 20_000 && foundBytes == 20_480_000;
    return new Benchmark.Result("W1", 20, "aws cli", "defaults", 10,
        new Benchmark.Measured(123.45, 0, exitCode, 61.2), Map.of(RequestType.COPY_OBJECT, 20_000L), 0.4, 20_000,
        20_480_000, foundObjects, foundBytes, ok, Map.of(), new TreeMap<>());
  }

  static Stream<Arguments> runs() {
    return Stream.of(
        Arguments.of(result(1, 20_000, 20_480_000), "FAILED: exit code 1, 20000 of 20000 objects"),
        Arguments.of(result(0, 19_990, 20_469_760), "FAILED: exit code 0, 19990 of 20000 objects and 20469760 of"),
        Arguments.of(result(0, 20_000, 20_479_999), "FAILED: exit code 0, 20000 of 20000 objects and 20479999 of"),
        Arguments.of(result(-1, 3, 3072), "FAILED: killed after the time limit, 3 of 20000 objects"));
  }

  @ParameterizedTest
  @MethodSource("runs")
  void failedRun_printedAsFailedWithItsReasonAndNoTimeOrRate(Benchmark.Result failed, String reason) {
    String row = Benchmark.tableRow(failed);

    assertThat(row).contains(reason).contains("| FAILED | 61.2 | – | – | – | – |");
    assertThat(row).doesNotContain("123.5").doesNotContain("| yes |");
    assertThat(row.split("\\|", -1)).hasSameSizeAs(Benchmark.TABLE_HEADER.lines().findFirst().orElseThrow()
        .split("\\|", -1));
  }

  @Test
  void completeRun_printsWallCpuAndRate() {
    String row = Benchmark.tableRow(result(0, 20_000, 20_480_000));

    // 20,000 objects in 123.45 s: 162 objects/s; 20,480,000 bytes: 0.2 MiB/s; 10 in flight at 20 ms: 500 req/s.
    assertThat(row).startsWith("| W1 | 20 ms | aws cli | defaults | 10 | 123.5 | 61.2 | – | 162 | 0.2 | 500 | 40% |")
        .endsWith("| 1.0000 | yes |").doesNotContain("FAILED");
    assertThat(row.split("\\|", -1)).hasSameSizeAs(Benchmark.TABLE_HEADER.lines().findFirst().orElseThrow()
        .split("\\|", -1));
  }

  @Test
  void cpuSeconds_userPlusSystemFromGnuTimeEvenAfterANonZeroExit(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("run.cpu");
    Files.writeString(file, "Command exited with non-zero status 1\n1.25 0.50\n");
    assertThat(Benchmark.cpuSeconds(file)).isEqualTo(1.75);

    Files.writeString(file, "Command terminated by signal 9\n");
    assertThat(Benchmark.cpuSeconds(file)).isNaN();
    assertThat(Benchmark.cpuSeconds(dir.resolve("absent.cpu"))).isNaN();
  }
}
