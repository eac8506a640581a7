package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One listing page at a time, of one bucket: what {@link RangeLister} needs of S3. ListObjectsV2's ({@link
 * S3ListingPages}), or ListObjectVersions' ({@link S3VersionPages}), whose pages hold whole keys.
 */
public interface ListingPages {
  /** The delimiter of a delimited listing. */
  String DELIMITER = "/";

  /**
   * A listed object: the storage class null for STANDARD. A listing of versions lists a key once, with its history
   * ({@code versions}, newest first; its current entry's size, ETag and time, or those of a delete marker).
   *
   * @param versions the key's versions and delete markers, newest first; null for a listing of current objects
   */
  record Listed(String key, long sizeBytes, String eTag, Instant lastModified, String storageClass,
      List<ObjectVersion> versions) {
    public Listed {
      requireNonNull(key, "key is null");
      versions = versions == null ? null : List.copyOf(versions);
    }

    /** A current object, as ListObjectsV2 lists it. */
    public Listed(String key, long sizeBytes, String eTag, Instant lastModified, String storageClass) {
      this(key, sizeBytes, eTag, lastModified, storageClass, null);
    }
  }

  /** A page: its objects and common prefixes in key order; the token for the next page when truncated. */
  record Page(List<Listed> objects, List<String> commonPrefixes, boolean truncated, String nextToken) {
    public Page {
      objects = List.copyOf(objects);
      commonPrefixes = List.copyOf(commonPrefixes);
      if (truncated) {
        requireNonNull(nextToken, "nextToken is null on a truncated page");
      }
    }
  }

  /**
   * The page of keys under {@code prefix} after {@code startAfter} (null: from the first), or from
   * {@code continuationToken} when not null; with {@link #DELIMITER} when {@code delimited}.
   */
  Page page(String prefix, boolean delimited, String startAfter, String continuationToken);

  /**
   * The pages of {@code bucket}: of each key's history ({@link S3VersionPages}) when {@code versions}, else of its
   * current objects ({@link S3ListingPages}).
   *
   * @param counts the task's request counter, or null where the client's own interceptor counts
   */
  static ListingPages of(software.amazon.awssdk.services.s3.S3Client s3, String bucket, int pageSize,
      io.lakecopy.s3.OperationCounts counts, boolean versions) {
    return versions ? new S3VersionPages(s3, bucket, pageSize, counts) : new S3ListingPages(s3, bucket, pageSize,
        counts);
  }
}
