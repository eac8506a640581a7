package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.ListRange;
import io.lakecopy.plan.RangeLister;
import io.lakecopy.plan.ListingPages;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.OperationCounts;
import io.lakecopy.s3.S3ClientSettings;
import io.lakecopy.s3.S3Errors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * On the executors: one listing round for a partition of {@link ListingRows#RANGES} rows, {@code parallelism}
 * ranges at a time, each at most {@code pagesPerRange} pages of {@code pageSize} keys, with {@link RangeLister}. Emits the listed objects
 * and the ranges left as {@link ListingRows#SCHEMA} rows. A failed request fails the task: Spark retries it, and
 * a retry lists the same ranges again, so only the committed attempt's rows are written.
 */
public final class ListRangesFn implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final S3ClientSettings client;
  private final String bucket;
  private final int pagesPerRange;
  private final int pageSize;
  private final int parallelism;
  private final RequestCounts sent;
  private final boolean versions;

  /**
   * @param sent the stage's accumulator of requests by operation
   * @param versions whether each key's history is listed ({@link io.lakecopy.plan.S3VersionPages})
   */
  public ListRangesFn(S3ClientSettings client, String bucket, int pagesPerRange, int pageSize, int parallelism,
      RequestCounts sent, boolean versions) {
    this.versions = versions;
    this.client = requireNonNull(client, "client is null");
    this.bucket = requireNonNull(bucket, "bucket is null");
    this.sent = requireNonNull(sent, "sent is null");
    this.pagesPerRange = pagesPerRange;
    this.pageSize = pageSize;
    this.parallelism = parallelism;
  }

  /** Retries: SDK only (per page); a failure fails the task. */
  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    List<ListRange> ranges = new ArrayList<>();
    rows.forEachRemaining(r -> ranges.add(ListingRows.range(r)));
    OperationCounts counts = new OperationCounts();
    ListingPages pages = ListingPages.of(ExecutorS3Clients.get(client), bucket, pageSize, counts, versions);
    List<Row> out = new ArrayList<>();
    try {
      for (RangeLister.Listing l : BoundedParallel.map(ranges, parallelism, "lakecopy-list",
          r -> list(pages, r))) {
        l.objects().forEach(o -> out.add(ListingRows.object(o)));
        l.left().forEach(r -> out.add(ListingRows.left(r)));
      }
    } finally {
      sent.add(counts.snapshot());
    }
    return out.iterator();
  }

  private RangeLister.Listing list(ListingPages pages, ListRange range) {
    try {
      return RangeLister.list(pages, range, pagesPerRange);
    } catch (SdkException e) {
      throw new LakecopyException(S3Errors.classify(e), "listing s3://" + bucket + "/" + range.prefix() + ": "
          + S3Errors.describe(e), e);
    }
  }
}
