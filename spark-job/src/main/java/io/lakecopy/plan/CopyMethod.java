package io.lakecopy.plan;

import io.lakecopy.s3.S3Limits;

/** How an object is copied. */
public enum CopyMethod {
  /** One atomic CopyObject request (objects up to the multipart threshold, never above 5 GiB). */
  COPY_OBJECT,
  /** CreateMultipartUpload, UploadPartCopy per part, CompleteMultipartUpload. */
  MULTIPART,
  /** One GetObject of the source, pinned to the planned ETag, piped into one PutObject (streamed copies). */
  STREAM,
  /**
   * CreateMultipartUpload on the destination, per part a ranged GetObject of the source pinned to the planned ETag
   * piped into UploadPart, CompleteMultipartUpload (streamed copies).
   */
  STREAM_MULTIPART,
  /** Nothing sent (dry run, skipped, or failed before copying). */
  NONE;

  /**
   * How an object of {@code sizeBytes} with {@code sourceETag} is copied server-side: one CopyObject up to
   * {@code thresholdBytes} (never above S3's 5 GiB limit), parts above it. When the copy must keep a comparable
   * ETag (update runs), a source that was itself uploaded in parts is copied in parts below the threshold too: a
   * single copy would give it an MD5 ETag that no later run could compare with the source's.
   */
  public static CopyMethod of(long sizeBytes, String sourceETag, long thresholdBytes, boolean keepComparableETags) {
    return of(sizeBytes, sourceETag, thresholdBytes, keepComparableETags, false);
  }

  /**
   * As {@link #of(long, String, long, boolean)}, and with {@code streamed} the streamed counterpart: the same
   * threshold (a PutObject is limited to 5 GiB like a CopyObject) and the same parts.
   */
  public static CopyMethod of(long sizeBytes, String sourceETag, long thresholdBytes, boolean keepComparableETags,
      boolean streamed) {
    boolean inParts = sizeBytes > Math.min(thresholdBytes, S3Limits.MAX_SINGLE_COPY_BYTES)
        || keepComparableETags && sizeBytes > 0 && !io.lakecopy.s3.ETags.isSinglePart(sourceETag);
    return inParts ? multipart(streamed) : streamed ? STREAM : COPY_OBJECT;
  }

  /** The multipart method of a run that streams or not. */
  public static CopyMethod multipart(boolean streamed) {
    return streamed ? STREAM_MULTIPART : MULTIPART;
  }

  /** Whether the object is copied in parts into a multipart upload (server-side or streamed). */
  public boolean inParts() {
    return this == MULTIPART || this == STREAM_MULTIPART;
  }

  /** Whether the bytes pass through the copy (GetObject into PutObject or UploadPart). */
  public boolean streamed() {
    return this == STREAM || this == STREAM_MULTIPART;
  }

  /** What a real run sends for an object of this method with {@code parts} parts, for the dry run. */
  public String describe(int parts) {
    return switch (this) {
      case COPY_OBJECT -> "one CopyObject";
      case MULTIPART -> parts + " UploadPartCopy parts";
      case STREAM -> "one GetObject streamed into one PutObject";
      case STREAM_MULTIPART -> parts + " ranged GetObjects streamed into UploadPart parts";
      case NONE -> "nothing";
    };
  }
}
