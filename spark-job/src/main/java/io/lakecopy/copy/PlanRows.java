package io.lakecopy.copy;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.Decision;
import io.lakecopy.plan.DestinationFacts;
import io.lakecopy.plan.PartRange;
import io.lakecopy.plan.PlanRow;
import io.lakecopy.plan.SourceObject;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The plan's Spark schema, and {@link PlanRow}s to and from its rows. */
public final class PlanRows {
  private PlanRows() {}

  /** The plan's columns, in order; the README documents each. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      field("object_id", DataTypes.LongType, false),
      field("wave", DataTypes.IntegerType, false),
      field("source_bucket", DataTypes.StringType, false),
      field("source_key", DataTypes.StringType, false),
      field("relative_key", DataTypes.StringType, false),
      field("source_version_id", DataTypes.StringType, true),
      field("source_etag", DataTypes.StringType, false),
      field("size_bytes", DataTypes.LongType, false),
      field("last_modified", DataTypes.TimestampType, true),
      field("storage_class", DataTypes.StringType, true),
      field("line", DataTypes.LongType, false),
      field("dest_bucket", DataTypes.StringType, false),
      field("dest_key", DataTypes.StringType, false),
      field("dest_size", DataTypes.LongType, true),
      field("dest_etag", DataTypes.StringType, true),
      field("dest_last_modified", DataTypes.TimestampType, true),
      field("dest_recorded_source_etag", DataTypes.StringType, true),
      field("copied_before", DataTypes.BooleanType, false),
      field("action", DataTypes.StringType, false),
      field("failure_kind", DataTypes.StringType, true),
      field("reason", DataTypes.StringType, false),
      field("method", DataTypes.StringType, false),
      field("part_size_bytes", DataTypes.LongType, false),
      field("part_count", DataTypes.IntegerType, false),
      field("spread", DataTypes.BooleanType, false),
      field("part_number", DataTypes.IntegerType, false),
      field("first_byte", DataTypes.LongType, false),
      field("last_byte", DataTypes.LongType, false),
      field("upload_id", DataTypes.StringType, true)});

  private static StructField field(String name, DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }

  /** A plan row as a Spark row of {@link #SCHEMA}; {@code uploadId} fills the last column (null in the plan). */
  public static Row toRow(PlanRow p, String uploadId) {
    SourceObject source = p.source();
    S3Location dest = p.dest();
    Decision decision = p.decision();
    PartRange part = p.part();
    DestinationFacts d = p.destination().orElse(null);
    return RowFactory.create(p.objectId(), p.wave(), source.location().bucket(), source.location().key(),
        source.relativeKey(), source.versionId(), source.eTag(), source.sizeBytes(), ts(source.lastModified()),
        source.storageClass(), source.line(), dest.bucket(), dest.key(), d == null ? null : d.sizeBytes(),
        d == null ? null : d.eTag(), d == null ? null : ts(d.lastModified()),
        d == null ? null : d.recordedSourceETag().orElse(null), p.copiedBefore(), decision.action().name(),
        decision.failureKind() == null ? null : decision.failureKind().name(), decision.reason(), p.method().name(),
        p.partSizeBytes(), p.partCount(), p.spread(), part == null ? 0 : part.partNumber(),
        part == null ? 0L : part.firstByte(), part == null ? source.sizeBytes() - 1 : part.lastByte(), uploadId);
  }

  public static Row toRow(PlanRow p) {
    return toRow(p, null);
  }

  /** A row of {@link #SCHEMA} read back. */
  public static PlanRow of(Row r) {
    S3Location location = new S3Location(r.getString(2), r.getString(3));
    SourceObject source = new SourceObject(location, r.getString(4), r.getLong(7), r.getString(6), r.getString(9),
        r.getLong(10), r.getString(5), instant(r, 8));
    Optional<DestinationFacts> destination = r.isNullAt(13) ? Optional.empty()
        : Optional.of(new DestinationFacts(r.getLong(13), r.getString(14), instant(r, 15),
            Optional.ofNullable(r.getString(16))));
    Decision decision = new Decision(Decision.Action.valueOf(r.getString(18)),
        r.isNullAt(19) ? null : ErrorKind.valueOf(r.getString(19)), r.getString(20));
    int partNumber = r.getInt(25);
    PartRange part = partNumber == 0 ? null : new PartRange(partNumber, r.getLong(26), r.getLong(27));
    return new PlanRow(r.getLong(0), r.getInt(1), source, new S3Location(r.getString(11), r.getString(12)),
        destination, r.getBoolean(17), decision, CopyMethod.valueOf(r.getString(21)), r.getLong(22), r.getInt(23),
        r.getBoolean(24), part);
  }

  /** The upload id a row of {@link #SCHEMA} carries (spread parts, once their upload exists), or null. */
  public static String uploadId(Row r) {
    return r.isNullAt(28) ? null : r.getString(28);
  }

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  static Instant instant(Row r, int i) {
    return r.isNullAt(i) ? null : r.getTimestamp(i).toInstant();
  }
}
