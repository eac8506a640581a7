package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.ETags;
import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code lakecopy check} says of one key: the source object and the object at its destination key, compared by
 * presence, size and (where the two can be compared) ETag. Pure: the same function decides every row of the report.
 *
 * <p>ETags are comparable when both are MD5-shaped (32 hex digits: an object written in one request) or both are
 * multipart ETags ({@code <32 hex>-N}) with the same part count; the sizes are compared first, so a compared ETag is
 * always one of two objects of the same size. Any other pair (one single-part and one multipart ETag, two part counts,
 * an ETag of another shape, none at all) cannot tell whether the bytes are the same: the key is {@link
 * Result#UNVERIFIED}, never {@link Result#SAME} or {@link Result#DIFFER}, unless the destination records the ETag of
 * the source it was copied from ({@link #withRecordedSourceETag}). ETags that differ are comparable only if neither
 * object is encrypted with a key of its own ({@link #withEncryption}).
 *
 * @param reason why, for every result but {@link Result#SAME} of two compared ETags; empty then
 */
public record CheckVerdict(Result result, String reason) implements Serializable {
  /** An MD5 (single request) or MD5-of-MD5s-N (multipart) ETag, unquoted. */
  private static final Pattern MD5_SHAPED = Pattern.compile("[0-9a-fA-F]{32}(?:-([1-9][0-9]{0,4}))?");

  /** The result of one key, as the report writes it (lower case). */
  public enum Result {
    /** Same size, and comparable ETags that are equal. */
    SAME,
    /** Another size, or comparable ETags that differ. */
    DIFFER,
    /** At the source only. */
    MISSING,
    /** At the destination only. */
    EXTRA,
    /** Same size, but the ETags cannot be compared: not known to be the same. */
    UNVERIFIED;

    /** As the report and the summary name it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String SIZE_DIFFERS = "size differs";
  public static final String ETAG_DIFFERS = "ETag differs";
  public static final String NOT_AT_DESTINATION = "not at the destination";
  public static final String NOT_AT_SOURCE = "no source maps to this key";
  public static final String SAME_BYTES = "same bytes (downloaded)";
  public static final String CHECKSUMS_EQUAL = "full-object checksums equal";
  public static final String CHECKSUMS_DIFFER = "full-object checksums differ";
  public static final String CONTENT_DIFFERS = "content differs (downloaded)";
  public static final String RECORDED_SAME = "recorded source ETag (" + Decider.SOURCE_ETAG_METADATA + ") matches";
  public static final String RECORDED_OTHER = "recorded source ETag (" + Decider.SOURCE_ETAG_METADATA + ") differs";

  public CheckVerdict {
    requireNonNull(result, "result is null");
    requireNonNull(reason, "reason is null");
  }

  /** One side of the comparison: an object's size and ETag (quoted or not; null if the listing gave none). */
  public record Side(long sizeBytes, String eTag) implements Serializable {
    public Side {
      if (sizeBytes < 0) {
        throw new IllegalArgumentException("sizeBytes < 0: " + sizeBytes);
      }
    }
  }

  /**
   * The verdict on one key.
   *
   * @param source the source object, or empty if no selected source maps to the key
   * @param dest the object at the destination key, or empty if there is none
   * @throws IllegalArgumentException if both are empty
   */
  public static CheckVerdict of(Optional<Side> source, Optional<Side> dest) {
    if (source.isEmpty() && dest.isEmpty()) {
      throw new IllegalArgumentException("neither a source nor a destination object");
    }
    if (dest.isEmpty()) {
      return new CheckVerdict(Result.MISSING, NOT_AT_DESTINATION);
    }
    if (source.isEmpty()) {
      return new CheckVerdict(Result.EXTRA, NOT_AT_SOURCE);
    }
    Side s = source.get();
    Side d = dest.get();
    if (s.sizeBytes() != d.sizeBytes()) {
      return new CheckVerdict(Result.DIFFER, SIZE_DIFFERS);
    }
    Optional<String> incomparable = whyIncomparable(s.eTag(), d.eTag());
    if (incomparable.isPresent()) {
      return new CheckVerdict(Result.UNVERIFIED, "same size, ETags not comparable: " + incomparable.get());
    }
    return ETags.same(s.eTag(), d.eTag()) ? new CheckVerdict(Result.SAME, "")
        : new CheckVerdict(Result.DIFFER, ETAG_DIFFERS);
  }

  /**
   * Whether the destination's recorded source ETag ({@link Decider#SOURCE_ETAG_METADATA}, which an update run's
   * multipart copies carry) could settle this verdict: same size, ETags not comparable, a source ETag to compare with.
   */
  public boolean wantsRecordedSourceETag(Side source) {
    return result == Result.UNVERIFIED && source.eTag() != null;
  }

  /**
   * The verdict once the destination's recorded source ETag is known: {@link Result#SAME} if it is the source's ETag
   * (the destination was copied from this source), {@link Result#DIFFER} if it is another; this verdict unchanged if
   * the destination records none ({@code null}) or {@link #wantsRecordedSourceETag} is false.
   */
  public CheckVerdict withRecordedSourceETag(Side source, String recorded) {
    if (!wantsRecordedSourceETag(source) || recorded == null) {
      return this;
    }
    return recorded.equals(ETags.unquote(source.eTag())) ? new CheckVerdict(Result.SAME, RECORDED_SAME)
        : new CheckVerdict(Result.DIFFER, RECORDED_OTHER);
  }

  /** Whether the two objects' additional checksums could settle this verdict: a key not known to be the same. */
  public boolean wantsChecksums() {
    return result == Result.UNVERIFIED;
  }

  /**
   * The verdict once both objects' additional checksums are known (HEAD with checksum mode; null for none): two of
   * the same algorithm, both full-object, decide ({@link Result#SAME} or {@link Result#DIFFER}); otherwise, or if
   * {@link #wantsChecksums} is false, this verdict unchanged. A COMPOSITE pair is never compared: its values depend
   * on the part boundaries.
   */
  public CheckVerdict withChecksums(io.lakecopy.s3.Checksum source, io.lakecopy.s3.Checksum dest) {
    if (!wantsChecksums() || source == null || !source.comparableWith(dest, false)) {
      return this;
    }
    return source.value().equals(dest.value()) ? new CheckVerdict(Result.SAME, CHECKSUMS_EQUAL + " ("
        + source.algorithm() + ")") : new CheckVerdict(Result.DIFFER, CHECKSUMS_DIFFER + " (" + source.algorithm()
        + " " + source.value() + " at the source, " + dest.value() + " at the destination)");
  }

  /**
   * Whether how the two objects are encrypted could overrule this verdict: ETags of the same shape that differ. The
   * ETag of an SSE-KMS, DSSE-KMS or SSE-C object is not its MD5 (nor an MD5 of part MD5s) though it looks like one,
   * and a listing does not say how an object is encrypted.
   */
  public boolean wantsEncryption() {
    return result == Result.DIFFER && reason.equals(ETAG_DIFFERS);
  }

  /**
   * The verdict once it is known whether each object is encrypted with a key of its own (SSE-KMS, DSSE-KMS, SSE-C):
   * if either is, its ETag says nothing about its bytes, and an ETag that differs is {@link Result#UNVERIFIED};
   * otherwise, or if {@link #wantsEncryption} is false, this verdict unchanged.
   */
  public CheckVerdict withEncryption(boolean sourceByKey, boolean destByKey) {
    if (!wantsEncryption() || !(sourceByKey || destByKey)) {
      return this;
    }
    return new CheckVerdict(Result.UNVERIFIED, "same size, ETags not comparable: SSE-KMS or SSE-C "
        + (sourceByKey && destByKey ? "on both sides" : sourceByKey ? "at the source" : "at the destination"));
  }

  /** Whether comparing the bytes (--download) could decide this key: both objects there, of the same size. */
  public boolean wantsContent() {
    return result == Result.SAME || result == Result.UNVERIFIED
        || (result == Result.DIFFER && !reason.equals(SIZE_DIFFERS));
  }

  /**
   * The verdict once the bytes of the two objects were compared: {@link Result#SAME} or {@link Result#DIFFER}
   * whatever the ETags said; this verdict unchanged if {@link #wantsContent} is false.
   */
  public CheckVerdict withContent(boolean sameBytes) {
    if (!wantsContent()) {
      return this;
    }
    return sameBytes ? new CheckVerdict(Result.SAME, SAME_BYTES) : new CheckVerdict(Result.DIFFER, CONTENT_DIFFERS);
  }

  /** Why two ETags of objects of the same size say nothing about their bytes, or empty if they do. */
  private static Optional<String> whyIncomparable(String source, String dest) {
    if (source == null || dest == null) {
      return Optional.of("no ETag " + (source == null ? "at the source" : "at the destination"));
    }
    Matcher s = MD5_SHAPED.matcher(ETags.unquote(source));
    Matcher d = MD5_SHAPED.matcher(ETags.unquote(dest));
    if (!s.matches() || !d.matches()) {
      return Optional.of("not an MD5 ETag " + (!s.matches() ? "at the source" : "at the destination"));
    }
    String sourceParts = s.group(1);
    String destParts = d.group(1);
    if (sourceParts == null && destParts == null) {
      return Optional.empty();
    }
    if (sourceParts == null || destParts == null) {
      return Optional.of("one written in one request, one in parts");
    }
    return sourceParts.equals(destParts) ? Optional.empty()
        : Optional.of(sourceParts + " parts at the source, " + destParts + " at the destination");
  }
}
