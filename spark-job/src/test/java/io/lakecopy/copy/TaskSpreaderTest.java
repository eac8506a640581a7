package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaskSpreaderTest {
  private static final long MiB = 1024L * 1024;

  @Test
  void spread_partsOfOneObject_landOnDistinctPartitions() {
    List<CopyTask> tasks = new ArrayList<>(parts(0, 8, 128 * MiB));
    for (int i = 1; i <= 20; i++) {
      tasks.add(single(i, 1024));
    }

    List<List<CopyTask>> partitions = TaskSpreader.spread(tasks, 8);

    assertThat(partitions).hasSize(8).allSatisfy(p ->
        assertThat(p).filteredOn(t -> t.objectId() == 0).hasSize(1));
  }

  @Test
  void spread_anyTasks_assignsEachExactlyOnce() {
    List<CopyTask> tasks = randomTasks(new Random(7), 500);

    List<List<CopyTask>> partitions = TaskSpreader.spread(tasks, 13);

    assertThat(partitions).hasSize(13);
    assertThat(partitions.stream().flatMap(Collection::stream).toList())
        .hasSize(tasks.size())
        .containsExactlyInAnyOrderElementsOf(tasks);
  }

  @Test
  void spread_morePartitionsThanTasks_usesOnePartitionPerTask() {
    List<List<CopyTask>> partitions = TaskSpreader.spread(List.of(single(0, 10), single(1, 10), single(2, 10)), 10);

    assertThat(partitions).hasSize(3).allSatisfy(p -> assertThat(p).hasSize(1));
  }

  @Test
  void spread_zeroPartitionsOrNoTasks_returnsOnePartition() {
    assertThat(TaskSpreader.spread(List.of(single(0, 10), single(1, 10)), 0)).hasSize(1)
        .singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(2);
    assertThat(TaskSpreader.spread(List.of(), 5)).hasSize(1).singleElement()
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
  }

  @Test
  void spread_randomTasks_balancesLoadWithinOneTask() {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      List<CopyTask> tasks = randomTasks(random, 50 + random.nextInt(500));
      int n = 1 + random.nextInt(40);

      List<List<CopyTask>> partitions = TaskSpreader.spread(tasks, n);

      assertThat(partitions).hasSize(Math.min(n, tasks.size()));
      List<Long> loads = partitions.stream().map(p -> p.stream().mapToLong(TaskSpreader::cost).sum()).toList();
      long maxCost = tasks.stream().mapToLong(TaskSpreader::cost).max().orElseThrow();
      // Greedy to the least-loaded partition: no partition exceeds another by more than one task's cost.
      assertThat(loads.stream().mapToLong(Long::longValue).max().orElseThrow()
          - loads.stream().mapToLong(Long::longValue).min().orElseThrow())
          .as("round %d: loads %s", round, loads).isLessThanOrEqualTo(maxCost);
    }
  }

  @Test
  void cost_biggerTask_costsMore() {
    assertThat(TaskSpreader.cost(single(0, 1))).isEqualTo(1);
    assertThat(TaskSpreader.cost(part(0, 1, 0, 5 * 1024 * MiB - 1))).isEqualTo(1 + 160);
  }

  private static List<CopyTask> randomTasks(Random random, int count) {
    List<CopyTask> tasks = new ArrayList<>();
    int objectId = 0;
    while (tasks.size() < count) {
      if (random.nextBoolean()) {
        tasks.add(single(objectId++, random.nextLong(0, 200 * MiB)));
      } else {
        tasks.addAll(parts(objectId++, 1 + random.nextInt(12), (5 + random.nextInt(200)) * MiB));
      }
    }
    return tasks;
  }

  private static List<CopyTask> parts(int objectId, int count, long partSize) {
    List<CopyTask> parts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      parts.add(part(objectId, i + 1, i * partSize, (i + 1) * partSize - 1));
    }
    return parts;
  }

  private static CopyTask part(int objectId, int partNumber, long first, long last) {
    return new CopyTask(objectId, "src-bucket", "big-" + objectId, "\"e\"", null, "dst-bucket", "big-" + objectId, null,
        "upload-" + objectId, partNumber, first, last);
  }

  private static CopyTask single(int objectId, long size) {
    return new CopyTask(objectId, "src-bucket", "small-" + objectId, "\"e\"", null, "dst-bucket", "small-" + objectId,
        null, null, 0, 0, size - 1);
  }
}
