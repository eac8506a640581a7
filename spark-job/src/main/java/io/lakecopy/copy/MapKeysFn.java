package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.KeyMapper;
import io.lakecopy.config.ObjectFilter;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.S3Location;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * On the executors: whether each source object passes the filters, and the destination key it maps to (every
 * listed object gets one, selected or not: --delete never deletes a copy of any of them). A key that cannot be a
 * destination key (too long once mapped) is an error row, reported before anything is written.
 */
public final class MapKeysFn implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final ObjectFilter filter;
  private final KeyMapper mapper;
  private final S3Location destPrefix;

  public MapKeysFn(ObjectFilter filter, KeyMapper mapper, S3Location destPrefix) {
    this.filter = requireNonNull(filter, "filter is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.destPrefix = requireNonNull(destPrefix, "destPrefix is null");
  }

  @Override
  public Row call(Row r) {
    String key = r.getAs("key");
    String relative = r.getAs("relative_key");
    boolean missing = r.<Boolean>getAs("missing");
    Long size = r.getAs("size");
    java.sql.Timestamp modified = r.getAs("last_modified");
    boolean selected = !missing && size != null && filter.acceptsKey(key, relative)
        && filter.acceptsAttributes(size, modified == null ? null : modified.toInstant());
    String destKey = null;
    String error = null;
    try {
      destKey = destPrefix.resolve(mapper.map(relative)).key();
    } catch (IllegalArgumentException e) {
      error = "s3://" + r.getAs("bucket") + "/" + Excerpt.of(key) + ": no destination key: " + e.getMessage();
    }
    Object[] values = new Object[SourceRows.MAPPED.size()];
    for (int i = 0; i < SourceRows.SCHEMA.size(); i++) {
      values[i] = r.get(r.fieldIndex(SourceRows.SCHEMA.fields()[i].name()));
    }
    values[SourceRows.SCHEMA.size()] = selected;
    values[SourceRows.SCHEMA.size() + 1] = destKey;
    values[SourceRows.SCHEMA.size() + 2] = error;
    return RowFactory.create(values);
  }
}
