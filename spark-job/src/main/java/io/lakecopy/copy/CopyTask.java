package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.WriteCondition;
import java.io.Serializable;

/**
 * One row of the copy stage: a whole object (one CopyObject, {@code uploadId == null}) or one part of
 * a multipart copy whose upload the driver has already created.
 *
 * @param objectId the object's id in the plan
 * @param sourceETag the ETag seen at planning; sent as {@code x-amz-copy-source-if-match}
 * @param sourceVersionId the source version to copy, or null for the current one
 * @param storageClass destination storage class for a single copy, or null to leave S3's default
 * @param destCondition what a single copy's write is held to at the destination ({@code If-None-Match} /
 *     {@code If-Match}); {@link WriteCondition#NONE} for a part (its upload's Complete carries it)
 * @param partNumber 1..10,000 for a part; 0 for a single copy
 * @param firstByte first byte of the part (inclusive); 0 for a single copy
 * @param lastByte last byte of the part (inclusive); size - 1 for a single copy
 */
public record CopyTask(
    long objectId,
    String sourceBucket,
    String sourceKey,
    String sourceETag,
    String sourceVersionId,
    String destBucket,
    String destKey,
    String storageClass,
    String uploadId,
    int partNumber,
    long firstByte,
    long lastByte,
    WriteCondition destCondition)
    implements Serializable {

  /** An unconditional write at the destination. */
  public CopyTask(long objectId, String sourceBucket, String sourceKey, String sourceETag, String sourceVersionId,
      String destBucket, String destKey, String storageClass, String uploadId, int partNumber, long firstByte,
      long lastByte) {
    this(objectId, sourceBucket, sourceKey, sourceETag, sourceVersionId, destBucket, destKey, storageClass, uploadId,
        partNumber, firstByte, lastByte, WriteCondition.NONE);
  }

  public CopyTask {
    requireNonNull(sourceBucket, "sourceBucket is null");
    requireNonNull(sourceKey, "sourceKey is null");
    requireNonNull(sourceETag, "sourceETag is null");
    requireNonNull(destBucket, "destBucket is null");
    requireNonNull(destKey, "destKey is null");
    requireNonNull(destCondition, "destCondition is null");
    if ((uploadId == null) != (partNumber == 0)) {
      throw new IllegalArgumentException("a part needs an upload id and a part number >= 1; a single copy neither");
    }
  }

  public boolean isPart() {
    return uploadId != null;
  }

  public long sizeBytes() {
    return isPart() ? lastByte - firstByte + 1 : lastByte + 1;
  }

  /** For logs and reports: {@code s3://bucket/key} plus part number and range for a part. */
  public String describe() {
    return "s3://" + destBucket + "/" + destKey
        + (isPart() ? " part " + partNumber + " (bytes=" + firstByte + "-" + lastByte + ", upload " + uploadId + ")" : "");
  }
}
