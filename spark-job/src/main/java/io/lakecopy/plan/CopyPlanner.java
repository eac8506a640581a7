package io.lakecopy.plan;

import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decides, per source object, its destination and whether it is one CopyObject or a multipart copy. */
public final class CopyPlanner {
  private CopyPlanner() {}

  /**
   * Plans every object. Objects larger than {@code thresholdBytes} (and always those over 5 GiB) are
   * multipart copies; the rest are single CopyObject requests, including zero-byte objects.
   *
   * @throws LakecopyException INVALID_INPUT when two sources map to one destination key or a
   *     destination key is one of the source objects
   */
  public static List<ObjectPlan> plan(List<SourceObject> objects, S3Location destPrefix, long thresholdBytes,
      long partSizeBytes) {
    return plan(objects, destPrefix, thresholdBytes, partSizeBytes, KeyMapper.IDENTITY);
  }

  /**
   * As {@link #plan(List, S3Location, long, long)}, with destination keys rewritten by {@code mapper}.
   *
   * @throws LakecopyException INVALID_INPUT listing (up to 10) destination keys that several sources map to
   */
  public static List<ObjectPlan> plan(List<SourceObject> objects, S3Location destPrefix, long thresholdBytes,
      long partSizeBytes, KeyMapper mapper) {
    List<ObjectPlan> plans = new ArrayList<>(objects.size());
    Map<S3Location, S3Location> destToSource = new HashMap<>();
    Set<S3Location> sources = new HashSet<>();
    for (SourceObject o : objects) {
      sources.add(o.location());
    }
    List<String> collisions = new ArrayList<>();
    int collisionCount = 0;
    for (SourceObject o : objects) {
      S3Location dest = destination(destPrefix, o, mapper);
      S3Location previous = destToSource.putIfAbsent(dest, o.location());
      if (previous != null) {
        if (collisionCount++ < 10) {
          collisions.add(dest + " <- " + previous + " and " + o.location());
        }
        continue;
      }
      if (sources.contains(dest)) {
        throw LakecopyException.invalidInput("--dest (dest.uri): the copy of " + o.location()
            + " would overwrite source object " + dest + "; choose a destination outside the source");
      }
      boolean multipart = o.sizeBytes() > Math.min(thresholdBytes, S3Limits.MAX_SINGLE_COPY_BYTES);
      plans.add(new ObjectPlan(plans.size(), o, dest,
          multipart ? CopyMethod.MULTIPART : CopyMethod.COPY_OBJECT, partSizeBytes));
    }
    if (collisionCount > 0) {
      throw LakecopyException.invalidInput(collisionCount + " destination key(s) have more than one source"
          + (collisionCount > collisions.size() ? " (first " + collisions.size() + " shown)" : "") + ":\n  "
          + String.join("\n  ", collisions));
    }
    return plans;
  }

  /**
   * Refuses a plan that would write where it must not: a destination key inside the source prefix (a destination
   * that holds the source, with keys that map back into it), or the completion marker's key.
   *
   * @throws LakecopyException INVALID_INPUT naming the first such key and its source
   */
  public static void checkWrites(List<ObjectPlan> plans, java.util.Optional<S3Location> sourcePrefix,
      java.util.Optional<S3Location> marker) {
    for (ObjectPlan p : plans) {
      if (marker.isPresent() && p.dest().equals(marker.get())) {
        throw LakecopyException.invalidInput("--completion-marker (run.completion-marker): the source " + p.source()
            .location() + " maps to the marker's key " + p.dest() + "; choose another marker name or exclude it");
      }
      if (sourcePrefix.isPresent() && p.dest().bucket().equals(sourcePrefix.get().bucket())
          && p.dest().key().startsWith(sourcePrefix.get().key())) {
        throw LakecopyException.invalidInput("--dest (dest.uri): the copy of " + p.source().location()
            + " would be written to " + p.dest() + ", inside the source prefix " + sourcePrefix.get()
            + "; choose a destination beside the source");
      }
    }
  }

  private static S3Location destination(S3Location destPrefix, SourceObject o, KeyMapper mapper) {
    try {
      return destPrefix.resolve(mapper.map(o.relativeKey()));
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput("destination key for " + o.location() + ": " + e.getMessage());
    }
  }
}
