package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/**
 * The object a destination listing found at a planned destination key.
 *
 * @param eTag as listed, quotes included
 * @param lastModified as listed, or null if the listing did not say
 * @param recordedSourceETag the {@code lakecopy-source-etag} user metadata (the source ETag an update run
 *     copied the object from, unquoted), read by a HEAD only when {@link Decider} asks for it: empty if not
 *     read, {@code Optional.of("")} if read and absent
 */
public record DestinationFacts(long sizeBytes, String eTag, Instant lastModified, Optional<String> recordedSourceETag)
    implements Serializable {
  public DestinationFacts {
    requireNonNull(eTag, "eTag is null");
    requireNonNull(recordedSourceETag, "recordedSourceETag is null");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes < 0: " + sizeBytes);
    }
  }

  /** As listed: the recorded source ETag not read yet. */
  public static DestinationFacts listed(long sizeBytes, String eTag, Instant lastModified) {
    return new DestinationFacts(sizeBytes, eTag, lastModified, Optional.empty());
  }

  /** The same object with its recorded source ETag read ({@code null} = the metadata is absent). */
  public DestinationFacts withRecordedSourceETag(String recorded) {
    return new DestinationFacts(sizeBytes, eTag, lastModified, Optional.of(recorded == null ? "" : recorded));
  }
}
