package io.lakecopy.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A key's history, newest first, from ListObjectVersions' two lists. S3 lists a key's versions and delete markers
 * interleaved, newest first, but the AWS SDK answers them as two lists (versions, then delete markers), each in the
 * order listed: merging them needs the entries' times. Pure.
 *
 * <p>Ties: LastModified has a resolution of a second or a millisecond, so a version and a delete marker of the same
 * key can share one. The key's current entry (IsLatest) is then the newer; otherwise the delete marker is taken as
 * the newer: a delete of what was just written (Adobe S3Mock even gives a delete marker the time of the version it
 * hides). Two versions, or two markers, keep the order they were listed in.
 */
public final class VersionOrder {
  private VersionOrder() {}

  /**
   * @param versions the key's versions as listed (newest first)
   * @param markers the key's delete markers as listed (newest first)
   */
  public static List<ObjectVersion> newestFirst(List<ObjectVersion> versions, List<ObjectVersion> markers) {
    List<ObjectVersion> out = new ArrayList<>(versions.size() + markers.size());
    int v = 0;
    int m = 0;
    while (v < versions.size() || m < markers.size()) {
      if (m == markers.size()) {
        out.add(versions.get(v++));
      } else if (v == versions.size()) {
        out.add(markers.get(m++));
      } else {
        out.add(markerFirst(versions.get(v), markers.get(m)) ? markers.get(m++) : versions.get(v++));
      }
    }
    return out;
  }

  /** Whether {@code marker} is newer than {@code version}. */
  private static boolean markerFirst(ObjectVersion version, ObjectVersion marker) {
    int c = marker.lastModified().compareTo(version.lastModified());
    if (c != 0) {
      return c > 0;
    }
    if (version.latest() != marker.latest()) {
      return marker.latest();
    }
    return true;
  }
}
