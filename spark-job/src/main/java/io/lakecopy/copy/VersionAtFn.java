package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.ObjectVersion;
import io.lakecopy.plan.VersionChoice;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;

/**
 * On the executors, for --version-at: a key of a listing of versions ({@link ListingRows#SCHEMA}, with its history)
 * as the source object to copy, the version that was current at the time ({@link VersionChoice#at}), pinned by its
 * version id; nothing for a key that did not exist then.
 */
public final class VersionAtFn implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String bucket;
  private final int prefixLength;
  private final Instant at;

  /** @param prefixLength the length of the --source prefix the listed keys start with */
  public VersionAtFn(String bucket, int prefixLength, Instant at) {
    this.bucket = requireNonNull(bucket, "bucket is null");
    this.at = requireNonNull(at, "at is null");
    this.prefixLength = prefixLength;
  }

  @Override
  public Iterator<Row> call(Row r) {
    List<ObjectVersion> history = ListingRows.versions(r);
    Optional<ObjectVersion> chosen = history == null ? Optional.empty() : VersionChoice.at(history, at);
    if (chosen.isEmpty()) {
      return Collections.emptyIterator();
    }
    ObjectVersion v = chosen.get();
    String key = r.getAs("key");
    // with its schema: Spark may hand this row as it is to the next function, which reads columns by name
    return List.<Row>of(new GenericRowWithSchema(new Object[] {bucket, key, key.substring(prefixLength),
        v.copySourceVersionId(), v.sizeBytes(), v.eTag(), Timestamp.from(v.lastModified()), v.storageClass(), 0L,
        false}, SourceRows.SCHEMA)).iterator();
  }
}
