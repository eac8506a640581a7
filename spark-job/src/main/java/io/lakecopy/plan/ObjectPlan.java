package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.S3Location;
import java.util.List;

/** What the job will do with one object. {@code id} indexes the plan list. */
public record ObjectPlan(int id, SourceObject source, S3Location dest, CopyMethod method, long partSizeBytes) {
  public ObjectPlan {
    requireNonNull(source, "source is null");
    requireNonNull(dest, "dest is null");
    requireNonNull(method, "method is null");
  }

  /** The part ranges of a multipart copy. */
  public List<PartRange> parts() {
    if (method != CopyMethod.MULTIPART) {
      throw new IllegalStateException(source.location() + " is not a multipart copy");
    }
    return PartPlanner.plan(source.sizeBytes(), partSizeBytes);
  }

  /** Requests this object needs at the destination: 1, or parts + create + complete. */
  public int partCount() {
    return method == CopyMethod.MULTIPART ? PartPlanner.partCount(source.sizeBytes(), partSizeBytes) : 1;
  }
}
