package io.lakecopy.copy;

import io.lakecopy.plan.PlanRow;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.OutcomeRows;
import io.lakecopy.report.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What the stages of a wave write under the run's directory: an object's outcome ({@code kind = "object"}), or,
 * for the parts of an upload the driver owns, one part's outcome ({@code kind = "part"}: its part number, upload
 * id and part ETag in {@code dest_etag}), which the driver turns into the object's outcome when it completes the
 * upload. The columns are {@code kind, part_number, upload_id} and then {@link OutcomeRows#SCHEMA}.
 */
public final class WaveRows {
  public static final String OBJECT = "object";
  public static final String PART = "part";

  public static final StructType SCHEMA;

  static {
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField("kind", DataTypes.StringType, false),
        DataTypes.createStructField("part_number", DataTypes.IntegerType, false),
        DataTypes.createStructField("upload_id", DataTypes.StringType, true)));
    fields.addAll(Arrays.asList(OutcomeRows.SCHEMA.fields()));
    SCHEMA = new StructType(fields.toArray(StructField[]::new));
  }

  /** Where {@link OutcomeRows#SCHEMA} starts in a row of {@link #SCHEMA}. */
  static final int OUTCOME_OFFSET = 3;

  private WaveRows() {}

  /** An object's outcome. */
  public static Row object(long objectId, int wave, int stage, ObjectOutcome o) {
    Row r = OutcomeRows.toRow(objectId, wave, stage, o);
    Object[] values = new Object[SCHEMA.size()];
    values[0] = OBJECT;
    values[1] = 0;
    values[2] = null;
    for (int i = 0; i < r.size(); i++) {
      values[OUTCOME_OFFSET + i] = r.get(i);
    }
    return RowFactory.create(values);
  }

  /** One part of a driver-owned upload: copied ({@code outcome} succeeded) or not. */
  public static Row part(PlanRow p, String uploadId, int stage, TaskOutcome outcome) {
    ObjectOutcome o = new ObjectOutcome(p.source().location(), p.dest(), outcome.bytes(), p.source().eTag(),
        outcome.copiedVersionId(), outcome.eTag(), p.method(), p.partCount(),
        outcome.succeeded() ? Status.COPIED : Status.FAILED, outcome.errorKind(), outcome.message(),
        outcome.durationMillis(), 1).verified(null, outcome.destChecksum(), null);
    Row r = OutcomeRows.toRow(p.objectId(), p.wave(), stage, o);
    Object[] values = new Object[SCHEMA.size()];
    values[0] = PART;
    values[1] = p.part().partNumber();
    values[2] = uploadId;
    for (int i = 0; i < r.size(); i++) {
      values[OUTCOME_OFFSET + i] = r.get(i);
    }
    return RowFactory.create(values);
  }

  public static boolean isPart(Row r) {
    return PART.equals(r.getString(0));
  }

  public static int partNumber(Row r) {
    return r.getInt(1);
  }

  public static String uploadId(Row r) {
    return r.getString(2);
  }

  public static long objectId(Row r) {
    return r.getLong(OUTCOME_OFFSET);
  }

  /** The outcome a row of {@link #SCHEMA} holds (for a part: the part's). */
  public static ObjectOutcome outcome(Row r) {
    return OutcomeRows.outcome(r, OUTCOME_OFFSET + 3);
  }
}
