package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SourceLayoutTest {
  private static final long MiB = 1024L * 1024;
  private static final String HEX = "6d1e2a1c9b0b8e3f5c7a4d2e1f0a9b8c";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "'\"" + HEX + "-3\"', 3",
      "'" + HEX + "-1', 1",
      "'\"" + HEX + "\"', 0",
      "'\"" + HEX + "-10001\"', 0",
      "'\"opaque-kms-etag\"', 0",
      "'\"" + HEX + "-x\"', 0",
      "'\"" + HEX + "-0\"', 0"})
  void partsOf_theCountAMultipartETagNames(String eTag, int parts) {
    assertThat(SourceLayout.partsOf(eTag)).isEqualTo(parts);
  }

  static Stream<Arguments> fromParts() {
    return Stream.of(
        // size, parts named by the ETag, part sizes, part size or -1
        Arguments.of(16 * MiB, 3, List.of(8 * MiB, 8 * MiB, 0L), -1L),
        Arguments.of(21 * MiB, 3, List.of(8 * MiB, 8 * MiB, 5 * MiB), 8 * MiB),
        Arguments.of(24 * MiB, 3, List.of(8 * MiB, 8 * MiB, 8 * MiB), 8 * MiB),
        Arguments.of(21 * MiB, 3, List.of(8 * MiB, 5 * MiB, 8 * MiB), -1L),   // unequal: not one part size
        Arguments.of(21 * MiB, 3, List.of(5 * MiB, 8 * MiB, 8 * MiB), -1L),   // the last larger
        Arguments.of(21 * MiB, 2, List.of(8 * MiB, 8 * MiB, 5 * MiB), -1L),   // other count than the ETag's
        Arguments.of(22 * MiB, 3, List.of(8 * MiB, 8 * MiB, 5 * MiB), -1L),   // sizes that do not add up
        Arguments.of(7 * MiB, 2, List.of(4 * MiB, 3 * MiB), -1L),             // below S3's 5 MiB
        Arguments.of(3 * MiB, 1, List.of(3 * MiB), 3 * MiB));                 // one part: any size
  }

  @ParameterizedTest
  @MethodSource
  void fromParts(long size, int n, List<Long> parts, long expected) {
    OptionalLong p = SourceLayout.fromParts(size, "\"" + HEX + "-" + n + "\"", parts);
    assertThat(p.isPresent() ? p.getAsLong() : -1L).isEqualTo(expected);
  }

  @ParameterizedTest(name = "size {0}, first part {1}, count {2} -> {3}")
  @CsvSource({
      "22020096, 8388608, 3, 8388608",     // 21 MiB in 8 MiB parts
      "22020096, 22020096, , -1",          // a store that ignored partNumber: the whole length, no count
      "22020096, 8388608, 2, -1",          // a count other than the ETag's
      "22020096, 5242880, 3, -1",          // 3 x 5 MiB cannot hold 21 MiB
      "22020096, 11010048, 3, -1"})        // 2 x 10.5 MiB already hold it
  void fromFirstPart(long size, long first, Integer count, long expected) {
    OptionalLong p = SourceLayout.fromFirstPart(size, "\"" + HEX + "-3\"", first, count);
    assertThat(p.isPresent() ? p.getAsLong() : -1L).isEqualTo(expected);
  }
}
