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
 * @param sourceChecksum the source's additional checksum as the copy read it ({@link io.lakecopy.s3.Checksum#render}),
 *     or null
 * @param destChecksum the copy's checksum (of a part, in a part's row), or null
 * @param verifiedBy what proved the copy right ({@link io.lakecopy.copy.Verification.By#column}), or null when nothing
 *     was copied
 * @param destVersionId the destination version that holds the copy (--all-versions), or null
 */
public record ObjectOutcome(S3Location from, S3Location to, long sizeBytes, String sourceETag, String sourceVersionId,
    String destETag, CopyMethod method, int parts, Status status, ErrorKind errorKind, String errorMessage,
    long durationMillis, int attempts, String sourceChecksum, String destChecksum, String verifiedBy,
    String destVersionId) implements java.io.Serializable {
  public ObjectOutcome {
    requireNonNull(to, "to is null");
    requireNonNull(method, "method is null");
    requireNonNull(status, "status is null");
  }

  /** An outcome whose destination version is not recorded. */
  public ObjectOutcome(S3Location from, S3Location to, long sizeBytes, String sourceETag, String sourceVersionId,
      String destETag, CopyMethod method, int parts, Status status, ErrorKind errorKind, String errorMessage,
      long durationMillis, int attempts, String sourceChecksum, String destChecksum, String verifiedBy) {
    this(from, to, sizeBytes, sourceETag, sourceVersionId, destETag, method, parts, status, errorKind, errorMessage,
        durationMillis, attempts, sourceChecksum, destChecksum, verifiedBy, null);
  }

  /** An outcome no checksum was read or compared for. */
  public ObjectOutcome(S3Location from, S3Location to, long sizeBytes, String sourceETag, String sourceVersionId,
      String destETag, CopyMethod method, int parts, Status status, ErrorKind errorKind, String errorMessage,
      long durationMillis, int attempts) {
    this(from, to, sizeBytes, sourceETag, sourceVersionId, destETag, method, parts, status, errorKind, errorMessage,
        durationMillis, attempts, null, null, null);
  }

  /** As the canonical constructor, from {@code s3://} URIs ({@code ""} for no source). */
  public ObjectOutcome(String source, String destination, long sizeBytes, String sourceETag, String destETag,
      CopyMethod method, int parts, Status status, ErrorKind errorKind, String errorMessage, long durationMillis,
      int attempts) {
    this(source.isEmpty() ? null : S3Location.parse(source, "source"), S3Location.parse(destination, "destination"),
        sizeBytes, sourceETag, null, destETag, method, parts, status, errorKind, errorMessage, durationMillis,
        attempts);
  }

  /** A copy that landed: the destination now holds {@code destETag}. */
  public static ObjectOutcome copied(io.lakecopy.plan.PlanRow p, String destETag, String copiedVersionId,
      long durationMillis, int attempts) {
    return of(p, destETag, copiedVersionId, p.method(), p.partCount(), Status.COPIED, null, null, durationMillis,
        attempts);
  }

  /**
   * As {@link #copied(io.lakecopy.plan.PlanRow, String, String, long, int)}, with a note for the report (a single copy
   * made in parts because its store refused CopyObject), or null.
   */
  public static ObjectOutcome copied(io.lakecopy.plan.PlanRow p, String destETag, String copiedVersionId,
      long durationMillis, int attempts, String note) {
    return of(p, destETag, copiedVersionId, p.method(), p.partCount(), Status.COPIED, null, note, durationMillis,
        attempts);
  }

  /** A copy the run being resumed made before its driver died (its journal records it). */
  public static ObjectOutcome copiedEarlier(io.lakecopy.plan.PlanRow p, String destETag, String copiedVersionId) {
    return of(p, destETag, copiedVersionId, p.method(), p.partCount(), Status.COPIED, null,
        "copied before the driver of the resumed run stopped", 0, 1);
  }

  /** --move: an object the run does not copy because the destination holds it already; its source goes next. */
  public static ObjectOutcome alreadyThere(io.lakecopy.plan.PlanRow p, String destETag, String reason) {
    return of(p, destETag, null, CopyMethod.NONE, 0, Status.SKIPPED, null, reason, 0, 0);
  }

  /** A copy (or a step of it) that failed: nothing partial is visible. */
  public static ObjectOutcome failed(io.lakecopy.plan.PlanRow p, ErrorKind kind, String message, long durationMillis,
      int attempts) {
    return of(p, null, null, p.method(), p.partCount(), Status.FAILED, requireNonNull(kind, "kind is null"), message,
        durationMillis, attempts);
  }

  /** An object the run leaves alone (or, --move, whose source alone it deletes next), with the reason. */
  public static ObjectOutcome notCopied(io.lakecopy.plan.PlanRow p, String reason) {
    return of(p, null, null, CopyMethod.NONE, 0, Status.SKIPPED, null, reason, 0, 0);
  }

  /** What a dry run reports for a planned object. */
  public static ObjectOutcome planned(io.lakecopy.plan.PlanRow p, Status status, ErrorKind kind, String message) {
    boolean copies = p.decision().copies();
    return of(p, null, null, copies ? p.method() : CopyMethod.NONE, copies ? p.partCount() : 0, status, kind,
        message, 0, 0);
  }

  private static ObjectOutcome of(io.lakecopy.plan.PlanRow p, String destETag, String copiedVersionId,
      CopyMethod method, int parts, Status status, ErrorKind kind, String message, long durationMillis,
      int attempts) {
    var src = p.source();
    String version = src.versionId() != null ? src.versionId() : copiedVersionId;
    // A single copy's ETag is usually the source's: keep one string for both.
    String dest = destETag != null && io.lakecopy.s3.ETags.same(destETag, src.eTag()) ? src.eTag() : destETag;
    return new ObjectOutcome(src.location(), p.dest(), src.sizeBytes(), src.eTag(), version, dest, method, parts,
        status, kind, message, durationMillis, attempts);
  }

  /** A destination object with no source, as --delete handles it. */
  public static ObjectOutcome deletion(S3Location at, long sizeBytes, String eTag, Status status, ErrorKind kind,
      String message) {
    return new ObjectOutcome(null, at, sizeBytes, null, null, eTag, CopyMethod.NONE, 0, status, kind, message, 0, 0);
  }

  /** This outcome with another status, error kind and message (the rest as it was). */
  public ObjectOutcome with(Status newStatus, ErrorKind kind, String message) {
    return new ObjectOutcome(from, to, sizeBytes, sourceETag, sourceVersionId, destETag, method, parts, newStatus,
        kind, message, durationMillis, attempts, sourceChecksum, destChecksum, verifiedBy, destVersionId);
  }

  /** This outcome with the checksums a copy read and what proved it (the rest as it was). */
  public ObjectOutcome verified(String source, String dest, String by) {
    return new ObjectOutcome(from, to, sizeBytes, sourceETag, sourceVersionId, destETag, method, parts, status,
        errorKind, errorMessage, durationMillis, attempts, source, dest, by, destVersionId);
  }

  /** This outcome with the destination version that holds its copy (the rest as it was). */
  public ObjectOutcome inDestVersion(String versionId) {
    return new ObjectOutcome(from, to, sizeBytes, sourceETag, sourceVersionId, destETag, method, parts, status,
        errorKind, errorMessage, durationMillis, attempts, sourceChecksum, destChecksum, verifiedBy, versionId);
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
