package io.lakecopy.plan;

import io.lakecopy.config.FilterRule;
import io.lakecopy.config.KeyFilter;
import io.lakecopy.config.ObjectFilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which destination objects --delete removes, as a table. The source prefix is {@code data/}; every destination
 * key here is relative to --dest, and maps back to the same key relative to --source.
 */
class DeleteScopeTest {
  private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");
  private static final ObjectFilter NONE = ObjectFilter.globsOnly(new KeyFilter(List.of()));

  static Stream<Arguments> table() {
    ObjectFilter parquetOnly = ObjectFilter.globsOnly(new KeyFilter(List.of(new FilterRule(false, "*"),
        new FilterRule(true, "*.parquet"))));
    ObjectFilter noTmp = ObjectFilter.globsOnly(new KeyFilter(List.of(new FilterRule(false, "tmp/*"))));
    ObjectFilter pattern = new ObjectFilter(new KeyFilter(List.of()), Optional.of(Pattern.compile("data/keep/.*")), 0,
        Long.MAX_VALUE, Optional.empty(), Optional.empty());
    ObjectFilter minSize = new ObjectFilter(new KeyFilter(List.of()), Optional.empty(), 100, Long.MAX_VALUE,
        Optional.empty(), Optional.empty());
    ObjectFilter after = new ObjectFilter(new KeyFilter(List.of()), Optional.empty(), 0, Long.MAX_VALUE,
        Optional.of(T), Optional.empty());
    ObjectFilter before = new ObjectFilter(new KeyFilter(List.of()), Optional.empty(), 0, Long.MAX_VALUE,
        Optional.empty(), Optional.of(T));
    List<String> none = List.of();
    return Stream.of(
        // filter, prefixes file, destination key, size, last modified, a listed source maps to it -> kept because
        row(NONE, none, "a.json", 10, T, true, "a source maps to it"),
        row(NONE, none, "_SUCCESS", 0, T, false, "the completion marker"),
        row(NONE, none, "orphan", 10, T, false, null),
        // a filtered-out source still maps to its copy: size/time/pattern filters never delete existing copies
        row(minSize, none, "small", 10, T, true, "a source maps to it"),
        row(after, none, "old", 10, T.minusSeconds(86_400), true, "a source maps to it"),
        row(parquetOnly, none, "a.json", 10, T, false, "excluded by the key filters"),
        row(parquetOnly, none, "a.parquet", 10, T, false, null),
        row(noTmp, none, "tmp/x", 10, T, false, "excluded by the key filters"),
        row(noTmp, none, "keep/x", 10, T, false, null),
        // --src-pattern is matched against the source key the destination key maps back to, not the destination key
        row(pattern, none, "keep/x", 10, T, false, null),
        row(pattern, none, "other/x", 10, T, false, "excluded by the key filters"),
        row(NONE, List.of("2024/"), "2023/x", 10, T, false, "not under a --src-prefixes-file prefix"),
        row(NONE, List.of("2024/", "2025/"), "2025/x", 10, T, false, null),
        row(minSize, none, "small-orphan", 50, T, false, "outside the size or time filters"),
        row(minSize, none, "big-orphan", 150, T, false, null),
        row(after, none, "orphan-before", 10, T.minusSeconds(1), false, "outside the size or time filters"),
        row(after, none, "orphan-after", 10, T.plusSeconds(1), false, null),
        row(after, none, "orphan-unknown-time", 10, null, false, "outside the size or time filters"),
        row(before, none, "orphan-after", 10, T.plusSeconds(1), false, "outside the size or time filters"),
        row(before, none, "orphan-before", 10, T.minusSeconds(1), false, null));
  }

  private static Arguments row(ObjectFilter filter, List<String> prefixes, String key, long size, Instant modified,
      boolean sourceMapsHere, String keptBecause) {
    return Arguments.of(filter, prefixes, key, size, modified, sourceMapsHere, keptBecause);
  }

  @ParameterizedTest(name = "{2} (size {3}, modified {4}, source maps here {5}) -> kept because: {6}")
  @MethodSource("table")
  void keepReason_table(ObjectFilter filter, List<String> prefixes, String key, long size, Instant modified,
      boolean sourceMapsHere, String keptBecause) {
    DeleteScope scope = new DeleteScope("data/", filter, prefixes, Optional.of("_SUCCESS"));

    assertThat(scope.keepReason(key, size, modified, sourceMapsHere)).isEqualTo(Optional.ofNullable(keptBecause));
    assertThat(scope.deletes(key, size, modified, sourceMapsHere)).isEqualTo(keptBecause == null);
  }
}
