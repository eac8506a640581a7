package io.lakecopy.copy;

import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.OutcomeRows;
import io.lakecopy.report.Status;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * Report rows that stand for no copy: a dry run's destination objects --delete would remove (object_id, key, size,
 * etag rows), or a manifest's entries whose object does not exist (rows of {@link SourceRows#MAPPED}).
 */
public final class NoSourceOutcomeFn implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final S3Location dest;
  private final boolean missingEntries;

  /** @param missingEntries true for missing manifest entries, false for --delete candidates */
  public NoSourceOutcomeFn(S3Location dest, boolean missingEntries) {
    this.dest = dest;
    this.missingEntries = missingEntries;
  }

  @Override
  public Row call(Row r) {
    if (!missingEntries) {
      ObjectOutcome o = ObjectOutcome.deletion(new S3Location(dest.bucket(), r.getAs("key")), r.<Long>getAs("size"),
          r.getAs("etag"), Status.PLANNED, null, "would be deleted: no source (--delete)");
      return WaveRows.object(r.<Long>getAs("object_id"), -1, OutcomeRows.PLAN_STAGE, o);
    }
    S3Location from = new S3Location(r.getAs("bucket"), r.getAs("key"));
    String destKey = r.getAs("dest_key");
    ObjectOutcome o = new ObjectOutcome(from, destKey == null ? dest : new S3Location(dest.bucket(), destKey), 0, null,
        r.getAs("version_id"), null, io.lakecopy.plan.CopyMethod.NONE, 0, Status.SKIPPED, ErrorKind.NOT_FOUND,
        "manifest line " + r.getAs("line") + ": object does not exist", 0, 0);
    return WaveRows.object(r.<Long>getAs("object_id"), -1, OutcomeRows.PLAN_STAGE, o);
  }
}
