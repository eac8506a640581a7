package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.MoveCheck;
import io.lakecopy.plan.SourceObject;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.Status;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Errors;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * --move, for one object: HEAD the destination and verify it ({@link MoveCheck}), then delete exactly the copied
 * source version. A source whose copy does not verify, that changed since it was copied, or whose delete fails is
 * kept, and its object fails; one whose delete finds it (or the copied version) gone already is moved. Every delete
 * is one DeleteObject naming a version id or carrying {@code If-Match}: not every S3-compatible store evaluates the
 * per-object ETag of a DeleteObjects batch (S3Mock deletes regardless), while all of them honour {@code If-Match} on
 * DeleteObject; S3 does not charge for DELETE requests. On a store that ignores {@code If-Match} on DeleteObject
 * ({@link DeleteConditionProbe}; Ceph RGW 16.2), a delete with no version id known first asks the source for its
 * current version with a HEAD pinned to the copied ETag, and deletes exactly that version; a source in an unversioned
 * bucket there has no delete that names what was copied, so it is kept and its object fails DELETE_FAILED.
 */
public final class Mover {
  private final S3Client source;
  private final S3Client dest;
  private final io.lakecopy.s3.OperationCounts counts;
  private final boolean ifMatchHonoured;

  /**
   * @param counts counts every request sent (an executor's task), or null
   * @param ifMatchHonoured whether the store was found to honour {@code If-Match} on DeleteObject
   */
  public Mover(S3Client source, S3Client dest, io.lakecopy.s3.OperationCounts counts, boolean ifMatchHonoured) {
    this.source = requireNonNull(source, "source is null");
    this.dest = requireNonNull(dest, "dest is null");
    this.counts = counts;
    this.ifMatchHonoured = ifMatchHonoured;
  }

  /**
   * Retries: SDK only.
   *
   * @param o the object's outcome so far: COPIED by this run (its {@code destETag} the copy's), or not copied
   *     because the destination already holds it ({@code method} NONE, {@code destETag} the one planning proved
   *     identical)
   * @return the object's outcome after the move: MOVED, or FAILED with the source kept
   */
  public ObjectOutcome move(ObjectOutcome o) {
    SourceObject src = new SourceObject(o.from(), "", o.sizeBytes(), o.sourceETag(), null, 0);
    MoveCheck.Verdict verdict;
    try {
      HeadObjectResponse head = dest.headObject(b -> b.bucket(o.to().bucket()).key(o.to().key())
          .overrideConfiguration(io.lakecopy.s3.OperationCounts.onRequest(counts)));
      // an SSE-C object's ETag is no MD5 of its bytes either
      MoveCheck.DestinationHead d = new MoveCheck.DestinationHead(head.contentLength(), head.eTag(),
          head.sseCustomerAlgorithm() != null ? "SSE-C" : head.serverSideEncryptionAsString());
      verdict = MoveCheck.verify(src, o.method(), o.destETag(), d, Optional.empty());
      if (verdict.outcome() == MoveCheck.Outcome.HEAD_SOURCE) {
        verdict = MoveCheck.verify(src, o.method(), o.destETag(), d, Optional.of(sourceEncryption(o)));
      }
    } catch (SdkException e) {
      return o.with(Status.FAILED, ErrorKind.VERIFY_FAILED, "verifying " + o.to() + " before deleting the source"
          + " failed: " + S3Errors.describe(e) + "; the source was kept");
    }
    if (verdict.outcome() == MoveCheck.Outcome.FAILED) {
      return o.with(Status.FAILED, verdict.failureKind(), verdict.message());
    }
    MoveCheck.SourceDelete planned = MoveCheck.deleteOf(src, o.sourceVersionId());
    String done = (o.method() == CopyMethod.NONE ? "not copied: " + o.errorMessage() + "; " : "")
        + verdict.message() + "; source deleted";
    MoveCheck.SourceDelete target;
    try {
      target = planned.versionId() != null || ifMatchHonoured ? planned : currentVersion(planned).orElse(null);
      if (target == null) {
        return o.with(Status.FAILED, ErrorKind.DELETE_FAILED, "copied and verified, but the store does not honour"
            + " If-Match on DeleteObject and " + o.from() + " has no version id (its bucket is not versioned), so no"
            + " delete could name exactly the copied object; the source was kept");
      }
      source.deleteObject(b -> b.bucket(target.source().bucket()).key(target.source().key())
          .versionId(target.versionId()).ifMatch(target.ifMatchETag())
          .overrideConfiguration(io.lakecopy.s3.OperationCounts.onRequest(counts)));
      return o.with(Status.MOVED, null, done);
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.SOURCE_CHANGED) {
        return o.with(Status.FAILED, ErrorKind.SOURCE_CHANGED, "copied and verified, but the source changed since it"
            + " was copied (its ETag is no longer " + o.sourceETag() + "), so it was kept");
      }
      if (kind == ErrorKind.NOT_FOUND) {
        // The copied version no longer exists, which is what the delete was for (AWS answers 204 to a delete of a
        // version that is gone; a store that answers 404 says the same). Reporting it kept would be untrue, and a
        // resumed run would fail it again on every attempt.
        return o.with(Status.MOVED, null, done.replace("; source deleted", planned.versionId() == null
            ? "; the source was already gone" : "; source version " + planned.versionId() + " was already gone"));
      }
      return o.with(Status.FAILED, ErrorKind.DELETE_FAILED, "copied and verified, but deleting the source failed: "
          + S3Errors.describe(e) + "; the source was kept");
    }
  }

  /**
   * The delete of the source's current version, read by a HEAD pinned to the copied ETag (412: it changed since its
   * copy), or empty if the source has no version id. Retries: SDK only.
   */
  private Optional<MoveCheck.SourceDelete> currentVersion(MoveCheck.SourceDelete byETag) {
    HeadObjectResponse head = source.headObject(b -> b.bucket(byETag.source().bucket()).key(byETag.source().key())
        .ifMatch(byETag.ifMatchETag()).overrideConfiguration(io.lakecopy.s3.OperationCounts.onRequest(counts)));
    return MoveCheck.versionOf(byETag, head.versionId());
  }

  /** The source's server-side encryption: its header, "SSE-C" for a customer key, or "" for none. */
  private String sourceEncryption(ObjectOutcome o) {
    HeadObjectResponse head = source.headObject(b -> b.bucket(o.from().bucket()).key(o.from().key())
        .versionId(o.sourceVersionId()).overrideConfiguration(io.lakecopy.s3.OperationCounts.onRequest(counts)));
    if (head.sseCustomerAlgorithm() != null) {
      return "SSE-C";
    }
    return head.serverSideEncryptionAsString() == null ? "" : head.serverSideEncryptionAsString();
  }
}
