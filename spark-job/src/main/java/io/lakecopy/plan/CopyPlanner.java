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
    List<ObjectPlan> plans = new ArrayList<>(objects.size());
    Map<S3Location, S3Location> destToSource = new HashMap<>();
    Set<S3Location> sources = new HashSet<>();
    for (SourceObject o : objects) {
      sources.add(o.location());
    }
    for (SourceObject o : objects) {
      S3Location dest = destination(destPrefix, o);
      S3Location previous = destToSource.putIfAbsent(dest, o.location());
      if (previous != null) {
        throw LakecopyException.invalidInput("two sources map to destination " + dest + ": " + previous + " and "
            + o.location());
      }
      if (sources.contains(dest)) {
        throw LakecopyException.invalidInput("--dest (dest.uri): the copy of " + o.location()
            + " would overwrite source object " + dest + "; choose a destination outside the source");
      }
      boolean multipart = o.sizeBytes() > Math.min(thresholdBytes, S3Limits.MAX_SINGLE_COPY_BYTES);
      plans.add(new ObjectPlan(plans.size(), o, dest,
          multipart ? CopyMethod.MULTIPART : CopyMethod.COPY_OBJECT, partSizeBytes));
    }
    return plans;
  }

  private static S3Location destination(S3Location destPrefix, SourceObject o) {
    try {
      return destPrefix.resolve(o.relativeKey());
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput("destination key for " + o.location() + ": " + e.getMessage());
    }
  }
}
