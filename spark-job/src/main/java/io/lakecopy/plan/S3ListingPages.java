package io.lakecopy.plan;

import io.lakecopy.s3.OperationCounts;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * {@link ListingPages} of one bucket with ListObjectsV2. Keys come back URL-encoded on the wire and decoded by the
 * SDK; the client adds the run's request options (requester pays, expected bucket owner).
 * The task's request counter, or null where the client's own interceptor counts (the driver), counts each page.
 */
public final class S3ListingPages implements ListingPages {
  private final ListingTarget target;

  /** @param pageSize the max-keys of each request; S3 itself answers at most 1,000 */
  public S3ListingPages(S3Client s3, String bucket, int pageSize, OperationCounts counts) {
    this.target = new ListingTarget(s3, bucket, pageSize, counts);
  }

  /** Retries: SDK only. */
  @Override
  public Page page(String prefix, boolean delimited, String startAfter, String continuationToken) {
    ListObjectsV2Response r = target.s3().listObjectsV2(b -> b.bucket(target.bucket()).prefix(prefix)
        .delimiter(delimited ? DELIMITER : null).startAfter(startAfter).continuationToken(continuationToken)
        .maxKeys(target.pageSize()).overrideConfiguration(OperationCounts.onRequest(target.counts())));
    List<Listed> objects = r.contents().stream().map(o -> new Listed(o.key(), o.size() == null ? 0 : o.size(),
        o.eTag(), o.lastModified(), "STANDARD".equals(o.storageClassAsString()) ? null : o.storageClassAsString()))
        .toList();
    return new Page(objects, r.commonPrefixes().stream().map(CommonPrefix::prefix).toList(),
        Boolean.TRUE.equals(r.isTruncated()), r.nextContinuationToken());
  }
}
