package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.plan.LineNumbers.First;
import io.lakecopy.plan.LineNumbers.Split;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineNumbersTest {
  @Test
  void number_splitsOfSeveralFilesInAnyOrder_countAcrossFilesAndRestartInEachFile() {
    Split a1 = new Split(0, 0, 3);
    Split a2 = new Split(0, 134_217_728, 5);
    Split b1 = new Split(1, 0, 0);
    Split c1 = new Split(2, 0, 4);
    Split c2 = new Split(2, 500, 2);

    List<First> numbered = LineNumbers.number(List.of(c2, a2, b1, c1, a1));

    assertThat(numbered).containsExactly(new First(a1, 1, 1), new First(a2, 4, 4), new First(b1, 9, 1),
        new First(c1, 9, 1), new First(c2, 13, 5));
  }

  @Test
  void number_oneSplit_startsAtLineOne() {
    Split only = new Split(0, 0, 10_000_000);

    assertThat(LineNumbers.number(List.of(only))).containsExactly(new First(only, 1, 1));
  }

  @Test
  void number_noSplits_nothing() {
    assertThat(LineNumbers.number(List.of())).isEmpty();
  }

  @Test
  void number_twoSplitsStartingAtTheSameByte_rejected() {
    assertThatThrownBy(() -> LineNumbers.number(List.of(new Split(0, 0, 1), new Split(0, 0, 2))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start at byte 0");
  }

  @Test
  void split_negativeCount_rejected() {
    assertThatThrownBy(() -> new Split(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
