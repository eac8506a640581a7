package io.lakecopy.copy;

import io.lakecopy.plan.Decision;
import io.lakecopy.plan.PlanRow;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.OutcomeRows;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * The outcome of an object the plan does not copy, from its plan row: skipped or done (the reason), failing (the
 * decision's kind), or - --move - its source to be deleted because the destination holds it already.
 */
public final class PlanOutcomeFn implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  @Override
  public Row call(Row r) {
    PlanRow p = PlanRows.of(r);
    Decision d = p.decision();
    ObjectOutcome o = switch (d.action()) {
      case FAIL -> ObjectOutcome.failed(p, d.failureKind(), d.reason(), 0, 0);
      case DELETE_SOURCE -> ObjectOutcome.alreadyThere(p, p.destination().orElseThrow().eTag(), d.reason());
      default -> ObjectOutcome.notCopied(p, d.reason());
    };
    return WaveRows.object(p.objectId(), p.wave(), OutcomeRows.PLAN_STAGE, o);
  }
}
