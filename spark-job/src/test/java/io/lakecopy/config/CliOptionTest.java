package io.lakecopy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliOptionTest {

  @Test
  void values_flags_areUniqueAndLongForm() {
    List<String> flags = Arrays.stream(CliOption.values()).map(CliOption::flag).toList();

    assertThat(flags).doesNotHaveDuplicates().allSatisfy(f -> assertThat(f).matches("--[a-z][a-z-]+"));
    assertThat(flags).doesNotContain(CliOption.CONF_FILE_FLAG);
  }

  @Test
  void values_keys_shareOnlyForIncludeAndExclude() {
    Map<String, Long> keyCounts = Arrays.stream(CliOption.values())
        .collect(java.util.stream.Collectors.groupingBy(CliOption::key, java.util.stream.Collectors.counting()));

    assertThat(keyCounts).allSatisfy((key, count) ->
        assertThat(count).as(key).isEqualTo(key.equals("filter.rules") ? 2L : 1L));
  }

  @Test
  void values_switches_haveSwitchValueAndNoParameter() {
    for (CliOption o : CliOption.values()) {
      assertThat(o.paramLabel().isEmpty()).as(o.flag()).isEqualTo(o.switchValue().isPresent());
      o.switchValue().ifPresent(v -> assertThat(o.defaultValue()).as(o.flag()).isPresent().isNotEqualTo(
          java.util.Optional.of(v)));
    }
  }

  @Test
  void forKey_knownAndUnknownKeys_findsOption() {
    assertThat(CliOption.forKey("copy.part-size")).contains(CliOption.PART_SIZE);
    assertThat(CliOption.forKey("copy.partsize")).isEmpty();
  }

  @Test
  void display_anyOption_namesFlagAndKey() {
    assertThat(CliOption.MAX_CONCURRENCY.display()).isEqualTo("--max-concurrency (copy.max-concurrency)");
  }

  @Test
  void values_every_hasHelpText() {
    assertThat(CliOption.values()).allSatisfy(o -> assertThat(o.help()).as(o.flag()).isNotBlank());
  }
}
