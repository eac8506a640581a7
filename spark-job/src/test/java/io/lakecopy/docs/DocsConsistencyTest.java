package io.lakecopy.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.lakecopy.cli.ExitCode;
import io.lakecopy.config.CliOption;
import io.lakecopy.config.ConfigLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * README.md's flag and exit-code tables and conf/lakecopy.properties agree with the code
 * ({@link CliOption}, {@link ConfigLoader}, {@link ExitCode}).
 */
class DocsConsistencyTest {
  private static final Path ROOT = DeployFilesTest.projectRoot();
  private static final Path README = ROOT.resolve("README.md");
  private static final Path CONF = ROOT.resolve("conf/lakecopy.properties");
  /** An exit-code row: | `N` | meaning |. */
  private static final Pattern EXIT_CODE_ROW = Pattern.compile("^\\| `(\\d+)` \\|");
  /** An active (not commented-out) key=value line of the properties file. */
  private static final Pattern CONF_KEY_LINE = Pattern.compile("^([A-Za-z0-9._-]+)=");

  @Test
  void readmeFlagTable_everyOption_hasRowWithKeyAndDefault() throws IOException {
    List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);

    List<String> problems = new ArrayList<>();
    for (CliOption option : CliOption.values()) {
      Optional<String> row = flagRow(lines, option.flag());
      if (row.isEmpty()) {
        problems.add(option.flag() + ": no row starting with | `" + option.flag() + "` in README.md's flags table");
        continue;
      }
      List<String> cells = cells(row.get());
      if (!row.get().contains("`" + option.key() + "`")) {
        problems.add(option.flag() + ": its row does not name the config key `" + option.key() + "`");
      }
      if (option.defaultValue().isPresent() && option.paramLabel().isPresent()) {
        String defaultCell = cells.size() > 2 ? cells.get(2) : "";
        if (!defaultCell.contains(option.defaultValue().get())) {
          problems.add(option.flag() + ": Default column '" + defaultCell + "' lacks the default "
              + option.defaultValue().get());
        }
      }
    }
    assertThat(flagRow(lines, CliOption.CONF_FILE_FLAG)).as("README row for " + CliOption.CONF_FILE_FLAG).isPresent();
    assertThat(problems).as("README.md's flags table disagrees with CliOption").isEmpty();
  }

  @Test
  void confFile_everyOptionKey_isListed() throws IOException {
    Set<String> listed = confKeys();

    Set<String> missing = Arrays.stream(CliOption.values()).map(CliOption::key)
        .filter(k -> !listed.contains(k)).collect(Collectors.toCollection(TreeSet::new));
    assertThat(missing).as("CliOption keys without a key= line in conf/lakecopy.properties").isEmpty();
  }

  @Test
  void confFile_everyKey_isAnOptionKey() throws IOException {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(CONF, StandardCharsets.UTF_8)) {
      props.load(reader);
    }

    Set<String> unknown = props.stringPropertyNames().stream().filter(k -> CliOption.forKey(k).isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(props.stringPropertyNames()).isNotEmpty();
    assertThat(unknown).as("keys in conf/lakecopy.properties that no CliOption has").isEmpty();
    assertThat(confKeys()).as("key= lines").isEqualTo(new TreeSet<>(props.stringPropertyNames()));
  }

  @Test
  void confFile_asShipped_isAcceptedByConfigLoader() {
    assertThatCode(() -> {
      Map<String, String> values = ConfigLoader.readConfFile(CONF);
      ConfigLoader.load(values);
    }).as("ConfigLoader.readConfFile + load on conf/lakecopy.properties").doesNotThrowAnyException();
  }

  @Test
  void readmeExitCodes_equalExitCodeValues() throws IOException {
    List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);

    Set<Integer> documented = new TreeSet<>();
    for (String line : lines) {
      Matcher m = EXIT_CODE_ROW.matcher(line);
      if (m.find()) {
        documented.add(Integer.parseInt(m.group(1)));
      }
    }
    Set<Integer> codes = Arrays.stream(ExitCode.values()).map(ExitCode::code)
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(codes).containsExactly(0, 1, 2, 3);
    assertThat(documented).as("README rows | `N` |").isEqualTo(codes);
    for (int code : codes) {
      assertThat(lines).as("README row for exit code " + code).anyMatch(l -> l.startsWith("| `" + code + "` |"));
    }
  }

  /** The README table row whose first cell is {@code flag}, alone or followed by its parameter label. */
  private static Optional<String> flagRow(List<String> lines, String flag) {
    Pattern row = Pattern.compile("^\\| `" + Pattern.quote(flag) + "[ `]");
    return lines.stream().filter(l -> row.matcher(l).find()).findFirst();
  }

  /** The cells of a markdown table row, trimmed. */
  private static List<String> cells(String row) {
    String inner = row.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
  }

  private static Set<String> confKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    for (String line : Files.readAllLines(CONF, StandardCharsets.UTF_8)) {
      Matcher m = CONF_KEY_LINE.matcher(line);
      if (m.find()) {
        keys.add(m.group(1));
      }
    }
    return keys;
  }
}
