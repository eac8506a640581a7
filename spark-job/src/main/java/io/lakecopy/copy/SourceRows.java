package io.lakecopy.copy;

import io.lakecopy.plan.SourceObject;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The source objects a run found, as rows: a listing's keys or a manifest's entries ({@link #SCHEMA}); and the
 * same rows with the selection and the destination key ({@link #MAPPED}). Columns are read by name, so joins may
 * add or reorder them.
 */
public final class SourceRows {
  /**
   * bucket, key, relative_key (to --source), version_id, size, etag, last_modified, storage_class, line (the
   * manifest line or inventory row, 0 for a listing), missing (a manifest entry whose object does not exist).
   */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("bucket", DataTypes.StringType, false),
      DataTypes.createStructField("key", DataTypes.StringType, false),
      DataTypes.createStructField("relative_key", DataTypes.StringType, false),
      DataTypes.createStructField("version_id", DataTypes.StringType, true),
      DataTypes.createStructField("size", DataTypes.LongType, true),
      DataTypes.createStructField("etag", DataTypes.StringType, true),
      DataTypes.createStructField("last_modified", DataTypes.TimestampType, true),
      DataTypes.createStructField("storage_class", DataTypes.StringType, true),
      DataTypes.createStructField("line", DataTypes.LongType, false),
      DataTypes.createStructField("missing", DataTypes.BooleanType, false)});

  /** {@link #SCHEMA} plus: selected (passes the filters), dest_key, error (why no destination key, or null). */
  public static final StructType MAPPED;

  static {
    List<StructField> fields = new ArrayList<>(Arrays.asList(SCHEMA.fields()));
    fields.add(DataTypes.createStructField("selected", DataTypes.BooleanType, false));
    fields.add(DataTypes.createStructField("dest_key", DataTypes.StringType, true));
    fields.add(DataTypes.createStructField("error", DataTypes.StringType, true));
    MAPPED = new StructType(fields.toArray(StructField[]::new));
  }

  private SourceRows() {}

  /** The source object a row (of {@link #SCHEMA} or wider) describes; size and ETag must be known. */
  public static SourceObject source(Row r) {
    String storageClass = r.getAs("storage_class");
    java.sql.Timestamp modified = r.getAs("last_modified");
    String eTag = r.getAs("etag");
    return new SourceObject(new S3Location(r.getAs("bucket"), r.getAs("key")), r.getAs("relative_key"),
        r.<Long>getAs("size"), eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"",
        storageClass == null || storageClass.equals("STANDARD") ? null : storageClass, r.<Long>getAs("line"),
        r.getAs("version_id"), modified == null ? null : modified.toInstant());
  }
}
