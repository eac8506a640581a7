package io.lakecopy.plan;

import io.lakecopy.config.KeyFilter;
import io.lakecopy.config.ObjectFilter;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An {@link ObjectFilter} in a form that travels to executors (an {@code Optional} does not serialize):
 * nullable fields where the filter has optional ones.
 *
 * @param keyPattern the regex on the full key, or null
 * @param modifiedAfter the exclusive lower bound of the last-modified time, or null
 * @param modifiedBefore the exclusive upper bound of the last-modified time, or null
 */
public record FilterSettings(KeyFilter globs, Pattern keyPattern, long minSizeBytes, long maxSizeBytes,
    Instant modifiedAfter, Instant modifiedBefore) implements Serializable {
  private static final long serialVersionUID = 1L;

  public FilterSettings {
    requireNonNull(globs, "globs is null");
    if (minSizeBytes < 0 || maxSizeBytes < minSizeBytes) {
      throw new IllegalArgumentException("size range " + minSizeBytes + ".." + maxSizeBytes + " is empty or negative");
    }
  }

  public static FilterSettings of(ObjectFilter filter) {
    requireNonNull(filter, "filter is null");
    return new FilterSettings(filter.globs(), filter.keyPattern().orElse(null), filter.minSizeBytes(),
        filter.maxSizeBytes(), filter.modifiedAfter().orElse(null), filter.modifiedBefore().orElse(null));
  }

  /** The filter these settings describe. */
  public ObjectFilter filter() {
    return new ObjectFilter(globs, Optional.ofNullable(keyPattern), minSizeBytes, maxSizeBytes,
        Optional.ofNullable(modifiedAfter), Optional.ofNullable(modifiedBefore));
  }
}
