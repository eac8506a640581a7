package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.S3ClientSettings;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * On the executors: --move for a partition of copied objects (rows of {@link WaveRows#SCHEMA}), {@code parallelism}
 * at a time, with {@link Mover}. Retried by Spark harmlessly: a source already deleted by an earlier attempt is
 * reported moved.
 */
public final class MoveFn implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final S3ClientSettings sourceClient;
  private final S3ClientSettings destClient;
  private final int parallelism;
  private final RequestCounts sent;
  private final int stage;
  private final boolean ifMatchHonoured;

  /**
   * @param sent the stage's accumulator of requests by operation
   * @param stage the outcome rows' stage: later attempts of a move (a resumed run) write later stages
   * @param ifMatchHonoured whether the store honours If-Match on DeleteObject ({@link DeleteConditionProbe})
   */
  public MoveFn(S3ClientSettings sourceClient, S3ClientSettings destClient, int parallelism, RequestCounts sent,
      int stage, boolean ifMatchHonoured) {
    this.stage = stage;
    this.ifMatchHonoured = ifMatchHonoured;
    this.sent = requireNonNull(sent, "sent is null");
    this.sourceClient = requireNonNull(sourceClient, "sourceClient is null");
    this.destClient = requireNonNull(destClient, "destClient is null");
    this.parallelism = parallelism;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    io.lakecopy.s3.OperationCounts counts = new io.lakecopy.s3.OperationCounts();
    Mover mover = new Mover(ExecutorS3Clients.get(sourceClient), ExecutorS3Clients.get(destClient), counts,
        ifMatchHonoured);
    return Chunks.of(rows, Math.max(1, parallelism) * DeleteFn.ROWS_PER_SLOT, in -> BoundedParallel.map(in,
        parallelism, "lakecopy-move", r -> {
          ObjectOutcome moved = mover.move(WaveRows.outcome(r));
          return WaveRows.object(WaveRows.objectId(r), r.getInt(WaveRows.OUTCOME_OFFSET + 1), stage, moved);
        }), () -> sent.add(counts.snapshot()));
  }
}
