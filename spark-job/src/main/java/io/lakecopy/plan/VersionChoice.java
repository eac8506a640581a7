package io.lakecopy.plan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Which version of a key --version-at copies. Pure. */
public final class VersionChoice {
  private VersionChoice() {}

  /**
   * The version that was the key's current one at {@code at}: the newest entry written at or before it, unless that
   * is a delete marker (the key did not exist then); empty when the key had no entry yet, or a delete marker.
   *
   * @param newestFirst the key's history ({@link VersionOrder#newestFirst})
   */
  public static Optional<ObjectVersion> at(List<ObjectVersion> newestFirst, Instant at) {
    for (ObjectVersion v : newestFirst) {
      if (!v.lastModified().isAfter(at)) {
        return v.deleteMarker() ? Optional.empty() : Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
