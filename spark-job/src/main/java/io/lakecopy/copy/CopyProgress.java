package io.lakecopy.copy;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.util.LongAccumulator;

/**
 * Copy requests done, bytes copied and failures, counted on the executors with Spark accumulators and
 * read by the driver's progress line. Spark merges a task's counts when the task ends.
 */
public record CopyProgress(LongAccumulator requests, LongAccumulator bytes, LongAccumulator failures,
    RequestCounts sent) implements Serializable {

  /** Adds a task's HTTP attempts (retries included), by operation. */
  public void addAttempts(io.lakecopy.s3.OperationCounts counts) {
    sent.add(counts.snapshot());
  }

  public void add(List<TaskOutcome> outcomes) {
    long b = 0;
    long f = 0;
    for (TaskOutcome o : outcomes) {
      if (o.succeeded()) {
        b += o.bytes();
      } else {
        f++;
      }
    }
    requests.add(outcomes.size());
    bytes.add(b);
    failures.add(f);
  }
}
