package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.ObjectFilter;
import io.lakecopy.plan.FilterSettings;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.S3Limits;
import io.lakecopy.s3.S3Location;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * Turns one partition of S3 Inventory rows into {@link ManifestRows#ENTRY} rows: URL-decodes the keys of a CSV
 * inventory (S3 writes them URL-encoded), checks bucket and key, drops rows outside {@code --source} (an inventory
 * covers a whole bucket) and rows the key filters reject, and numbers the rows from the counts of a counting pass.
 * A row the pass did not count, or a bucket or key S3 would not accept, becomes an error row.
 *
 * <p>Input columns, in order: {@code bucket, key, size (long), etag, last_modified (timestamp), storage_class}.
 */
public final class InventoryRowsFn implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Map<Integer, Long> firstRows;
  private final boolean urlEncodedKeys;
  private final S3Location source;
  private final FilterSettings filter;

  /**
   * @param firstRows the number of each partition's first row, from 1, by partition index
   * @param source the {@code --source} prefix, or null
   */
  public InventoryRowsFn(Map<Integer, Long> firstRows, boolean urlEncodedKeys, S3Location source,
      FilterSettings filter) {
    this.firstRows = Map.copyOf(firstRows);
    this.urlEncodedKeys = urlEncodedKeys;
    this.source = source;
    this.filter = requireNonNull(filter, "filter is null");
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    int partition = TaskContext.getPartitionId();
    long[] next = {firstRows.getOrDefault(partition, 1L)};
    ObjectFilter keys = filter.filter();
    return new SkippingIterator<>(rows, r -> entry(r, next[0]++, keys));
  }

  /** A timestamp as Spark hands it over: {@code java.sql.Timestamp}, or {@code Instant} with the Java 8 time API. */
  private static Long micros(Object timestamp) {
    if (timestamp instanceof java.sql.Timestamp t) {
      return ManifestRows.micros(t.toInstant());
    }
    return ManifestRows.micros((java.time.Instant) timestamp);
  }

  private Row entry(Row r, long row, ObjectFilter keys) {
    String bucket = r.getString(0);
    String rawKey = r.getString(1);
    if (bucket == null || bucket.isEmpty() || rawKey == null || rawKey.isEmpty()) {
      return ManifestRows.badEntry(row, "row " + row + ": needs bucket and key");
    }
    String key;
    S3Location location;
    try {
      key = urlEncodedKeys ? URLDecoder.decode(rawKey, StandardCharsets.UTF_8) : rawKey;
      location = new S3Location(bucket, key);
    } catch (IllegalArgumentException e) {
      return ManifestRows.badEntry(row, "row " + row + ": " + Excerpt.of(e.getMessage()));
    }
    String relative = key;
    if (source != null) {
      if (!bucket.equals(source.bucket()) || !key.startsWith(source.key())) {
        return null;
      }
      relative = key.substring(source.key().length());
    }
    if (!keys.acceptsKey(key, relative)) {
      return null;
    }
    Long size = r.isNullAt(2) ? null : r.getLong(2);
    if (size != null && (size < 0 || size > S3Limits.MAX_OBJECT_SIZE_BYTES)) {
      return ManifestRows.badEntry(row, "row " + row + ": size " + size + " of " + Excerpt.of(location.toString())
          + " is outside 0.." + S3Limits.MAX_OBJECT_SIZE_BYTES);
    }
    String eTag = r.isNullAt(3) || r.getString(3).isBlank() ? null : ManifestRows.quoted(r.getString(3).strip());
    String storageClass = r.isNullAt(5) || r.getString(5).isBlank() || r.getString(5).equals("STANDARD") ? null
        : r.getString(5);
    return ManifestRows.entry(location.bucket(), key, relative, null, size, eTag, micros(r.get(4)), storageClass, row);
  }
}
