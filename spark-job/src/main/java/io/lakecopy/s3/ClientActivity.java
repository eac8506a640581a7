package io.lakecopy.s3;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the tasks of this JVM finished with one shared client as their destination: objects copied and
 * failed, parts of driver-owned uploads copied and failed, bytes copied. Live counters for Spark's metrics
 * system ({@code io.lakecopy.metrics.LakecopyMetricsPlugin}); the run's own totals come from its accumulators
 * and outcome rows, not from here.
 */
public final class ClientActivity {
  private final LongAdder objectsCopied = new LongAdder();
  private final LongAdder objectsFailed = new LongAdder();
  private final LongAdder partsCopied = new LongAdder();
  private final LongAdder partsFailed = new LongAdder();
  private final LongAdder bytesCopied = new LongAdder();

  /** An object whose copy ended in a task: copied (with its size) or failed. */
  public void object(boolean copied, long bytes) {
    if (copied) {
      objectsCopied.increment();
      bytesCopied.add(bytes);
    } else {
      objectsFailed.increment();
    }
  }

  /** A part of an upload the driver completes: copied (with its length) or failed. */
  public void part(boolean copied, long bytes) {
    if (copied) {
      partsCopied.increment();
      bytesCopied.add(bytes);
    } else {
      partsFailed.increment();
    }
  }

  long objectsCopied() {
    return objectsCopied.sum();
  }

  long objectsFailed() {
    return objectsFailed.sum();
  }

  long partsCopied() {
    return partsCopied.sum();
  }

  long partsFailed() {
    return partsFailed.sum();
  }

  long bytesCopied() {
    return bytesCopied.sum();
  }
}
