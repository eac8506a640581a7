package io.lakecopy.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedParallelTest {

  @Test
  void map_manyItems_resultsInInputOrder() {
    List<Integer> items = IntStream.range(0, 10_000).boxed().toList();

    List<String> out = BoundedParallel.map(items, 8, "test", i -> "v" + i);

    assertThat(out).hasSize(10_000);
    assertThat(out.get(0)).isEqualTo("v0");
    assertThat(out.get(9_999)).isEqualTo("v9999");
    assertThat(out).isEqualTo(items.stream().map(i -> "v" + i).toList());
  }

  @Test
  void map_neverRunsMoreThanParallelismAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();

    BoundedParallel.map(IntStream.range(0, 200).boxed().toList(), 3, "test", i -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      return i;
    });

    assertThat(peak.get()).isBetween(1, 3);
  }

  @Test
  void map_oneCallThrows_everyOtherCallStillRunsThenTheErrorIsRethrown() {
    AtomicInteger calls = new AtomicInteger();

    Throwable thrown = catchThrowable(() -> BoundedParallel.map(IntStream.range(0, 100).boxed().toList(), 4, "test",
        i -> {
          calls.incrementAndGet();
          if (i == 10) {
            throw new IllegalArgumentException("item 10");
          }
          return i;
        }));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessage("item 10");
    assertThat(calls.get()).isEqualTo(100);
  }

  @Test
  void map_emptyList_isEmptyWithoutThreads() {
    assertThat(BoundedParallel.map(List.<Integer>of(), 4, "test", i -> i)).isEmpty();
  }

  @Test
  void map_nullResults_keptInPlace() {
    assertThat(BoundedParallel.map(List.of(1, 2, 3), 2, "test", i -> i == 2 ? null : i)).containsExactly(1, null, 3);
  }
}
