package io.lakecopy.config;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything that decides whether a source object is copied: the ordered glob rules on the relative
 * key, a regex on the full key (s3-dist-cp's --srcPattern), a size range and a last-modified range.
 * Serializable: executors filter with it.
 *
 * @param pattern the --src-pattern regex, or null
 * @param after copy only objects modified after this, or null
 * @param before copy only objects modified before this, or null
 */
public record ObjectFilter(KeyFilter globs, Pattern pattern, long minSizeBytes, long maxSizeBytes, Instant after,
    Instant before) implements Serializable {

  public ObjectFilter(KeyFilter globs, Optional<Pattern> keyPattern, long minSizeBytes, long maxSizeBytes,
      Optional<Instant> modifiedAfter, Optional<Instant> modifiedBefore) {
    this(globs, keyPattern.orElse(null), minSizeBytes, maxSizeBytes, modifiedAfter.orElse(null),
        modifiedBefore.orElse(null));
  }

  public static ObjectFilter globsOnly(KeyFilter globs) {
    return new ObjectFilter(globs, (Pattern) null, 0, Long.MAX_VALUE, null, null);
  }

  public Optional<Pattern> keyPattern() {
    return Optional.ofNullable(pattern);
  }

  public Optional<Instant> modifiedAfter() {
    return Optional.ofNullable(after);
  }

  public Optional<Instant> modifiedBefore() {
    return Optional.ofNullable(before);
  }

  /** The checks that need only the key: applied before any request is made for an object. */
  public boolean acceptsKey(String fullKey, String relativeKey) {
    return globs.accepts(relativeKey) && (pattern == null || pattern.matcher(fullKey).matches());
  }

  /** The checks that need size and last-modified time. */
  public boolean acceptsAttributes(long sizeBytes, Instant lastModified) {
    if (sizeBytes < minSizeBytes || sizeBytes > maxSizeBytes) {
      return false;
    }
    if (after == null && before == null) {
      return true;
    }
    if (lastModified == null) {
      return false;
    }
    return (after == null || lastModified.isAfter(after)) && (before == null || lastModified.isBefore(before));
  }

  /** Whether the filter looks at modification times (manifest rows without one are then HEADed). */
  public boolean needsLastModified() {
    return after != null || before != null;
  }

  /** Whether any key rule (glob or pattern) is set. */
  public boolean hasKeyRules() {
    return pattern != null || !globs.rules().isEmpty();
  }
}
