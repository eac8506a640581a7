package io.lakecopy.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupTimesTest {

  @Test
  void render_eachPhasesOwnDurationAndTheTimeFromTheJvmStartToTheLast() {
    StartupTimes t = new StartupTimes(10_000);
    t.mark("arguments", 10_310);
    t.mark("Spark session", 11_730);
    t.mark("checks", 11_940);
    t.mark("plan", 12_150);
    t.mark("first copy", 12_200);

    assertThat(t.render()).isEqualTo("start-up  JVM -> arguments 0.31 s -> Spark session 1.42 s -> checks 0.21 s"
        + " -> plan 0.21 s -> first copy 0.05 s (first copy 2.20 s after the JVM started)");
    assertThat(t.secondsTo("Spark session")).isEqualTo(1.73);
  }

  @Test
  void mark_aPhaseMarkedAgain_keepsItsFirstTime() {
    StartupTimes t = new StartupTimes(0);
    t.mark("first copy", 2_000);
    t.mark("first copy", 9_000); // the second wave

    assertThat(t.secondsTo("first copy")).isEqualTo(2.0);
    assertThat(t.render()).isEqualTo("start-up  JVM -> first copy 2.00 s (first copy 2.00 s after the JVM started)");
  }

  @Test
  void render_nothingMarked_onlyTheJvm() {
    StartupTimes t = new StartupTimes(0);

    assertThat(t.render()).isEqualTo("start-up  JVM");
    assertThat(t.secondsTo("plan")).isEqualTo(-1.0);
  }
}
