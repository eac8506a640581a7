package io.lakecopy.report;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.s3.ErrorKind;

/**
 * One row of the report: what happened to one object.
 *
 * @param destETag the destination's ETag, or null when nothing was copied
 * @param parts 1 for CopyObject, the part count for multipart, 0 when nothing was sent
 * @param errorKind null unless FAILED or SKIPPED
 * @param attempts how many times the object was copied (whole-object retries included); 0 if never sent
 */
public record ObjectOutcome(String source, String destination, long sizeBytes, String sourceETag, String destETag,
    CopyMethod method, int parts, Status status, ErrorKind errorKind, String errorMessage, long durationMillis,
    int attempts) implements java.io.Serializable {
  public ObjectOutcome {
    requireNonNull(source, "source is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(method, "method is null");
    requireNonNull(status, "status is null");
  }
}
