package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.KeyMapper;
import io.lakecopy.config.ObjectFilter;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.S3Location;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * On the executors, --all-versions: a key of the source's listing of versions, if the key filters select it, with
 * the destination key it maps to ({@link #SCHEMA}); a key that cannot be a destination key (too long once mapped)
 * is an error row, which stops the run before anything is written.
 */
public final class HistoryKeysFn implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** key, versions (newest first), dest_key (null on an error row), error (why no destination key, or null). */
  public static final StructType SCHEMA = new StructType()
      .add("key", DataTypes.StringType, false)
      .add("versions", ListingRows.VERSIONS, false)
      .add("dest_key", DataTypes.StringType, true)
      .add("error", DataTypes.StringType, true);

  private final ObjectFilter filter;
  private final KeyMapper mapper;
  private final S3Location source;
  private final S3Location destPrefix;

  public HistoryKeysFn(ObjectFilter filter, KeyMapper mapper, S3Location source, S3Location destPrefix) {
    this.filter = requireNonNull(filter, "filter is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.source = requireNonNull(source, "source is null");
    this.destPrefix = requireNonNull(destPrefix, "destPrefix is null");
  }

  @Override
  public Iterator<Row> call(Row r) {
    String key = r.getAs("key");
    String relative = key.substring(source.key().length());
    if (!filter.acceptsKey(key, relative)) {
      return Collections.emptyIterator();
    }
    Object versions = r.get(r.fieldIndex("versions"));
    try {
      return List.of(row(key, versions, destPrefix.resolve(mapper.map(relative)).key(), null)).iterator();
    } catch (IllegalArgumentException e) {
      return List.of(row(key, versions, null, "s3://" + source.bucket() + "/" + Excerpt.of(key)
          + ": no destination key: " + e.getMessage())).iterator();
    }
  }

  /** A row with its schema: Spark may hand it as it is to the next function, which reads columns by name. */
  private static Row row(String key, Object versions, String destKey, String error) {
    return new GenericRowWithSchema(new Object[] {key, versions, destKey, error}, SCHEMA);
  }
}
