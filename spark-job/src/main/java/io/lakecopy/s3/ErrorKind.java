package io.lakecopy.s3;

/**
 * What went wrong, as far as the job's decisions are concerned. The kind decides whether an object is
 * retried, skipped or failed, and which exit code the run ends with; {@link S3Errors} is the only place
 * that maps S3 and SDK errors onto it.
 */
public enum ErrorKind {
  /** A flag, config key, manifest line or URI is malformed or out of range. Exit code 2. */
  INVALID_INPUT(false),
  /** A bucket or the source object does not exist. */
  NOT_FOUND(false),
  /** 403: the credentials may not do this. */
  ACCESS_DENIED(false),
  /** 412 on {@code x-amz-copy-source-if-match}: the source changed after planning. */
  SOURCE_CHANGED(false),
  /**
   * 412 on the destination's {@code If-None-Match} / {@code If-Match} ({@code --if-exists skip|update}): another writer
   * wrote the destination key after the listing, and it was not overwritten. Run again to decide from a new listing.
   */
  DESTINATION_CHANGED(false),
  /**
   * 409 ConditionalRequestConflict: another conditional write to the destination key was in flight. S3 asks to
   * retry; the whole object is copied again in the next round (a new upload), where its condition decides again.
   */
  WRITE_CONFLICT(true),
  /** 503 SlowDown or another throttling answer, after the SDK's retries ran out. */
  THROTTLED(true),
  /** 5xx other than throttling, after the SDK's retries ran out. */
  SERVER_ERROR(true),
  /** The endpoint could not be reached or the connection broke, after the SDK's retries ran out. */
  NETWORK(true),
  /** The destination does not hold what was copied (size or ETag differ). */
  VERIFY_FAILED(true),
  /**
   * --move: the destination holds an object that is not a verified copy of the source (it exists and --if-exists
   * skip, or the copy could not be proved), so the source was kept.
   */
  DESTINATION_EXISTS(false),
  /** The copy is verified but deleting the source (--move) or a destination object (--delete) failed. */
  DELETE_FAILED(false),
  /** S3 rejected the request as malformed (4xx other than the above). */
  REQUEST_REJECTED(false),
  /** The run was interrupted or cancelled. */
  INTERRUPTED(false),
  /** Anything else. */
  OTHER(false);

  private final boolean retryable;

  ErrorKind(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether copying the whole object again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
