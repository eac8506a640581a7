package io.lakecopy.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {
  @Test
  void of_shortValue_unchanged() {
    assertThat(Excerpt.of("lake/dt=2026-11-01/part-00000.parquet")).isEqualTo("lake/dt=2026-11-01/part-00000.parquet");
  }

  @Test
  void of_tenMegabyteLine_firstTwoHundredCharactersAndTheLength() {
    String line = "k".repeat(10 * 1024 * 1024);

    String shown = Excerpt.of(line);

    assertThat(shown).isEqualTo("k".repeat(200) + "… (10485760 characters)");
  }

  @Test
  void of_exactlyTheLimit_notCut() {
    assertThat(Excerpt.of("x".repeat(200))).isEqualTo("x".repeat(200));
  }

  @Test
  void of_controlCharacters_writtenAsEscapes() {
    assertThat(Excerpt.of("a\rb\nc\td\u0000e\u0007f\u007f")).isEqualTo("a\\rb\\nc\\td\\u0000e\\u0007f\\u007f");
  }

  @Test
  void of_cutWouldSplitASurrogatePair_cutsBeforeIt() {
    String value = "x".repeat(199) + "😀" + "tail";

    assertThat(Excerpt.of(value)).isEqualTo("x".repeat(199) + "… (205 characters)");
  }

  @Test
  void of_null_saysNull() {
    assertThat(Excerpt.of(null)).isEqualTo("null");
  }
}
