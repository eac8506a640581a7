package io.lakecopy.plan;

import io.lakecopy.s3.S3Limits;
import java.util.ArrayList;
import java.util.List;

/** Splits an object into multipart-copy parts that respect S3's limits. Pure functions. */
public final class PartPlanner {
  private PartPlanner() {}

  /**
   * The part size actually used for an object: the requested size, grown to {@code ceil(size /
   * 10,000)} when the object would otherwise need more than 10,000 parts, and never below 5 MiB or
   * above 5 GiB.
   */
  public static long effectivePartSize(long objectSizeBytes, long requestedPartSizeBytes) {
    return effectivePartSize(objectSizeBytes, requestedPartSizeBytes, S3Limits.MAX_PARTS);
  }

  /**
   * The part size for an object on a store that takes at most {@code maxParts} parts an upload
   * ({@code --max-upload-parts}): the requested size, grown to {@code ceil(size / maxParts)}, never below 5 MiB or
   * above 5 GiB. Every part but the last has this size (stores such as Cloudflare R2 require equal parts).
   *
   * @throws IllegalArgumentException when the object needs more than {@code maxParts} parts of 5 GiB
   */
  public static long effectivePartSize(long objectSizeBytes, long requestedPartSizeBytes, int maxParts) {
    checkObjectSize(objectSizeBytes);
    if (maxParts < 1 || maxParts > S3Limits.MAX_PARTS) {
      throw new IllegalArgumentException("maxParts out of range 1.." + S3Limits.MAX_PARTS + ": " + maxParts);
    }
    if (objectSizeBytes > maxParts * S3Limits.MAX_PART_SIZE_BYTES) {
      throw new IllegalArgumentException("an object of " + objectSizeBytes + " bytes needs more than " + maxParts
          + " parts of " + S3Limits.MAX_PART_SIZE_BYTES + " bytes");
    }
    long minForPartCount = ceilDiv(objectSizeBytes, maxParts);
    long size = Math.max(requestedPartSizeBytes, minForPartCount);
    size = Math.max(size, S3Limits.MIN_PART_SIZE_BYTES);
    return Math.min(size, S3Limits.MAX_PART_SIZE_BYTES);
  }

  /** Whether an object of this size fits in {@code maxParts} parts of at most 5 GiB. */
  public static boolean fits(long objectSizeBytes, int maxParts) {
    return objectSizeBytes <= maxParts * S3Limits.MAX_PART_SIZE_BYTES;
  }

  /**
   * The parts of an object of {@code objectSizeBytes}, in order, covering every byte once. Every part
   * but the last has the effective part size; the last holds the remainder. A zero-byte object has
   * one part covering nothing, which callers copy with CopyObject instead.
   */
  public static List<PartRange> plan(long objectSizeBytes, long requestedPartSizeBytes) {
    if (objectSizeBytes == 0) {
      throw new IllegalArgumentException("a zero-byte object has no parts; copy it with CopyObject");
    }
    long partSize = effectivePartSize(objectSizeBytes, requestedPartSizeBytes);
    int count = Math.toIntExact(ceilDiv(objectSizeBytes, partSize));
    List<PartRange> parts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long first = i * partSize;
      long last = Math.min(first + partSize, objectSizeBytes) - 1;
      parts.add(new PartRange(i + 1, first, last));
    }
    return parts;
  }

  /** How many parts {@link #plan} would produce, without building them. */
  public static int partCount(long objectSizeBytes, long requestedPartSizeBytes) {
    return Math.toIntExact(ceilDiv(objectSizeBytes, effectivePartSize(objectSizeBytes, requestedPartSizeBytes)));
  }

  private static void checkObjectSize(long objectSizeBytes) {
    if (objectSizeBytes < 0 || objectSizeBytes > S3Limits.MAX_OBJECT_SIZE_BYTES) {
      throw new IllegalArgumentException(
          "object size out of S3's range 0.." + S3Limits.MAX_OBJECT_SIZE_BYTES + ": " + objectSizeBytes);
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
