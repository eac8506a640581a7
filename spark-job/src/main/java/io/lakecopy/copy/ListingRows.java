package io.lakecopy.copy;

import io.lakecopy.plan.ListRange;
import io.lakecopy.plan.ListingPages;
import io.lakecopy.plan.ObjectVersion;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A listing round's output, as rows of one schema: an object it listed ({@code key} set), or a range still to list
 * ({@code key} null, the {@code range_*} columns set). Written per round, read back for the next round's ranges.
 */
public final class ListingRows {
  /** range_prefix, range_delimited, range_token, range_after, range_end: a {@link ListRange}. */
  public static final StructType RANGES = new StructType(new StructField[] {
      DataTypes.createStructField("range_prefix", DataTypes.StringType, true),
      DataTypes.createStructField("range_delimited", DataTypes.BooleanType, true),
      DataTypes.createStructField("range_token", DataTypes.StringType, true),
      DataTypes.createStructField("range_after", DataTypes.StringType, true),
      DataTypes.createStructField("range_end", DataTypes.StringType, true)});

  /** One entry of a key's history: a {@link ObjectVersion}. */
  public static final StructType VERSION = new StructType(new StructField[] {
      DataTypes.createStructField("version_id", DataTypes.StringType, false),
      DataTypes.createStructField("delete_marker", DataTypes.BooleanType, false),
      DataTypes.createStructField("latest", DataTypes.BooleanType, false),
      DataTypes.createStructField("size", DataTypes.LongType, false),
      DataTypes.createStructField("etag", DataTypes.StringType, true),
      DataTypes.createStructField("last_modified", DataTypes.TimestampType, false),
      DataTypes.createStructField("storage_class", DataTypes.StringType, true)});

  /** A key's history, newest first ({@link #VERSION} entries). */
  public static final DataType VERSIONS = DataTypes.createArrayType(VERSION, false);

  /**
   * key, size, etag, last_modified, storage_class (null for STANDARD), versions (a listing of versions: the key's
   * history, newest first; else null), then {@link #RANGES}' columns.
   */
  public static final StructType SCHEMA = new StructType(Stream.concat(Stream.of(
      DataTypes.createStructField("key", DataTypes.StringType, true),
      DataTypes.createStructField("size", DataTypes.LongType, true),
      DataTypes.createStructField("etag", DataTypes.StringType, true),
      DataTypes.createStructField("last_modified", DataTypes.TimestampType, true),
      DataTypes.createStructField("storage_class", DataTypes.StringType, true),
      DataTypes.createStructField("versions", VERSIONS, true)), Arrays.stream(RANGES.fields()))
      .toArray(StructField[]::new));

  private ListingRows() {}

  /** A listed object. */
  public static Row object(ListingPages.Listed o) {
    return RowFactory.create(o.key(), o.sizeBytes(), o.eTag(),
        o.lastModified() == null ? null : Timestamp.from(o.lastModified()), o.storageClass(),
        o.versions() == null ? null : o.versions().stream().map(ListingRows::version).toArray(Row[]::new), null, null,
        null, null, null);
  }

  private static Row version(ObjectVersion v) {
    return RowFactory.create(v.versionId(), v.deleteMarker(), v.latest(), v.sizeBytes(), v.eTag(),
        Timestamp.from(v.lastModified()), v.storageClass());
  }

  /** The history in a row's {@code versions} column (newest first), or null when it has none. */
  public static List<ObjectVersion> versions(Row r) {
    return versions(r, "versions");
  }

  /** The history in a row's column {@code column} of type {@link #VERSIONS} (newest first), or null. */
  public static List<ObjectVersion> versions(Row r, String column) {
    if (r.isNullAt(r.fieldIndex(column))) {
      return null;
    }
    List<Row> rows = r.getList(r.fieldIndex(column));
    if (rows == null) {
      return null;
    }
    List<ObjectVersion> out = new ArrayList<>(rows.size());
    for (Row v : rows) {
      out.add(new ObjectVersion(v.getString(0), v.getBoolean(1), v.getBoolean(2), v.getLong(3), v.getString(4),
          v.getTimestamp(5).toInstant(), v.getString(6)));
    }
    return out;
  }

  /** A range still to list, as a row of {@link #SCHEMA}. */
  public static Row left(ListRange r) {
    return RowFactory.create(null, null, null, null, null, null, r.prefix(), r.delimited(), r.continuationToken(),
        r.startAfter(), r.endInclusive());
  }

  /** A range to list, as a row of {@link #RANGES}. */
  public static Row range(ListRange r) {
    return RowFactory.create(r.prefix(), r.delimited(), r.continuationToken(), r.startAfter(), r.endInclusive());
  }

  /** The range a row of {@link #RANGES} or {@link #SCHEMA} holds. */
  public static ListRange range(Row r) {
    return new ListRange(r.getAs("range_prefix"), r.<Boolean>getAs("range_delimited"), r.getAs("range_token"),
        r.getAs("range_after"), r.getAs("range_end"));
  }
}
