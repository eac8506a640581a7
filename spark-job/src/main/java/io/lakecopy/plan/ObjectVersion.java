package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Instant;

/**
 * One entry of a key's version history as ListObjectVersions lists it: a version of the object, or a delete marker.
 *
 * @param versionId the version id; {@code "null"} for the version written while versioning was off or suspended
 * @param deleteMarker whether this is a delete marker (no size, no ETag)
 * @param latest whether it is the key's current entry (IsLatest)
 * @param eTag the version's ETag, or null for a delete marker
 * @param storageClass the storage class, or null for STANDARD (and for a delete marker)
 */
public record ObjectVersion(String versionId, boolean deleteMarker, boolean latest, long sizeBytes, String eTag,
    Instant lastModified, String storageClass) implements Serializable {
  /** The id S3 gives the one version of a key written while versioning was off or suspended. */
  public static final String NULL_VERSION = "null";

  public ObjectVersion {
    requireNonNull(versionId, "versionId is null");
    requireNonNull(lastModified, "lastModified is null");
    if (!deleteMarker) {
      requireNonNull(eTag, "eTag is null");
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes < 0: " + sizeBytes);
    }
  }

  /** A delete marker. */
  public static ObjectVersion marker(String versionId, boolean latest, Instant lastModified) {
    return new ObjectVersion(versionId, true, latest, 0, null, lastModified, null);
  }

  /**
   * The version id a copy names in {@code x-amz-copy-source}: none for the null version, which is the key's only
   * unversioned one (a source bucket that never had versioning lists every object so).
   */
  public String copySourceVersionId() {
    return NULL_VERSION.equals(versionId) ? null : versionId;
  }
}
