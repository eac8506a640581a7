package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.Status;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * --delete, for one destination object with no source: a DeleteObject with {@code If-Match} on the ETag it was
 * listed with, so an object rewritten since the listing is kept. On a store that ignores {@code If-Match} on
 * DeleteObject ({@link DeleteConditionProbe}; Ceph RGW 16.2) nothing is deleted: such a delete would remove whatever
 * was written there since the listing.
 */
public final class Deleter {
  private final S3Client dest;
  private final io.lakecopy.s3.OperationCounts counts;
  private final boolean ifMatchHonoured;

  /**
   * @param counts counts every request sent (an executor's task), or null
   * @param ifMatchHonoured whether the store was found to honour {@code If-Match} on DeleteObject
   */
  public Deleter(S3Client dest, io.lakecopy.s3.OperationCounts counts, boolean ifMatchHonoured) {
    this.dest = requireNonNull(dest, "dest is null");
    this.counts = counts;
    this.ifMatchHonoured = ifMatchHonoured;
  }

  /**
   * Retries: SDK only. An object listed without an ETag is not deleted: without {@code If-Match} the delete would
   * remove whatever was written there since the listing.
   */
  public ObjectOutcome delete(S3Location at, long sizeBytes, String eTag) {
    ObjectOutcome deleted = ObjectOutcome.deletion(at, sizeBytes, eTag, Status.DELETED, null,
        "no source: deleted (--delete)");
    if (eTag == null || eTag.isBlank()) {
      return deleted.with(Status.FAILED, ErrorKind.DELETE_FAILED, "listed without an ETag, so it was kept (--delete"
          + " deletes only with If-Match on the listed ETag)");
    }
    if (!ifMatchHonoured) {
      return deleted.with(Status.FAILED, ErrorKind.DELETE_FAILED, "kept: the store does not honour If-Match on"
          + " DeleteObject, so a delete could not be held to the listed ETag (--delete deletes only with If-Match)");
    }
    try {
      dest.deleteObject(b -> b.bucket(at.bucket()).key(at.key()).ifMatch(eTag)
          .overrideConfiguration(io.lakecopy.s3.OperationCounts.onRequest(counts)));
      return deleted;
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.SOURCE_CHANGED) {
        return deleted.with(Status.SKIPPED, null, "changed after it was listed, so it was kept (--delete removes only"
            + " what it listed)");
      }
      if (kind == ErrorKind.NOT_FOUND) {
        return deleted.with(Status.SKIPPED, null, "already gone when it was to be deleted (--delete)");
      }
      return deleted.with(Status.FAILED, ErrorKind.DELETE_FAILED, "delete failed: " + S3Errors.describe(e));
    }
  }
}
