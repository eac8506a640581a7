package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.ETags;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.io.Serializable;
import java.util.Optional;

/**
 * Whether a source may be deleted after its copy ({@code --move}), and exactly which source version the delete
 * names. Pure: the caller HEADs the destination (and, in one case, the source) and sends the delete.
 *
 * <p>A copy is verified when the destination, read again just before the delete, holds the planned size, still
 * holds the ETag the copy (or the planning listing) saw, and - where ETags are comparable (a single CopyObject of
 * an object not uploaded in parts, and no SSE-KMS or SSE-C on either side: SSE-S3 ETags are MD5s too) - the
 * source's ETag. Where SSE-KMS or SSE-C makes ETags non-MD5, the size, the copy's own ETag and the copy request's
 * {@code x-amz-copy-source-if-match} pin are what is verified.
 */
public final class MoveCheck {
  private MoveCheck() {}

  /** What a HEAD of the destination object said. */
  public record DestinationHead(long sizeBytes, String eTag, String serverSideEncryption) implements Serializable {
    public DestinationHead {
      requireNonNull(eTag, "eTag is null");
    }
  }

  /**
   * The one delete of a moved source: by version id where it is known (the version a manifest named, or the one
   * the copy response said it copied), which removes exactly that version; otherwise conditional on the ETag the
   * copy was pinned to ({@code If-Match}), so a source rewritten since is not deleted.
   */
  public record SourceDelete(S3Location source, String versionId, String ifMatchETag) implements Serializable {
    public SourceDelete {
      requireNonNull(source, "source is null");
      if ((versionId == null) == (ifMatchETag == null)) {
        throw new IllegalArgumentException("a source delete names a version id or an ETag condition, one of them");
      }
    }
  }

  /** The verdict on one copy. */
  public record Verdict(Outcome outcome, ErrorKind failureKind, String message) {
    public Verdict {
      requireNonNull(outcome, "outcome is null");
      requireNonNull(message, "message is null");
    }
  }

  /** What the verdict lets the caller do. */
  public enum Outcome {
    /** Delete the source. */
    VERIFIED,
    /** Keep the source: the object fails with {@link Verdict#failureKind()}. */
    FAILED,
    /** The ETags differ, which an SSE-KMS or SSE-C source would explain: HEAD the source and ask again. */
    HEAD_SOURCE
  }

  /**
   * @param method how the object was copied; {@link CopyMethod#NONE} when it was not copied by this run (the
   *     destination was proved identical at planning)
   * @param expectedDestETag the ETag the copy returned, or the one planning proved identical
   * @param sourceEncryption the source's {@code x-amz-server-side-encryption} (or {@code "SSE-C"}), once read;
   *     empty before the source was HEADed
   */
  public static Verdict verify(SourceObject source, CopyMethod method, String expectedDestETag, DestinationHead head,
      Optional<String> sourceEncryption) {
    requireNonNull(source, "source is null");
    requireNonNull(method, "method is null");
    requireNonNull(head, "head is null");
    if (head.sizeBytes() != source.sizeBytes()) {
      return new Verdict(Outcome.FAILED, ErrorKind.SOURCE_CHANGED, "the copy is " + head.sizeBytes()
          + " bytes, not the planned " + source.sizeBytes() + ": the listed size was wrong or the source changed;"
          + " the source was kept");
    }
    if (expectedDestETag != null && !ETags.same(head.eTag(), expectedDestETag)) {
      return new Verdict(Outcome.FAILED, ErrorKind.VERIFY_FAILED, "the destination changed after the copy (ETag "
          + head.eTag() + ", the copy wrote " + expectedDestETag + "); the source was kept");
    }
    if (ETags.same(head.eTag(), source.eTag())) {
      return new Verdict(Outcome.VERIFIED, null, "verified: size and ETag");
    }
    boolean comparable = (method == CopyMethod.COPY_OBJECT || method == CopyMethod.STREAM) && ETags.isSinglePart(source.eTag())
        && ETags.isSinglePart(head.eTag()) && !encrypted(head.serverSideEncryption());
    if (!comparable) {
      return new Verdict(Outcome.VERIFIED, null, "verified: size and the copy's own ETag"
          + (encrypted(head.serverSideEncryption()) ? " (SSE-KMS or SSE-C: ETags are not MD5s)"
              : " (a copy in parts has another ETag)"));
    }
    if (sourceEncryption.isEmpty()) {
      return new Verdict(Outcome.HEAD_SOURCE, null, "ETags differ: reading the source's encryption");
    }
    if (encrypted(sourceEncryption.get())) {
      return new Verdict(Outcome.VERIFIED, null, "verified: size and the copy's own ETag (the source is "
          + sourceEncryption.get() + ": its ETag is not an MD5)");
    }
    return new Verdict(Outcome.FAILED, ErrorKind.VERIFY_FAILED, "destination ETag " + head.eTag()
        + " differs from the source's " + source.eTag() + "; the source was kept");
  }

  /**
   * The delete that removes exactly the copied source.
   *
   * @param copiedVersionId the source version the copy response named ({@code x-amz-copy-source-version-id}), or
   *     null
   */
  public static SourceDelete deleteOf(SourceObject source, String copiedVersionId) {
    String version = source.versionId() != null ? source.versionId() : blankToNull(copiedVersionId);
    return version != null && !version.equals("null")
        ? new SourceDelete(source.location(), version, null)
        : new SourceDelete(source.location(), null, source.eTag());
  }

  /**
   * On a store that ignores {@code If-Match} on DeleteObject: the delete of exactly the version a HEAD pinned to the
   * copied ETag found current, or empty if the source has no version id (an unversioned bucket), where no delete can
   * name what was copied.
   *
   * @param byETag the delete {@link #deleteOf} chose, conditional on the copied ETag
   * @param currentVersionId the version id that HEAD returned, or null
   */
  public static Optional<SourceDelete> versionOf(SourceDelete byETag, String currentVersionId) {
    requireNonNull(byETag, "byETag is null");
    String version = blankToNull(currentVersionId);
    return version == null || version.equals("null") ? Optional.empty()
        : Optional.of(new SourceDelete(byETag.source(), version, null));
  }

  /** SSE-KMS (single or dual layer) and SSE-C make ETags something other than the MD5 of the bytes. */
  static boolean encrypted(String serverSideEncryption) {
    return serverSideEncryption != null && !serverSideEncryption.isEmpty()
        && !serverSideEncryption.equalsIgnoreCase("AES256");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
