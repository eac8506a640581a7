package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.S3Location;

/**
 * One object named by a manifest line.
 *
 * @param versionId the object version to copy, or null for the current one
 * @param sizeBytes the size if the manifest gives it (with the ETag), else -1: then the object is HEADed
 * @param eTag the ETag if the manifest gives it, else null
 * @param lastModified the last-modified time if the manifest gives it, else null
 */
public record ManifestEntry(long line, S3Location location, String relativeKey, String versionId, long sizeBytes,
    String eTag, java.time.Instant lastModified) {
  public ManifestEntry {
    requireNonNull(location, "location is null");
    requireNonNull(relativeKey, "relativeKey is null");
  }

  public ManifestEntry(long line, S3Location location, String relativeKey) {
    this(line, location, relativeKey, null, -1, null, null);
  }

  /** Whether the manifest says enough to copy without a HEAD (size and ETag). */
  public boolean described() {
    return sizeBytes >= 0 && eTag != null;
  }

  /** The source object as the manifest describes it; only when {@link #described()}. */
  public SourceObject toSourceObject() {
    String quoted = eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"";
    return new SourceObject(location, relativeKey, sizeBytes, quoted, null, line, versionId, lastModified);
  }
}
