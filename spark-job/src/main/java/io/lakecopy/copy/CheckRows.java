package io.lakecopy.copy;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The rows of {@code lakecopy check}'s report: one per key, source and destination side by side. */
public final class CheckRows {
  /**
   * source (s3://bucket/key, null for an extra object), destination (s3://bucket/key, null when the source key maps
   * to none), source_size, dest_size, source_etag, dest_etag (unquoted, null where there is no object), result
   * ({@link io.lakecopy.plan.CheckVerdict.Result#label}), reason.
   */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("source", DataTypes.StringType, true),
      DataTypes.createStructField("destination", DataTypes.StringType, true),
      DataTypes.createStructField("source_size", DataTypes.LongType, true),
      DataTypes.createStructField("dest_size", DataTypes.LongType, true),
      DataTypes.createStructField("source_etag", DataTypes.StringType, true),
      DataTypes.createStructField("dest_etag", DataTypes.StringType, true),
      DataTypes.createStructField("result", DataTypes.StringType, false),
      DataTypes.createStructField("reason", DataTypes.StringType, false)});

  private CheckRows() {}
}
