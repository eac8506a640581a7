package io.lakecopy.report;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Outcome rows as the executors write them under the run's directory: the report's columns ({@link #REPORT}),
 * preceded by the object's id, its wave and the stage that wrote the row. An object can have several rows (a
 * retry round, the completion of a spread upload, a --move delete): its latest stage is its outcome.
 */
public final class OutcomeRows {
  /** The report's columns; the README documents each. */
  public static final StructType REPORT = new StructType(new StructField[] {
      DataTypes.createStructField("source", DataTypes.StringType, false),
      DataTypes.createStructField("destination", DataTypes.StringType, false),
      DataTypes.createStructField("size_bytes", DataTypes.LongType, false),
      DataTypes.createStructField("source_etag", DataTypes.StringType, true),
      DataTypes.createStructField("source_version_id", DataTypes.StringType, true),
      DataTypes.createStructField("dest_etag", DataTypes.StringType, true),
      DataTypes.createStructField("method", DataTypes.StringType, false),
      DataTypes.createStructField("parts", DataTypes.IntegerType, false),
      DataTypes.createStructField("status", DataTypes.StringType, false),
      DataTypes.createStructField("error_kind", DataTypes.StringType, true),
      DataTypes.createStructField("error_message", DataTypes.StringType, true),
      DataTypes.createStructField("duration_ms", DataTypes.LongType, false),
      DataTypes.createStructField("attempts", DataTypes.IntegerType, false),
      DataTypes.createStructField("source_checksum", DataTypes.StringType, true),
      DataTypes.createStructField("dest_checksum", DataTypes.StringType, true),
      DataTypes.createStructField("verified_by", DataTypes.StringType, true),
      DataTypes.createStructField("dest_version_id", DataTypes.StringType, true)});

  /** The stage of the plan itself: objects the run does not copy, manifest entries that do not exist. */
  public static final int PLAN_STAGE = 0;
  /** --move's verification and source delete, after every copy round: attempt n writes stage MOVE_STAGE + n. */
  public static final int MOVE_STAGE = 1_000;
  /** --delete's destination deletes. */
  public static final int DELETE_STAGE = 2_000;

  /** The stage of copy round {@code round} (1-based); its driver-side completions are one later. */
  public static int copyStage(int round) {
    return 10 * round;
  }

  /** Internal outcome rows: id, wave, stage, then {@link #REPORT}. */
  public static final StructType SCHEMA;

  static {
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField("object_id", DataTypes.LongType, false),
        DataTypes.createStructField("wave", DataTypes.IntegerType, false),
        DataTypes.createStructField("stage", DataTypes.IntegerType, false)));
    fields.addAll(Arrays.asList(REPORT.fields()));
    SCHEMA = new StructType(fields.toArray(StructField[]::new));
  }

  private OutcomeRows() {}

  /** An outcome as a row of {@link #SCHEMA}. */
  public static Row toRow(long objectId, int wave, int stage, ObjectOutcome o) {
    return RowFactory.create(objectId, wave, stage, o.source(), o.destination(), o.sizeBytes(), o.sourceETag(),
        o.sourceVersionId(), o.destETag(), o.method().name(), o.parts(), o.status().name(),
        o.errorKind() == null ? null : o.errorKind().name(), o.errorMessage(), o.durationMillis(), o.attempts(),
        o.sourceChecksum(), o.destChecksum(), o.verifiedBy(), o.destVersionId());
  }

  /** A row of {@link #SCHEMA} (or of {@link #REPORT}, {@code offset} 0) as an outcome. */
  public static ObjectOutcome outcome(Row r, int offset) {
    String source = r.getString(offset);
    return new ObjectOutcome(source == null || source.isEmpty() ? null : S3Location.parse(source, "source"),
        S3Location.parse(r.getString(offset + 1), "destination"), r.getLong(offset + 2), r.getString(offset + 3),
        r.getString(offset + 4), r.getString(offset + 5), CopyMethod.valueOf(r.getString(offset + 6)),
        r.getInt(offset + 7), Status.valueOf(r.getString(offset + 8)),
        r.isNullAt(offset + 9) ? null : ErrorKind.valueOf(r.getString(offset + 9)), r.getString(offset + 10),
        r.getLong(offset + 11), r.getInt(offset + 12), r.getString(offset + 13), r.getString(offset + 14),
        r.getString(offset + 15), r.length() > offset + 16 ? r.getString(offset + 16) : null);
  }

  /** A row of {@link #SCHEMA} as an outcome. */
  public static ObjectOutcome outcome(Row r) {
    return outcome(r, 3);
  }

  public static long objectId(Row r) {
    return r.getLong(0);
  }
}
