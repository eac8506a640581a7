package io.lakecopy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterRuleTest {

  @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
  @CsvSource(delimiter = '|', value = {
      "*.parquet        | a.parquet                | true",
      "*.parquet        | year=2024/m=01/a.parquet | true", // * matches /
      "*.parquet        | a.parquet.tmp            | false",
      "data/*           | data/x/y/z               | true",
      "data/*           | other/data/x             | false",
      "part-?.csv       | part-1.csv               | true",
      "part-?.csv       | part-12.csv              | false",
      "a?b              | a/b                      | true", // ? matches / too
      "part-[abc].csv   | part-b.csv               | true",
      "part-[abc].csv   | part-d.csv               | false",
      "part-[!abc].csv  | part-d.csv               | true",
      "part-[!abc].csv  | part-a.csv               | false",
      "part-[0-9].csv   | part-7.csv               | true",
      "part-[0-9].csv   | part-x.csv               | false",
      "a.b              | a.b                      | true", // . is literal
      "a.b              | axb                      | false",
      "a+b              | a+b                      | true", // + is literal
      "a+b              | aab                      | false",
      "f(1)             | f(1)                     | true", // ( ) are literal
      "f(1)             | f1                       | false",
  })
  void matches_awsCliGlob_followsGlobSemantics(String glob, String key, boolean expected) {
    assertThat(new FilterRule(true, glob).matches(key)).isEqualTo(expected);
  }

  @Test
  void matches_regexMetacharacters_areLiteral() {
    FilterRule rule = new FilterRule(true, "a|b$^{2}\\d\\Q.E");

    assertThat(rule.matches("a|b$^{2}\\d\\Q.E")).isTrue();
    assertThat(rule.matches("a")).isFalse();
    assertThat(rule.matches("a|b$^{2}5\\Q.E")).isFalse();
  }

  @Test
  void matches_keyWithNewline_starStillMatches() {
    assertThat(new FilterRule(true, "*.csv").matches("odd\nkey.csv")).isTrue();
  }

  @Test
  void new_unclosedBracket_throws() {
    assertThatThrownBy(() -> new FilterRule(true, "part-[abc.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("part-[abc.csv");
  }

  @Test
  void new_emptyGlob_throws() {
    assertThatThrownBy(() -> new FilterRule(false, "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void asConfigValue_includeAndExclude_prefixKind() {
    assertThat(new FilterRule(true, "*.csv").asConfigValue()).isEqualTo("include:*.csv");
    assertThat(new FilterRule(false, "tmp/*").asConfigValue()).isEqualTo("exclude:tmp/*");
  }
  @Test
  void matches_caretAndAmpersandInSet_areLiteralAsInAwsCli() {
    assertThat(new FilterRule(true, "[^a]").matches("^")).isTrue();
    assertThat(new FilterRule(true, "[^a]").matches("a")).isTrue();
    assertThat(new FilterRule(true, "[^a]").matches("b")).isFalse();
    assertThat(new FilterRule(true, "[a&&b]").matches("a")).isTrue();
    assertThat(new FilterRule(true, "[a&&b]").matches("&")).isTrue();
  }

  @Test
  void accepts_noRules_includesEverything() {
    KeyFilter filter = new KeyFilter(List.of());

    assertThat(filter.accepts("a.parquet")).isTrue();
    assertThat(filter.accepts("tmp/x")).isTrue();
  }

  @Test
  void accepts_excludeAllThenIncludeParquet_keepsOnlyParquet() {
    KeyFilter filter = new KeyFilter(List.of(new FilterRule(false, "*"), new FilterRule(true, "*.parquet")));

    assertThat(keep(filter)).containsExactly("a.parquet", "y=1/b.parquet");
  }

  @Test
  void accepts_includeParquetThenExcludeAll_keepsNothing() {
    KeyFilter filter = new KeyFilter(List.of(new FilterRule(true, "*.parquet"), new FilterRule(false, "*")));

    assertThat(keep(filter)).isEmpty();
  }

  @Test
  void accepts_onlyExclude_keepsTheRest() {
    KeyFilter filter = new KeyFilter(List.of(new FilterRule(false, "_tmp/*")));

    assertThat(keep(filter)).containsExactly("a.parquet", "y=1/b.parquet", "c.csv", "_SUCCESS");
  }

  @Test
  void accepts_lastMatchingRuleWins_laterRulesOverrideEarlierOnes() {
    KeyFilter filter = new KeyFilter(List.of(
        new FilterRule(false, "*"),
        new FilterRule(true, "*.parquet"),
        new FilterRule(false, "y=1/*"),
        new FilterRule(true, "_SUCCESS")));

    assertThat(keep(filter)).containsExactly("a.parquet", "_SUCCESS");
  }

  @Test
  void rules_givenList_keepsOrder() {
    List<FilterRule> rules = List.of(new FilterRule(false, "*"), new FilterRule(true, "*.csv"));

    assertThat(new KeyFilter(rules).rules()).containsExactlyElementsOf(rules);
  }

  private static List<String> keep(KeyFilter filter) {
    return Stream.of("a.parquet", "y=1/b.parquet", "c.csv", "_tmp/d.parquet.tmp", "_SUCCESS")
        .filter(filter::accepts).toList();
  }
}
