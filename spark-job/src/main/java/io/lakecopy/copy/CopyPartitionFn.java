package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.S3ClientSettings;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * The Spark adapter of the copy stage: copies one partition's tasks with this JVM's shared client.
 * Serializable state only; the client is looked up (or built once) on the executor.
 */
public final class CopyPartitionFn implements MapPartitionsFunction<CopyTask, TaskOutcome> {
  private static final long serialVersionUID = 1L;

  private final S3ClientSettings destClient;
  private final int maxInFlight;

  public CopyPartitionFn(S3ClientSettings destClient, int maxInFlight) {
    this.destClient = requireNonNull(destClient, "destClient is null");
    this.maxInFlight = maxInFlight;
  }

  @Override
  public Iterator<TaskOutcome> call(Iterator<CopyTask> tasks) {
    TaskCopier copier = new TaskCopier(ExecutorS3Clients.get(destClient));
    return new ParallelCopier(copier, maxInFlight).copyAll(tasks).iterator();
  }
}
