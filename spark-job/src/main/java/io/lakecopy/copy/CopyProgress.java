package io.lakecopy.copy;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.util.LongAccumulator;

/**
 * Copy requests done, bytes copied and failures (objects that failed, and parts of driver-owned uploads that
 * failed), counted on the executors with Spark accumulators and read by the driver's progress line and its
 * decision to copy failed objects again. Spark merges a task's counts when the task ends.
 */
public record CopyProgress(LongAccumulator requests, LongAccumulator bytes, LongAccumulator failures,
    RequestCounts sent) implements Serializable {

  /** Adds a task's HTTP attempts (retries included), by operation. */
  public void addAttempts(io.lakecopy.s3.OperationCounts counts) {
    sent.add(counts.snapshot());
  }

  /** Adds a batch's copy requests and the bytes the successful ones copied. */
  public void add(List<TaskOutcome> outcomes) {
    long b = 0;
    for (TaskOutcome o : outcomes) {
      if (o.succeeded()) {
        b += o.bytes();
      }
    }
    requests.add(outcomes.size());
    bytes.add(b);
  }

  /**
   * Counts one failure: an object that failed in any way (a failed request, a failed create or complete, a
   * verification), or a failed part of an upload the driver completes.
   */
  public void failed() {
    failures.add(1);
  }
}
