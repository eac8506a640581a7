package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.IfExists;
import io.lakecopy.plan.Decision.Action;
import io.lakecopy.s3.ETags;
import io.lakecopy.s3.ErrorKind;
import java.io.Serializable;
import java.util.Optional;

/**
 * The one decision per selected source object: copy, skip, done, delete the source only, fail, or first read the
 * destination's recorded source ETag. A pure function of what planning knows; the real run and the dry run both
 * call it.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>An object the resumed ledger records as copied from this source ETag, and that the destination still holds
 *       with the recorded ETag and size, is DONE.
 *   <li>An object {@code --previous-manifest} lists with this ETag is SKIPPED.
 *   <li>An object with nothing at its destination key is COPIED. One with something there is, by
 *       {@code --if-exists}: overwrite - COPIED; skip - SKIPPED; update - SKIPPED when the destination is
 *       {@linkplain #identical identical}, else COPIED.
 *   <li>With {@code --move} nothing is ever merely skipped: every selected source is deleted after a verified copy
 *       or reported failed. A SKIPPED or DONE object whose destination is identical becomes DELETE_SOURCE; any
 *       other becomes FAIL (DESTINATION_EXISTS), and its source is kept.
 * </ol>
 */
public final class Decider implements Serializable {
  private static final long serialVersionUID = 1L;
  /** User metadata that update runs put on multipart copies: the source ETag they were copied from. */
  public static final String SOURCE_ETAG_METADATA = "lakecopy-source-etag";

  private final IfExists ifExists;
  private final boolean move;

  public Decider(IfExists ifExists, boolean move) {
    this.ifExists = requireNonNull(ifExists, "ifExists is null");
    this.move = move;
  }

  /** What the ledger of the run being resumed says was copied to the destination key. */
  public record Recorded(String sourceETag, String destETag) implements Serializable {
    public Recorded {
      requireNonNull(sourceETag, "sourceETag is null");
      requireNonNull(destETag, "destETag is null");
    }
  }

  /**
   * @param dest what the destination listing holds at the object's destination key, if it was listed there
   * @param recorded what the resumed ledger recorded for that key, if anything
   * @param copiedBefore whether {@code --previous-manifest} lists the object with the same ETag
   */
  public Decision decide(SourceObject source, Optional<DestinationFacts> dest, Optional<Recorded> recorded,
      boolean copiedBefore) {
    requireNonNull(source, "source is null");
    requireNonNull(dest, "dest is null");
    requireNonNull(recorded, "recorded is null");
    Decision base = base(source, dest, recorded, copiedBefore);
    if (!move || base.action() == Action.COPY || base.action() == Action.HEAD_DESTINATION) {
      return base;
    }
    // --move: skipping is not moving. Delete the source only where the destination provably holds it.
    Identity identity = identity(source, dest, recorded);
    return switch (identity) {
      case SAME -> Decision.of(Action.DELETE_SOURCE, base.reason() + "; the destination holds an identical copy,"
          + " so the source is deleted (--move)");
      case UNKNOWN -> Decision.of(Action.HEAD_DESTINATION, base.reason() + "; reading the destination's recorded"
          + " source ETag to prove the copy (--move)");
      case DIFFERENT -> Decision.fail(ErrorKind.DESTINATION_EXISTS, base.reason() + ", but the destination does not"
          + " hold a verified copy, so the source was kept (--move)");
    };
  }

  private Decision base(SourceObject source, Optional<DestinationFacts> dest, Optional<Recorded> recorded,
      boolean copiedBefore) {
    if (recorded.isPresent() && dest.isPresent() && recordedAsCopied(source, dest.get(), recorded.get())) {
      return Decision.of(Action.DONE, "already copied by the resumed run");
    }
    if (copiedBefore) {
      return Decision.of(Action.SKIP, "copied before (--previous-manifest)");
    }
    if (dest.isEmpty()) {
      return Decision.of(Action.COPY, "not at the destination");
    }
    return switch (ifExists) {
      case OVERWRITE -> Decision.of(Action.COPY, "replaces the destination object (--if-exists overwrite)");
      case SKIP -> Decision.of(Action.SKIP, "exists at the destination (--if-exists skip)");
      case UPDATE -> switch (identity(source, dest, recorded)) {
        case SAME -> Decision.of(Action.SKIP, "unchanged at the destination (same size and "
            + (sameETag(source, dest.get()) ? "ETag" : "recorded source ETag") + ")");
        case UNKNOWN -> Decision.of(Action.HEAD_DESTINATION, "same size, ETags not comparable: reading the"
            + " destination's recorded source ETag");
        case DIFFERENT -> Decision.of(Action.COPY, dest.get().sizeBytes() != source.sizeBytes()
            ? "differs at the destination (size)" : "differs at the destination (ETag)");
      };
    };
  }

  private enum Identity { SAME, DIFFERENT, UNKNOWN }

  /**
   * Whether the destination holds exactly the source: the same size, and the same ETag (equal ETags are equal
   * bytes, whatever the encryption or part layout), or the source ETag recorded when it was copied, or the
   * resumed ledger's record of this very copy. Unequal ETags prove nothing (a multipart copy has another ETag):
   * then the recorded source ETag decides, and it is UNKNOWN until read.
   */
  private static Identity identity(SourceObject source, Optional<DestinationFacts> dest, Optional<Recorded> recorded) {
    if (dest.isEmpty() || dest.get().sizeBytes() != source.sizeBytes()) {
      return Identity.DIFFERENT;
    }
    DestinationFacts d = dest.get();
    if (sameETag(source, d) || recorded.map(r -> recordedAsCopied(source, d, r)).orElse(false)) {
      return Identity.SAME;
    }
    if (d.recordedSourceETag().isEmpty()) {
      return Identity.UNKNOWN;
    }
    return d.recordedSourceETag().get().equals(ETags.unquote(source.eTag())) ? Identity.SAME : Identity.DIFFERENT;
  }

  private static boolean sameETag(SourceObject source, DestinationFacts dest) {
    return ETags.unquote(dest.eTag()).equals(ETags.unquote(source.eTag()));
  }

  private static boolean recordedAsCopied(SourceObject source, DestinationFacts dest, Recorded r) {
    return dest.sizeBytes() == source.sizeBytes() && ETags.unquote(r.sourceETag()).equals(ETags.unquote(source.eTag()))
        && ETags.unquote(r.destETag()).equals(ETags.unquote(dest.eTag()));
  }
}
