package io.lakecopy.s3;

/** S3's multipart and copy limits: https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html */
public final class S3Limits {
  public static final long MiB = 1024L * 1024;
  public static final long GiB = 1024L * MiB;
  public static final long TiB = 1024L * GiB;

  /** Smallest part of a multipart upload; only the last part may be smaller. */
  public static final long MIN_PART_SIZE_BYTES = 5 * MiB;
  /** Largest part of a multipart upload. */
  public static final long MAX_PART_SIZE_BYTES = 5 * GiB;
  /** Largest object a single CopyObject can copy (atomic, one request). */
  public static final long MAX_SINGLE_COPY_BYTES = 5 * GiB;
  /** Most parts in one multipart upload (part numbers 1..10,000). */
  public static final int MAX_PARTS = 10_000;
  /** Largest object S3 stores: 10,000 parts of 5 GiB (48.8 TiB). */
  public static final long MAX_OBJECT_SIZE_BYTES = MAX_PARTS * MAX_PART_SIZE_BYTES;

  private S3Limits() {}
}
