package io.lakecopy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KeyMapperTest {

  @Test
  void map_regexReplacement_renamesPartitionColumn() {
    KeyMapper m = new KeyMapper(Optional.of(Pattern.compile("dt=([^/]+)")), "date=$1", false);

    assertThat(m.map("events/dt=2026-11-01/part-0.parquet")).isEqualTo("events/date=2026-11-01/part-0.parquet");
    assertThat(m.map("events/other/part-0.parquet")).isEqualTo("events/other/part-0.parquet");
  }

  @Test
  void map_flatten_keepsLastSegment() {
    KeyMapper m = new KeyMapper(Optional.empty(), "", true);

    assertThat(m.map("a/b/c.txt")).isEqualTo("c.txt");
    assertThat(m.map("top.txt")).isEqualTo("top.txt");
    assertThat(m.map("a/dir-marker/")).isEqualTo("dir-marker/");
  }

  @Test
  void map_regexWithoutGroups_replacesEveryMatch() {
    KeyMapper m = new KeyMapper(Optional.of(Pattern.compile("dt=")), "date=", false);

    assertThat(m.map("x/dt=1/a")).isEqualTo("x/date=1/a");
  }
}
