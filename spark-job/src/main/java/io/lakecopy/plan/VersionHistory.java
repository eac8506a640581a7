package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.ETags;
import java.util.ArrayList;
import java.util.List;

/**
 * What --all-versions writes of one key: the source's history, oldest first, continued on the destination key from
 * where the destination's history leaves off. A rerun, or a run after one that died, so writes only the versions not
 * yet there, and a destination key whose history is not the start of the source's is left alone. Pure.
 *
 * <p>Two entries are the same when both are delete markers, or both are versions of one size whose ETags are equal;
 * a version written in parts (its ETag ends in {@code -N}) is matched by size alone, since its copy may have other
 * parts and so another ETag.
 */
public final class VersionHistory {
  private VersionHistory() {}

  /** A source entry already on the destination, as the destination version {@code destVersionId}. */
  public record Kept(ObjectVersion source, String destVersionId) {
    public Kept {
      requireNonNull(source, "source is null");
      requireNonNull(destVersionId, "destVersionId is null");
    }
  }

  /**
   * The plan of one key.
   *
   * @param kept the source entries the destination already holds, oldest first
   * @param toWrite the source entries to write, oldest first: a copy of each version, a delete marker for each marker
   * @param conflict why the destination key is left alone (its history is not the start of the source's), or null
   */
  public record Plan(List<Kept> kept, List<ObjectVersion> toWrite, String conflict) {
    public Plan {
      kept = List.copyOf(kept);
      toWrite = List.copyOf(toWrite);
    }
  }

  /**
   * @param source the source key's history, oldest first
   * @param dest the destination key's history, oldest first (empty when it has none)
   */
  public static Plan plan(List<ObjectVersion> source, List<ObjectVersion> dest) {
    List<Kept> kept = new ArrayList<>();
    for (int i = 0; i < dest.size(); i++) {
      if (i >= source.size()) {
        return new Plan(List.of(), List.of(), "the destination key has " + dest.size() + " versions, the source "
            + source.size() + ": its history is not the source's");
      }
      if (!same(source.get(i), dest.get(i))) {
        return new Plan(List.of(), List.of(), "the destination key's version " + (i + 1) + " of " + dest.size()
            + " (oldest first, " + describe(dest.get(i)) + ") is not the source's (" + describe(source.get(i))
            + "): its history is not the source's");
      }
      kept.add(new Kept(source.get(i), dest.get(i).versionId()));
    }
    return new Plan(kept, source.subList(dest.size(), source.size()), null);
  }

  /** A history listed newest first ({@link VersionOrder}), oldest first. */
  public static List<ObjectVersion> oldestFirst(List<ObjectVersion> newestFirst) {
    List<ObjectVersion> out = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(out);
    return out;
  }

  /** Whether destination entry {@code d} is a copy of source entry {@code s}. */
  public static boolean same(ObjectVersion s, ObjectVersion d) {
    if (s.deleteMarker() || d.deleteMarker()) {
      return s.deleteMarker() && d.deleteMarker();
    }
    if (s.sizeBytes() != d.sizeBytes()) {
      return false;
    }
    return ETags.same(s.eTag(), d.eTag()) || !ETags.isSinglePart(s.eTag()) || !ETags.isSinglePart(d.eTag());
  }

  private static String describe(ObjectVersion v) {
    return v.deleteMarker() ? "a delete marker" : v.sizeBytes() + " bytes, ETag " + v.eTag();
  }
}
