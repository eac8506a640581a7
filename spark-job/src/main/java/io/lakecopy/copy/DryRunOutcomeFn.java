package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.Decision;
import io.lakecopy.plan.PlanRow;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.OutcomeRows;
import io.lakecopy.report.Status;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/** A dry run's report row for a planned object: what a real run would do with it, and why. */
public final class DryRunOutcomeFn implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final boolean move;
  /** Why the run streams its copies, or null where it copies server-side. */
  private final String streamedBecause;

  public DryRunOutcomeFn(boolean move) {
    this(move, null);
  }

  /** @param streamedBecause why the run streams its copies ({@code JobConfig#streamReason}), or null */
  public DryRunOutcomeFn(boolean move, String streamedBecause) {
    this.move = move;
    this.streamedBecause = streamedBecause;
  }

  @Override
  public Row call(Row r) {
    PlanRow p = PlanRows.of(r);
    Decision d = p.decision();
    ObjectOutcome o = switch (d.action()) {
      case COPY -> ObjectOutcome.planned(p, Status.PLANNED, null, "would copy with "
          + p.method().describe(p.partCount())
          + (p.method().streamed() && streamedBecause != null ? ", streamed because " + streamedBecause : "")
          + (move ? ", then delete the source (--move)" : "") + " (" + d.reason() + ")");
      case DELETE_SOURCE -> ObjectOutcome.planned(p, Status.PLANNED, null, "would delete the source: " + d.reason());
      case FAIL -> ObjectOutcome.planned(p, Status.FAILED, requireNonNull(d.failureKind()), "would fail: "
          + d.reason());
      default -> ObjectOutcome.planned(p, Status.SKIPPED, null, "would skip: " + d.reason());
    };
    return WaveRows.object(p.objectId(), p.wave(), OutcomeRows.PLAN_STAGE, o);
  }
}
