package io.lakecopy.config;

/** What to do when a destination key already exists (see --if-exists). */
public enum IfExists {
  /** Copy anyway (S3's PUT semantics). */
  OVERWRITE,
  /** Do not copy. */
  SKIP,
  /** Copy only when the destination differs: size, or ETag where ETags are comparable. */
  UPDATE
}
