package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.CheckVerdict;
import io.lakecopy.s3.ETags;
import java.util.Optional;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * On the executors: one row of the source/destination join to its {@link CheckRows} report row, by {@link
 * CheckVerdict}. The join's source side is {@code bucket, key, size, etag, dest_key, error} (all null for a
 * destination object no source maps to); its destination side {@code d_key, d_size, d_etag} (null when the key holds
 * nothing).
 */
public final class CheckRowFn implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String destBucket;

  public CheckRowFn(String destBucket) {
    this.destBucket = requireNonNull(destBucket, "destBucket is null");
  }

  @Override
  public Row call(Row r) {
    String key = r.getAs("key");
    String destKey = r.getAs("d_key") != null ? r.getAs("d_key") : r.getAs("dest_key");
    Optional<CheckVerdict.Side> source = side(key, r.getAs("size"), r.getAs("etag"));
    Optional<CheckVerdict.Side> dest = side(r.getAs("d_key"), r.getAs("d_size"), r.getAs("d_etag"));
    CheckVerdict verdict = CheckVerdict.of(source, dest);
    String error = key == null ? null : r.getAs("error");
    return RowFactory.create(key == null ? null : "s3://" + r.getAs("bucket") + "/" + key,
        destKey == null ? null : "s3://" + destBucket + "/" + destKey, r.getAs("size"), r.getAs("d_size"),
        unquoted(source), unquoted(dest), verdict.result().label(), error != null ? error : verdict.reason());
  }

  private static Optional<CheckVerdict.Side> side(String key, Long size, String eTag) {
    return key == null ? Optional.empty() : Optional.of(new CheckVerdict.Side(size, eTag));
  }

  private static String unquoted(Optional<CheckVerdict.Side> side) {
    return side.map(CheckVerdict.Side::eTag).map(ETags::unquote).orElse(null);
  }
}
