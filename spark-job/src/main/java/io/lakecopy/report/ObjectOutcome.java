package io.lakecopy.report;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;

/**
 * One row of the report: what happened to one object. Holds the locations, not their {@code s3://}
 * strings, which are made when the report is written: a million outcomes on the driver would
 * otherwise carry two million more strings.
 *
 * @param from the source, or null for a destination object deleted by {@code --delete}
 * @param to the destination
 * @param sourceVersionId the source version copied (as the manifest named it or the copy response said), or null
 * @param destETag the destination's ETag, or null when nothing was copied
 * @param parts 1 for CopyObject, the part count for multipart, 0 when nothing was sent
 * @param errorKind null unless FAILED or SKIPPED
 * @param attempts how many times the object was copied (whole-object retries included); 0 if never sent
 */
public record ObjectOutcome(S3Location from, S3Location to, long sizeBytes, String sourceETag, String sourceVersionId,
    String destETag, CopyMethod method, int parts, Status status, ErrorKind errorKind, String errorMessage,
    long durationMillis, int attempts) implements java.io.Serializable {
  public ObjectOutcome {
    requireNonNull(to, "to is null");
    requireNonNull(method, "method is null");
    requireNonNull(status, "status is null");
  }

  /** As the canonical constructor, from {@code s3://} URIs ({@code ""} for no source). */
  public ObjectOutcome(String source, String destination, long sizeBytes, String sourceETag, String destETag,
      CopyMethod method, int parts, Status status, ErrorKind errorKind, String errorMessage, long durationMillis,
      int attempts) {
    this(source.isEmpty() ? null : S3Location.parse(source, "source"), S3Location.parse(destination, "destination"),
        sizeBytes, sourceETag, null, destETag, method, parts, status, errorKind, errorMessage, durationMillis,
        attempts);
  }

  /** This outcome with another status, error kind and message (the rest as it was). */
  public ObjectOutcome with(Status newStatus, ErrorKind kind, String message) {
    return new ObjectOutcome(from, to, sizeBytes, sourceETag, sourceVersionId, destETag, method, parts, newStatus,
        kind, message, durationMillis, attempts);
  }

  /** The source as an {@code s3://} URI, or {@code ""} when there is none. */
  public String source() {
    return from == null ? "" : from.toString();
  }

  /** The destination as an {@code s3://} URI. */
  public String destination() {
    return to.toString();
  }
}
