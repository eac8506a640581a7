package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.S3Location;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One row of the plan: an object, or one part of an object copied in parts, with the one decision taken for it.
 * The plan is written under the run's directory as Parquet (partitioned by wave) before anything is copied, so it
 * can be read with {@code spark.read().parquet(...)}, inspected and resumed; {@code copy/PlanRows} holds its
 * documented schema (README, "The plan").
 *
 * @param objectId unique within the run
 * @param wave the copy wave the object belongs to
 * @param source the source object as planning saw it (size and ETag pin it)
 * @param dest the destination key
 * @param destination what the destination listing found at {@code dest}, if it was listed and held something
 * @param copiedBefore whether --previous-manifest lists the object with the same ETag
 * @param decision the decision (copy, skip, done, delete the source only, fail)
 * @param method how it is copied when copied
 * @param partSizeBytes the effective part size of a multipart copy; 0 otherwise
 * @param partCount the parts of a multipart copy; 1 for a single copy
 * @param spread whether the parts of this multipart copy are spread over tasks (the driver owns its upload), or
 *     one task copies the whole object (create to complete)
 * @param part the part this row copies, or null for a whole object (single copy, or not copied)
 */
public record PlanRow(long objectId, int wave, SourceObject source, S3Location dest,
    Optional<DestinationFacts> destination, boolean copiedBefore, Decision decision, CopyMethod method,
    long partSizeBytes, int partCount, boolean spread, PartRange part) implements Serializable {

  public PlanRow {
    requireNonNull(source, "source is null");
    requireNonNull(dest, "dest is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(decision, "decision is null");
    requireNonNull(method, "method is null");
    if (part != null && !method.inParts()) {
      throw new IllegalArgumentException("only a multipart copy has part rows");
    }
  }

  /** Whether this row stands for the whole object (its only row, or the first part's row). */
  public boolean firstOfObject() {
    return part == null || part.partNumber() == 1;
  }

  /**
   * The rows of one planned object: one row for an object that is not copied or is one CopyObject; one row per
   * part for a multipart copy (the parts from {@link PartPlanner}).
   */
  public static List<PlanRow> rows(long objectId, int wave, SourceObject source, S3Location dest,
      Optional<DestinationFacts> destination, boolean copiedBefore, Decision decision, CopyMethod method,
      long requestedPartSizeBytes, boolean spread) {
    List<PlanRow> rows = new ArrayList<>();
    if (!method.inParts()) {
      rows.add(new PlanRow(objectId, wave, source, dest, destination, copiedBefore, decision, method, 0, 1, false,
          null));
      return rows;
    }
    long partSize = PartPlanner.effectivePartSize(source.sizeBytes(), requestedPartSizeBytes);
    List<PartRange> parts = PartPlanner.plan(source.sizeBytes(), requestedPartSizeBytes);
    if (!decision.copies()) {
      rows.add(new PlanRow(objectId, wave, source, dest, destination, copiedBefore, decision, method, partSize,
          parts.size(), spread, null));
      return rows;
    }
    for (PartRange p : parts) {
      rows.add(new PlanRow(objectId, wave, source, dest, destination, copiedBefore, decision, method, partSize,
          parts.size(), spread, p));
    }
    return rows;
  }

}
