package io.lakecopy.plan;

/** How an object is copied. */
public enum CopyMethod {
  /** One atomic CopyObject request (objects up to the multipart threshold, never above 5 GiB). */
  COPY_OBJECT,
  /** CreateMultipartUpload, UploadPartCopy per part, CompleteMultipartUpload. */
  MULTIPART,
  /** Nothing sent (dry run, skipped, or failed before copying). */
  NONE
}
