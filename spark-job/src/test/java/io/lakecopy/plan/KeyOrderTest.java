package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyOrderTest {
  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("a", "a", 0),
        Arguments.of("a", "b", -1),
        Arguments.of("a", "a/", -1),
        Arguments.of("a/", "a0", -1),
        Arguments.of("a b", "a+b", -1),
        Arguments.of("a%", "a+", -1),
        Arguments.of("", "a", -1),
        Arguments.of("Z", "a", -1),
        Arguments.of("z", "é", -1),
        Arguments.of("é", "日", -1),
        // String.compareTo says the reverse: a surrogate (U+D83D) sorts before U+E000 in UTF-16
        Arguments.of("\uE000", "😀", -1),
        Arguments.of("\uFFFD", "😀", -1),
        Arguments.of("k😀", "k\uFFFF", 1),
        Arguments.of("😀", "😁", -1),
        Arguments.of("p/😀/x", "p/😀", 1));
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @MethodSource("pairs")
  void compare_pairs_followUtf8ByteOrder(String a, String b, int expected) {
    assertThat(Integer.signum(KeyOrder.compare(a, b))).isEqualTo(expected);
    assertThat(Integer.signum(KeyOrder.compare(b, a))).isEqualTo(-expected);
    assertThat(Integer.signum(KeyOrder.compare(a, b))).as("UTF-8 byte order")
        .isEqualTo(Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
            b.getBytes(StandardCharsets.UTF_8))));
  }

  @ParameterizedTest(name = "max({0}, {1})")
  @MethodSource("pairs")
  void max_pairs_isTheLaterKey(String a, String b, int order) {
    assertThat(KeyOrder.max(a, b)).isEqualTo(order >= 0 ? a : b);
  }
}
