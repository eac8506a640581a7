package io.lakecopy.plan;

import io.lakecopy.s3.S3Limits;
import java.io.Serializable;

/** One part of a multipart copy: its number and the inclusive byte range of the source it copies. */
public record PartRange(int partNumber, long firstByte, long lastByte) implements Serializable {
  public PartRange {
    if (partNumber < 1 || partNumber > S3Limits.MAX_PARTS) {
      throw new IllegalArgumentException("partNumber out of range 1.." + S3Limits.MAX_PARTS + ": " + partNumber);
    }
    if (firstByte < 0 || lastByte < firstByte) {
      throw new IllegalArgumentException("invalid byte range " + firstByte + "-" + lastByte);
    }
  }

  public long sizeBytes() {
    return lastByte - firstByte + 1;
  }

  /** The {@code x-amz-copy-source-range} header value. */
  public String httpRange() {
    return "bytes=" + firstByte + "-" + lastByte;
  }
}
