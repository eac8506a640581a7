package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** One ListObjectsV2 page at a time, of one bucket: what {@link RangeLister} needs of S3. */
public interface ListingPages {
  /** The delimiter of a delimited listing. */
  String DELIMITER = "/";

  /** A listed object: the storage class null for STANDARD. */
  record Listed(String key, long sizeBytes, String eTag, Instant lastModified, String storageClass) {
    public Listed {
      requireNonNull(key, "key is null");
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
}
