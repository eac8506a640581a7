package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.S3Location;
import java.util.List;

/**
 * What the job will do with one object. {@code id} indexes the plan list.
 *
 * @param destCondition what the object's write at the destination is held to (a multipart copy's Complete)
 */
public record ObjectPlan(int id, SourceObject source, S3Location dest, CopyMethod method, long partSizeBytes,
    WriteCondition destCondition) {
  /** An unconditional write at the destination. */
  public ObjectPlan(int id, SourceObject source, S3Location dest, CopyMethod method, long partSizeBytes) {
    this(id, source, dest, method, partSizeBytes, WriteCondition.NONE);
  }

  public ObjectPlan {
    requireNonNull(destCondition, "destCondition is null");
    requireNonNull(source, "source is null");
    requireNonNull(dest, "dest is null");
    requireNonNull(method, "method is null");
  }

  /** The part ranges of a multipart copy. */
  public List<PartRange> parts() {
    if (!method.inParts()) {
      throw new IllegalStateException(source.location() + " is not a multipart copy");
    }
    return PartPlanner.plan(source.sizeBytes(), partSizeBytes);
  }

  /** Requests this object needs at the destination: 1, or parts + create + complete. */
  public int partCount() {
    return method.inParts() ? PartPlanner.partCount(source.sizeBytes(), partSizeBytes) : 1;
  }
}
