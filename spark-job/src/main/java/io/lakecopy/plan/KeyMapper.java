package io.lakecopy.plan;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rewrites the key relative to the source prefix into the key relative to the destination prefix:
 * unchanged, a regex replacement ({@code $1}-style groups, e.g. {@code dt=(.*)} to {@code date=$1}),
 * and/or flattened to the last path segment.
 */
public record KeyMapper(Optional<Pattern> regex, String replacement, boolean flatten) {
  public static final KeyMapper IDENTITY = new KeyMapper(Optional.empty(), "", false);

  public String map(String relativeKey) {
    String key = regex.map(r -> r.matcher(relativeKey).replaceAll(replacement)).orElse(relativeKey);
    if (flatten) {
      int slash = key.lastIndexOf('/', key.length() - 2);
      key = slash < 0 ? key : key.substring(slash + 1);
    }
    return key;
  }
}
