package io.lakecopy.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.S3Location;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** plan/_PLANNED: a resumed run reads back exactly the totals and the probe's source the plan wrote. */
class PlannerStatsTest {
  @ParameterizedTest
  @ValueSource(strings = {"lake/a.csv", "", "odd\nkey\\with=equals:colon #hash", " leading space", "日本/😀.bin"})
  void toProperties_fromProperties_roundTripsAnyKey(String key) {
    Planner.Stats stats = new Planner.Stats(10, 8, 1234, 6, 2, 1, 20, 1, 1, 0, 3, 4, 2,
        Optional.of(new S3Location("src-bucket", key)));

    assertThat(Planner.Stats.fromProperties(stats.toProperties())).isEqualTo(stats);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void toProperties_noProbeSource_readsBackEmpty(int waves) {
    Planner.Stats stats = new Planner.Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, waves, Optional.empty());

    assertThat(Planner.Stats.fromProperties(stats.toProperties())).isEqualTo(stats);
  }
}
