package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.S3Location;
import java.io.Serializable;

/**
 * A source object as planning saw it. The ETag pins the version: every copy request carries it in
 * {@code x-amz-copy-source-if-match}.
 *
 * @param relativeKey the key relative to the source prefix; the destination key is the destination
 *     prefix plus this
 * @param storageClass the listed storage class, or null for STANDARD
 * @param line the manifest line number, or 0 when the object came from a listing
 * @param versionId the version to copy (manifests may name one), or null for the current version
 * @param lastModified when the object was last written, or null if unknown
 */
public record SourceObject(
    S3Location location, String relativeKey, long sizeBytes, String eTag, String storageClass, long line,
    String versionId, java.time.Instant lastModified) implements Serializable {

  /** A current-version object whose modification time does not matter. */
  public SourceObject(S3Location location, String relativeKey, long sizeBytes, String eTag, String storageClass,
      long line) {
    this(location, relativeKey, sizeBytes, eTag, storageClass, line, null, null);
  }

  public SourceObject(S3Location location, String relativeKey, long sizeBytes, String eTag, String storageClass,
      long line, String versionId) {
    this(location, relativeKey, sizeBytes, eTag, storageClass, line, versionId, null);
  }

  public SourceObject {
    requireNonNull(location, "location is null");
    requireNonNull(relativeKey, "relativeKey is null");
    requireNonNull(eTag, "eTag is null");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes < 0: " + sizeBytes);
    }
  }
}
