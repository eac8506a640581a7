package io.lakecopy.plan;

import java.io.Serializable;
import java.util.Optional;

/**
 * What a copy's write at the destination is held to: the destination key as the plan saw it. A key the listing did
 * not hold is written with {@code If-None-Match: *} (only while it holds nothing); a key that held an object is
 * overwritten with {@code If-Match} on the ETag listed (only while it holds that object). A key written by another
 * writer after the listing is then never overwritten: the store answers 412 and the object fails
 * {@code DESTINATION_CHANGED}. Sent on {@code --if-exists skip|update} runs, on the requests whose store was shown to
 * honour the condition ({@code copy/WriteConditions}).
 *
 * @param ifNoneMatch whether the key must hold nothing
 * @param ifMatch the ETag the key must hold (quotes as listed), or null
 */
public record WriteCondition(boolean ifNoneMatch, String ifMatch) implements Serializable {
  /** An unconditional write ({@code --if-exists overwrite}, or a store that does not honour the conditions). */
  public static final WriteCondition NONE = new WriteCondition(false, null);

  public WriteCondition {
    if (ifNoneMatch && ifMatch != null) {
      throw new IllegalArgumentException("a write is held to nothing or to one ETag, not both");
    }
    if (ifMatch != null && ifMatch.isBlank()) {
      throw new IllegalArgumentException("ifMatch is blank");
    }
  }

  /**
   * The condition of a write to a key the destination listing saw as {@code listed} (empty: the key held nothing).
   * A listed object without an ETag cannot be named, so its overwrite is unconditional. Pure.
   */
  public static WriteCondition of(Optional<DestinationFacts> listed) {
    if (listed.isEmpty()) {
      return new WriteCondition(true, null);
    }
    String eTag = listed.get().eTag();
    return eTag == null || eTag.isBlank() ? NONE : new WriteCondition(false, eTag);
  }

  /** The {@code If-None-Match} header's value, or null (a request builder then sends none). */
  public String ifNoneMatchHeader() {
    return ifNoneMatch ? "*" : null;
  }

  /** Whether the write carries a condition. */
  public boolean any() {
    return ifNoneMatch || ifMatch != null;
  }

  /** What a 412 answer to a conditional write means. */
  public enum Conflict {
    /** The copy-source condition failed: the source is no longer the planned object. */
    SOURCE_CHANGED,
    /**
     * The key already holds exactly the planned object (the same MD5 ETag): an earlier attempt of this request wrote
     * it (an SDK retry, a resumed run), or another writer wrote the same bytes. The copy is done.
     */
    ALREADY_COPIED,
    /** Another writer wrote the key after the listing: it was not overwritten. */
    DESTINATION_CHANGED
  }

  /**
   * What a 412 to a write held to {@code condition} means. Pure.
   *
   * @param sourceChanged whether a HEAD of the source pinned to the planned ETag answered 412 or 404
   * @param expectedETag the ETag the write produces (unquoted or quoted), or null where it cannot be known (an
   *     encrypted copy, a store whose ETags are no MD5s)
   * @param destinationETag the ETag the key holds now, or null if it holds nothing or could not be read
   */
  public static Conflict conflict(WriteCondition condition, boolean sourceChanged, String expectedETag,
      String destinationETag) {
    if (!condition.any() || sourceChanged) {
      return Conflict.SOURCE_CHANGED;
    }
    if (expectedETag != null && destinationETag != null
        && io.lakecopy.s3.ETags.unquote(expectedETag).equals(io.lakecopy.s3.ETags.unquote(destinationETag))) {
      return Conflict.ALREADY_COPIED;
    }
    return Conflict.DESTINATION_CHANGED;
  }

  /** For messages: the header sent. */
  public String describe() {
    return ifNoneMatch ? "If-None-Match: *" : ifMatch != null ? "If-Match: " + ifMatch : "no condition";
  }
}
