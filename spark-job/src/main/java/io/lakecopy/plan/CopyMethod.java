package io.lakecopy.plan;

import io.lakecopy.s3.S3Limits;

/** How an object is copied. */
public enum CopyMethod {
  /** One atomic CopyObject request (objects up to the multipart threshold, never above 5 GiB). */
  COPY_OBJECT,
  /** CreateMultipartUpload, UploadPartCopy per part, CompleteMultipartUpload. */
  MULTIPART,
  /** Nothing sent (dry run, skipped, or failed before copying). */
  NONE;

  /**
   * How an object of {@code sizeBytes} with {@code sourceETag} is copied: one CopyObject up to
   * {@code thresholdBytes} (never above S3's 5 GiB limit), parts above it. When the copy must keep a comparable
   * ETag (update runs), a source that was itself uploaded in parts is copied in parts below the threshold too: a
   * single copy would give it an MD5 ETag that no later run could compare with the source's.
   */
  public static CopyMethod of(long sizeBytes, String sourceETag, long thresholdBytes, boolean keepComparableETags) {
    if (sizeBytes > Math.min(thresholdBytes, S3Limits.MAX_SINGLE_COPY_BYTES)) {
      return MULTIPART;
    }
    return keepComparableETags && sizeBytes > 0 && !io.lakecopy.s3.ETags.isSinglePart(sourceETag)
        ? MULTIPART : COPY_OBJECT;
  }
}
