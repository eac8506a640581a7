package io.lakecopy.copy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Assigns copy tasks to Spark partitions so that the parts of one big object land on different tasks
 * and every partition gets about the same work: longest tasks first, each to the least-loaded
 * partition (LPT scheduling).
 */
public final class TaskSpreader {
  /** A request costs about as much time as S3 takes to copy this many bytes inside one request. */
  static final long BYTES_PER_REQUEST_COST = 32L * 1024 * 1024;

  private TaskSpreader() {}

  public static List<List<CopyTask>> spread(List<CopyTask> tasks, int partitions) {
    int n = Math.max(1, Math.min(partitions, tasks.size()));
    List<List<CopyTask>> buckets = new ArrayList<>(n);
    PriorityQueue<long[]> load = new PriorityQueue<>(Comparator.<long[]>comparingLong(b -> b[0]).thenComparingLong(b -> b[1]));
    for (int i = 0; i < n; i++) {
      buckets.add(new ArrayList<>());
      load.add(new long[] {0, i});
    }
    List<CopyTask> ordered = new ArrayList<>(tasks);
    ordered.sort(Comparator.comparingLong(TaskSpreader::cost).reversed());
    for (CopyTask task : ordered) {
      long[] lightest = load.poll();
      buckets.get((int) lightest[1]).add(task);
      lightest[0] += cost(task);
      load.add(lightest);
    }
    return buckets;
  }

  static long cost(CopyTask task) {
    return 1 + task.sizeBytes() / BYTES_PER_REQUEST_COST;
  }
}
