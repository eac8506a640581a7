package io.lakecopy.copy;

import io.lakecopy.plan.PlanRow;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.OutcomeRows;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * The outcome of an object the journal of a dead run records as copied: a plan row joined with the journal's
 * d_etag and d_version columns.
 */
public final class ResumedOutcomeFn implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  @Override
  public Row call(Row r) {
    PlanRow p = PlanRows.of(r);
    ObjectOutcome o = ObjectOutcome.copiedEarlier(p, r.getAs("d_etag"), r.getAs("d_version"));
    return WaveRows.object(p.objectId(), p.wave(), OutcomeRows.copyStage(1) - 1, o);
  }
}
