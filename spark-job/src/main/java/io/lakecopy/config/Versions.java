package io.lakecopy.config;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Instant;

/**
 * Which versions of the source objects a run copies: the current ones (the default), the one current at a time
 * ({@code --version-at}), or every one ({@code --all-versions}).
 *
 * @param at the time of {@link Mode#AT}, else null
 */
public record Versions(Mode mode, Instant at) implements Serializable {
  public enum Mode {
    /** Each key's current object: a listing of current objects (ListObjectsV2). */
    CURRENT,
    /** Each key's version that was current at {@link #at}: a listing of versions. */
    AT,
    /** Each key's whole history, oldest first, delete markers too: a listing of versions. */
    ALL
  }

  public static final Versions CURRENT = new Versions(Mode.CURRENT, null);

  public Versions {
    requireNonNull(mode, "mode is null");
    if ((mode == Mode.AT) != (at != null)) {
      throw new IllegalArgumentException("a time goes with AT, and only with it: " + mode + ", " + at);
    }
  }

  /** Whether the source is listed with its versions (ListObjectVersions). */
  public boolean listed() {
    return mode != Mode.CURRENT;
  }
}
