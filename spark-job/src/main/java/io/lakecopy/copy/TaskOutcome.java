package io.lakecopy.copy;

import io.lakecopy.s3.ErrorKind;
import java.io.Serializable;

/**
 * What happened to one {@link CopyTask}. A failure is data, not a failed Spark task: the driver
 * decides what a failed part means for its object.
 *
 * @param eTag the ETag S3 returned for the copy or part; null on failure
 * @param copiedVersionId the source version S3 says it copied ({@code x-amz-copy-source-version-id}), or null
 * @param errorKind null on success
 * @param message why it failed; on success null, or a note for the report (a single copy made in parts)
 * @param bytes bytes the task copies (the part, or the whole object)
 * @param sourceChecksum the source's checksum as the copy read it, or null
 * @param destChecksum the copy's (or the part's) checksum, or null
 * @param verifiedBy what proved a single copy right ({@link Verification.By#column}), or null
 */
public record TaskOutcome(long objectId, int partNumber, String eTag, String copiedVersionId, ErrorKind errorKind,
    String message, long durationMillis, long bytes, String sourceChecksum, String destChecksum, String verifiedBy)
    implements Serializable {

  /** An outcome no checksum was read for. */
  public TaskOutcome(long objectId, int partNumber, String eTag, String copiedVersionId, ErrorKind errorKind,
      String message, long durationMillis, long bytes) {
    this(objectId, partNumber, eTag, copiedVersionId, errorKind, message, durationMillis, bytes, null, null, null);
  }

  /**
   * This outcome with the checksums its copy read (text form, {@link io.lakecopy.s3.Checksum#render}; a part's own
   * in {@code dest}) and what proved it ({@link Verification.By}, null for a part).
   */
  public TaskOutcome verified(String source, String dest, Verification.By by) {
    return new TaskOutcome(objectId, partNumber, eTag, copiedVersionId, errorKind, message, durationMillis, bytes,
        source, dest, by == null ? null : by.column());
  }

  public static TaskOutcome success(CopyTask task, String eTag, String copiedVersionId, long durationMillis) {
    return new TaskOutcome(task.objectId(), task.partNumber(), eTag, copiedVersionId, null, null, durationMillis,
        task.sizeBytes());
  }

  /**
   * A single copy that was made in parts (its store refused CopyObject, see {@link CopyInParts}): {@code note} says
   * so, and goes into the object's report row.
   */
  public static TaskOutcome copiedInParts(CopyTask task, String eTag, String copiedVersionId, String note,
      long durationMillis) {
    return new TaskOutcome(task.objectId(), task.partNumber(), eTag, copiedVersionId, null, note, durationMillis,
        task.sizeBytes());
  }

  public static TaskOutcome failure(CopyTask task, ErrorKind kind, String message, long durationMillis) {
    return new TaskOutcome(task.objectId(), task.partNumber(), null, null, kind, message, durationMillis,
        task.sizeBytes());
  }

  public boolean succeeded() {
    return errorKind == null;
  }
}
