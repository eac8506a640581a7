package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.ErrorKind;
import java.io.Serializable;

/**
 * What a run does with one selected source object: computed once by {@link Decider}, used alike by the
 * real run and the dry run, and written into the report's message.
 *
 * @param failureKind the kind of a {@link Action#FAIL}; null otherwise
 * @param reason why, in words the report shows
 */
public record Decision(Action action, ErrorKind failureKind, String reason) implements Serializable {
  /** The action. */
  public enum Action {
    /** Copy the object (the plan says how). With --move, the source is deleted once the copy is verified. */
    COPY,
    /** Leave the object alone: nothing is copied or deleted. */
    SKIP,
    /** Already copied by the earlier run of the resumed ledger: nothing is copied again. */
    DONE,
    /**
     * --move: the destination already holds a copy proved identical (same size, and the same ETag or the
     * recorded source ETag): nothing is copied, the source is deleted after the destination is checked again.
     */
    DELETE_SOURCE,
    /** The object cannot be handled as asked (e.g. --move cannot prove a copy): it is reported failed, kept. */
    FAIL,
    /**
     * Not decidable from the listing: the destination's ETag is not comparable and its recorded source ETag
     * ({@code lakecopy-source-etag} metadata) must be read with a HEAD before {@link Decider} decides again.
     */
    HEAD_DESTINATION
  }

  public Decision {
    requireNonNull(action, "action is null");
    requireNonNull(reason, "reason is null");
    if ((action == Action.FAIL) != (failureKind != null)) {
      throw new IllegalArgumentException("a failure needs its kind, and only a failure has one");
    }
  }

  static Decision of(Action action, String reason) {
    return new Decision(action, null, reason);
  }

  static Decision fail(ErrorKind kind, String reason) {
    return new Decision(Action.FAIL, kind, reason);
  }

  /**
   * This decision for an object of {@code sizeBytes} on a store that takes at most {@code maxParts} parts an upload
   * ({@code --max-upload-parts}): a copy that would need more parts of 5 GiB fails as invalid input, kept at the
   * source; every other decision stands.
   */
  public Decision withinParts(long sizeBytes, int maxParts) {
    if (!copies() || PartPlanner.fits(sizeBytes, maxParts)) {
      return this;
    }
    return fail(ErrorKind.INVALID_INPUT, "the object is " + sizeBytes + " bytes: more than --max-upload-parts "
        + maxParts + " parts of 5 GiB can hold; not copied");
  }

  /** Whether the object is copied by this run. */
  public boolean copies() {
    return action == Action.COPY;
  }

  /** Whether this run deletes the source (after its copy, or after checking the destination again). */
  public boolean deletesSource(boolean move) {
    return move && (action == Action.COPY || action == Action.DELETE_SOURCE);
  }
}
