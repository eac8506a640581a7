package io.lakecopy.cli;

import io.lakecopy.copy.CopyPartitionFn;
import io.lakecopy.copy.CopyProgress;
import io.lakecopy.copy.CopyTask;
import io.lakecopy.copy.TaskOutcome;
import io.lakecopy.copy.TaskSpreader;
import io.lakecopy.s3.S3ClientSettings;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;

/** Runs the copy tasks on the executors: an RDD of task rows, spread by LPT, copied by mapPartitions. */
final class CopyStage {
  /** Tasks per partition above which the automatic partition count grows. */
  static final int TASKS_PER_PARTITION = 2_000;
  /** Testing only: fail the first attempt of every copy task, to exercise Spark's task retry. */
  public static final String FAIL_FIRST_ATTEMPT = "spark.lakecopy.test.failFirstTaskAttempt";

  private CopyStage() {}

  static List<TaskOutcome> run(SparkSession spark, List<CopyTask> tasks, S3ClientSettings destClient,
      int maxInFlight, int configuredPartitions, CopyProgress progress) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    int partitions = partitions(spark, tasks.size(), configuredPartitions);
    List<List<CopyTask>> spread = TaskSpreader.spread(tasks, partitions);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // One list per slice: parallelize keeps each list whole in its own partition. The rows stay Java
    // records in an RDD: no Catalyst encoder to generate, so the copy starts as soon as it is planned.
    JavaRDD<CopyTask> rows = jsc.parallelize(spread, spread.size()).flatMap(new Flatten());
    S3ClientSettings executorClient = destClient.withMaxConnections(maxInFlight * tasksPerExecutor(spark));
    boolean failFirstAttempt = Boolean.parseBoolean(spark.conf().get(FAIL_FIRST_ATTEMPT, "false"));
    return rows.mapPartitions(new CopyPartitionFn(executorClient, maxInFlight, failFirstAttempt, progress)).collect();
  }

  static int partitions(SparkSession spark, int taskCount, int configured) {
    int n = configured > 0 ? configured
        : Math.max(2 * spark.sparkContext().defaultParallelism(), (taskCount + TASKS_PER_PARTITION - 1) / TASKS_PER_PARTITION);
    return Math.max(1, Math.min(n, taskCount));
  }

  /** Tasks one executor JVM runs at once, each with maxInFlight requests: the connection pool must fit them. */
  private static int tasksPerExecutor(SparkSession spark) {
    String cores = spark.conf().get("spark.executor.cores", "");
    if (!cores.isEmpty()) {
      return Math.max(1, Integer.parseInt(cores.strip()));
    }
    String master = spark.sparkContext().master();
    return master.startsWith("local") ? spark.sparkContext().defaultParallelism() : 4;
  }

  private static final class Flatten implements FlatMapFunction<List<CopyTask>, CopyTask> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<CopyTask> call(List<CopyTask> slice) {
      return slice.iterator();
    }
  }
}
