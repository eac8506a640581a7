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

  private static S3Location destination(S3Location destPrefix, SourceObject o, KeyMapper mapper) {
    try {
      return destPrefix.resolve(mapper.map(o.relativeKey()));
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput("destination key for " + o.location() + ": " + e.getMessage());
    }
  }
}
