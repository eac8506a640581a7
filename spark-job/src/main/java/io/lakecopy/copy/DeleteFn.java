package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.report.OutcomeRows;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.S3ClientSettings;
import io.lakecopy.s3.S3Location;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * On the executors: --delete for a partition of destination objects to delete (object_id, key, size, etag),
 * {@code parallelism} at a time, with {@link Deleter}. Retried by Spark harmlessly: an object already deleted by an
 * earlier attempt is reported gone.
 */
public final class DeleteFn implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  /** Rows read at a time per request in flight: a task holds one chunk, however big its partition. */
  static final int ROWS_PER_SLOT = 8;

  private final S3ClientSettings destClient;
  private final String bucket;
  private final int parallelism;
  private final RequestCounts sent;
  private final boolean ifMatchHonoured;

  /**
   * @param sent the stage's accumulator of requests by operation
   * @param ifMatchHonoured whether the store honours If-Match on DeleteObject ({@link DeleteConditionProbe})
   */
  public DeleteFn(S3ClientSettings destClient, String bucket, int parallelism, RequestCounts sent,
      boolean ifMatchHonoured) {
    this.ifMatchHonoured = ifMatchHonoured;
    this.sent = requireNonNull(sent, "sent is null");
    this.destClient = requireNonNull(destClient, "destClient is null");
    this.bucket = requireNonNull(bucket, "bucket is null");
    this.parallelism = parallelism;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    io.lakecopy.s3.OperationCounts counts = new io.lakecopy.s3.OperationCounts();
    Deleter deleter = new Deleter(ExecutorS3Clients.get(destClient), counts, ifMatchHonoured);
    return Chunks.of(rows, Math.max(1, parallelism) * ROWS_PER_SLOT, in -> BoundedParallel.map(in, parallelism,
        "lakecopy-delete", r -> WaveRows.object(r.<Long>getAs("object_id"), -1, OutcomeRows.DELETE_STAGE,
            deleter.delete(new S3Location(bucket, r.getAs("key")), r.<Long>getAs("size"), r.getAs("etag")))),
        () -> sent.add(counts.snapshot()));
  }
}
