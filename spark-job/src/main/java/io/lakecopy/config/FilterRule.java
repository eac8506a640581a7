package io.lakecopy.config;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * One {@code --include} or {@code --exclude} glob, matched against the key relative to the source
 * prefix. Glob syntax as in the AWS CLI: {@code *} matches any run of characters including {@code /},
 * {@code ?} one character, {@code [abc]} / {@code [!abc]} a set.
 */
public record FilterRule(boolean include, String glob) implements Serializable {
  public FilterRule {
    requireNonNull(glob, "glob is null");
    if (glob.isEmpty()) {
      throw new IllegalArgumentException("empty glob");
    }
    toRegex(glob); // fails on an unclosed [
  }

  public boolean matches(String relativeKey) {
    return toRegex(glob).matcher(relativeKey).matches();
  }

  /** The rule as written in config: {@code include:GLOB} or {@code exclude:GLOB}. */
  public String asConfigValue() {
    return (include ? "include:" : "exclude:") + glob;
  }

  static Pattern toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '[' -> {
          int end = glob.indexOf(']', i + 2);
          if (end < 0) {
            throw new IllegalArgumentException("unclosed '[' in glob '" + glob + "'");
          }
          String set = glob.substring(i + 1, end);
          boolean negate = set.startsWith("!");
          if (negate) {
            set = set.substring(1);
          }
          re.append('[').append(negate ? "^" : "").append(escapeSet(set)).append(']');
          i = end;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** In fnmatch sets only '-' is special (after the leading '!'); Java regex also gives \\ [ ] ^ & meaning. */
  private static String escapeSet(String set) {
    StringBuilder out = new StringBuilder();
    for (char c : set.toCharArray()) {
      if ("\\[]^&".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
