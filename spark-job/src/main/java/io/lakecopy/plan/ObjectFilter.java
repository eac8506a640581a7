package io.lakecopy.plan;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything that decides whether a source object is copied: the ordered glob rules on the relative
 * key, a regex on the full key (s3-dist-cp's --srcPattern), a size range and a last-modified range.
 */
public record ObjectFilter(KeyFilter globs, Optional<Pattern> keyPattern, long minSizeBytes, long maxSizeBytes,
    Optional<Instant> modifiedAfter, Optional<Instant> modifiedBefore) {

  public static ObjectFilter globsOnly(KeyFilter globs) {
    return new ObjectFilter(globs, Optional.empty(), 0, Long.MAX_VALUE, Optional.empty(), Optional.empty());
  }

  /** The checks that need only the key: applied before any request is made for an object. */
  public boolean acceptsKey(String fullKey, String relativeKey) {
    return globs.accepts(relativeKey) && keyPattern.map(p -> p.matcher(fullKey).matches()).orElse(true);
  }

  /** The checks that need size and last-modified time. */
  public boolean acceptsAttributes(long sizeBytes, Instant lastModified) {
    if (sizeBytes < minSizeBytes || sizeBytes > maxSizeBytes) {
      return false;
    }
    if (modifiedAfter.isEmpty() && modifiedBefore.isEmpty()) {
      return true;
    }
    if (lastModified == null) {
      return false;
    }
    return modifiedAfter.map(lastModified::isAfter).orElse(true)
        && modifiedBefore.map(lastModified::isBefore).orElse(true);
  }

  /** Whether the filter looks at modification times (manifest rows without one are then HEADed). */
  public boolean needsLastModified() {
    return modifiedAfter.isPresent() || modifiedBefore.isPresent();
  }
}
