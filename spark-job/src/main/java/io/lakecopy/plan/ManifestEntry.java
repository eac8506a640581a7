package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.S3Location;

/** One object named by a manifest line. */
public record ManifestEntry(long line, S3Location location, String relativeKey) {
  public ManifestEntry {
    requireNonNull(location, "location is null");
    requireNonNull(relativeKey, "relativeKey is null");
  }
}
