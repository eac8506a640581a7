package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Byte comparison of two streams across buffer boundaries, as a table. */
class SameBytesTest {
  private static final int B = SameBytes.BUFFER_BYTES;

  static Stream<Arguments> table() {
    byte[] big = new byte[3 * B + 17];
    new Random(7).nextBytes(big);
    byte[] lastByte = big.clone();
    lastByte[lastByte.length - 1]++;
    byte[] atBoundary = big.clone();
    atBoundary[B]++;
    byte[] shorter = java.util.Arrays.copyOf(big, big.length - 1);
    return Stream.of(
        Arguments.of("both empty", new byte[0], new byte[0], true),
        Arguments.of("empty and one byte", new byte[0], new byte[1], false),
        Arguments.of("one byte and empty", new byte[1], new byte[0], false),
        Arguments.of("same, several buffers", big, big.clone(), true),
        Arguments.of("last byte differs", big, lastByte, false),
        Arguments.of("first byte of the second buffer differs", big, atBoundary, false),
        Arguments.of("one byte shorter", big, shorter, false),
        Arguments.of("one byte longer", shorter, big, false),
        Arguments.of("exactly one buffer", java.util.Arrays.copyOf(big, B), java.util.Arrays.copyOf(big, B), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void of_twoStreams_sameOnlyWhenEveryByteIs(String name, byte[] a, byte[] b, boolean same) throws IOException {
    assertThat(SameBytes.of(new ByteArrayInputStream(a), new ByteArrayInputStream(b))).isEqualTo(same);
  }
}
