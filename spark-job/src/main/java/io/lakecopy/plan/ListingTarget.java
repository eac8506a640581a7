package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.OperationCounts;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a listing's pages are read from: the client, the bucket, the max-keys of each request (S3 itself answers at
 * most 1,000), and the task's request counter, or null where the client's own interceptor counts (the driver).
 */
record ListingTarget(S3Client s3, String bucket, int pageSize, OperationCounts counts) {
  ListingTarget {
    requireNonNull(s3, "s3 is null");
    requireNonNull(bucket, "bucket is null");
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size " + pageSize + " < 1");
    }
  }
}
