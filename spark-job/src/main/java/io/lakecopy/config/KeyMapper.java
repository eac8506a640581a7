package io.lakecopy.config;

import java.io.Serializable;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rewrites the key relative to the source prefix into the key relative to the destination prefix:
 * unchanged, a regex replacement ({@code $1}-style groups, e.g. {@code dt=(.*)} to {@code date=$1}),
 * and/or flattened to the last path segment. Serializable: executors map keys with it.
 *
 * @param pattern the regex, or null for none
 */
public record KeyMapper(Pattern pattern, String replacement, boolean flatten) implements Serializable {
  public static final KeyMapper IDENTITY = new KeyMapper((Pattern) null, "", false);

  public KeyMapper(Optional<Pattern> regex, String replacement, boolean flatten) {
    this(regex.orElse(null), replacement, flatten);
  }

  /** The regex, if any. */
  public Optional<Pattern> regex() {
    return Optional.ofNullable(pattern);
  }

  /** Whether keys are rewritten at all (a regex or --flatten): then there is no inverse mapping. */
  public boolean rewrites() {
    return pattern != null || flatten;
  }

  public String map(String relativeKey) {
    String key = pattern == null ? relativeKey : pattern.matcher(relativeKey).replaceAll(replacement);
    if (flatten) {
      int slash = key.lastIndexOf('/', key.length() - 2);
      key = slash < 0 ? key : key.substring(slash + 1);
    }
    return key;
  }
}
