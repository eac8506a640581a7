package io.lakecopy.copy;

import io.lakecopy.s3.Checksum;
import io.lakecopy.s3.ETags;
import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;

/**
 * How a copy is proved right without reading its bytes, and what proved it. Pure: the copiers send the requests,
 * this decides what to ask for and what the answers prove.
 *
 * <ul>
 *   <li><b>checksum</b>: the source's additional checksum (HEAD with checksum mode, pinned to the planned ETag) and
 *       the copy's, of the same algorithm and both full-object, are equal. A multipart copy asks its upload for the
 *       source's CRC as a full-object checksum and names the source's value on Complete, so a store that checks it
 *       (S3 does) refuses to create an object whose bytes differ.
 *   <li><b>etag</b>: two MD5 ETags of unencrypted objects are equal (a single copy of an object written in one
 *       request), or two multipart ETags of objects with the same parts.
 *   <li><b>size</b>: nothing compared the bytes; the copy was pinned to the planned source ETag and size.
 * </ul>
 *
 * @param verify whether to read the source's checksum where the ETag cannot prove a copy ({@code
 *     --checksum-verify auto}); off, a copy is proved by its ETag or not at all
 * @param algorithm {@code --checksum-algorithm}: the algorithm to give a copy whose source has no comparable
 *     checksum, or null to leave it to the store
 * @param objectLock {@code --object-lock copy}: a verified copy then gets its source's Object Lock retention and
 *     legal hold ({@link ObjectLocks}); a copy is locked only once it is proved right
 */
public record Verification(boolean verify, String algorithm, boolean objectLock) implements Serializable {
  public static final Verification DEFAULT = new Verification(true, null);

  /** Copies whose Object Lock is not carried. */
  public Verification(boolean verify, String algorithm) {
    this(verify, algorithm, false);
  }

  /** What proved a copy right: the report's {@code verified_by}. */
  public enum By {
    CHECKSUM, ETAG, SIZE;

    public String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a copy's checks came to: what proved it, or why it is not what the source is. */
  public record Result(By by, String mismatch) {
    public boolean failed() {
      return mismatch != null;
    }
  }

  /**
   * Whether a single copy first reads its source's checksum: only where the ETags cannot prove the copy, a source
   * written in parts (its ETag ends in {@code -N}; a CopyObject of it has an MD5 ETag of its own). A source written
   * in one request is proved by its MD5 ETag, or read after the copy if the copy turns out encrypted ({@link
   * #headAfterSingleCopy}).
   */
  public boolean headBeforeSingleCopy(String sourceETag) {
    return verify && sourceETag != null && ETags.unquote(sourceETag).matches("[0-9a-fA-F]{32}-[0-9]+");
  }

  /** Whether a single copy whose ETag is no MD5 (SSE-KMS, SSE-C) reads its source's checksum after the copy. */
  public boolean headAfterSingleCopy(boolean encrypted, Optional<Checksum> copy) {
    return verify && encrypted && copy.isPresent();
  }

  /**
   * The checksum algorithm a copy asks for, or null: the source's where the copy's can be compared with it (any
   * full-object one for a single copy; a CRC for a multipart copy, whose checksum is full-object only for CRCs);
   * else {@code --checksum-algorithm}, if set.
   */
  public String askFor(Optional<Checksum> source, boolean multipart) {
    if (source.isPresent() && source.get().fullObject()
        && (!multipart || Checksum.FULL_OBJECT_ALGORITHMS.contains(source.get().algorithm()))) {
      return source.get().algorithm();
    }
    return algorithm;
  }

  /**
   * The source's value to name on a multipart copy's Complete, so that the store itself refuses bytes that differ:
   * only where the upload was created with the source's algorithm as a full-object checksum.
   */
  public static Optional<String> expectedOnComplete(Optional<Checksum> source, String asked) {
    return source.filter(s -> s.fullObject() && s.algorithm().equals(asked)).map(Checksum::value);
  }

  /**
   * What proves a completed copy. A comparable checksum pair decides, equal or not; otherwise ETags that prove bytes
   * (both MD5s of unencrypted objects, or the same multipart ETag over the same parts) and are equal; otherwise
   * size only. Two ETags that differ are no mismatch here: encryption or a new part layout explains that, and the
   * copiers check a changed source apart.
   *
   * @param encrypted whether the copy is SSE-KMS or SSE-C encrypted (its ETag is no MD5 of the bytes)
   * @param sameLayout whether the copy has the source's part boundaries (a single copy of a single-part source)
   */
  public static Result of(String sourceETag, String destETag, boolean encrypted, Optional<Checksum> source,
      Optional<Checksum> dest, boolean sameLayout) {
    if (source.isPresent() && source.get().comparableWith(dest.orElse(null), sameLayout)) {
      return source.get().value().equals(dest.get().value()) ? new Result(By.CHECKSUM, null)
          : new Result(By.CHECKSUM, "the copy's " + dest.get().algorithm() + " checksum " + dest.get().value()
              + " differs from the source's " + source.get().value());
    }
    boolean proves = !encrypted && sourceETag != null && destETag != null
        && (md5(sourceETag) && md5(destETag) || sameLayout && !ETags.isSinglePart(sourceETag));
    return new Result(proves && ETags.same(sourceETag, destETag) ? By.ETAG : By.SIZE, null);
  }

  private static boolean md5(String eTag) {
    return ETags.unquote(eTag).matches("[0-9a-fA-F]{32}");
  }
}
