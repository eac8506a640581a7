package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.S3ClientSettings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The Spark adapter of the copy stage: copies one partition's tasks with this JVM's shared client.
 * Serializable state only; the client is looked up (or built once) on the executor.
 */
public final class CopyPartitionFn implements FlatMapFunction<Iterator<CopyTask>, TaskOutcome> {
  private static final long serialVersionUID = 1L;

  private final S3ClientSettings destClient;
  private final int maxInFlight;
  private final boolean failFirstAttempt;
  private final CopyProgress progress;

  /**
   * @param failFirstAttempt testing only: the first attempt of every task copies half its rows and then
   *     fails, so Spark's task retry runs (and re-copies those rows into the same uploads)
   */
  public CopyPartitionFn(S3ClientSettings destClient, int maxInFlight, boolean failFirstAttempt,
      CopyProgress progress) {
    this.destClient = requireNonNull(destClient, "destClient is null");
    this.maxInFlight = maxInFlight;
    this.failFirstAttempt = failFirstAttempt;
    this.progress = requireNonNull(progress, "progress is null");
  }

  @Override
  public Iterator<TaskOutcome> call(Iterator<CopyTask> tasks) {
    // Accumulators are not thread-safe: count this task's attempts here, add them once at the end.
    java.util.concurrent.atomic.LongAdder copies = new java.util.concurrent.atomic.LongAdder();
    java.util.concurrent.atomic.LongAdder parts = new java.util.concurrent.atomic.LongAdder();
    TaskCopier copier = new TaskCopier(ExecutorS3Clients.get(destClient), destClient.options().encryption(), copies::add,
        parts::add);
    ParallelCopier parallel = new ParallelCopier(copier, maxInFlight, ExecutorS3Clients.limit(destClient));
    TaskContext context = TaskContext.get();
    if (failFirstAttempt && context != null && context.attemptNumber() == 0) {
      List<CopyTask> rows = new ArrayList<>();
      tasks.forEachRemaining(rows::add);
      parallel.copyAll(rows.subList(0, rows.size() / 2).iterator());
      throw new IllegalStateException("injected failure of the first attempt of task " + context.partitionId());
    }
    List<TaskOutcome> outcomes = parallel.copyAll(tasks);
    progress.add(outcomes);
    progress.addAttempts(copies.sum(), parts.sum());
    return outcomes.iterator();
  }
}
