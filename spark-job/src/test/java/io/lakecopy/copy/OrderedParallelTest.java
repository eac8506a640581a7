package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderedParallelTest {
  @Test
  void map_mixOfSlowAndFastItems_resultsInInputOrder() {
    List<Integer> input = IntStream.range(0, 1000).boxed().toList();

    List<String> out = drain(new OrderedParallel<>(input.iterator(), i -> i % 3 == 0, i -> "r" + i, 4, 16, "t"));

    assertThat(out).containsExactlyElementsOf(input.stream().map(i -> "r" + i).toList());
  }

  @Test
  void map_slowItems_exactlyMaxInFlightAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CyclicBarrier three = new CyclicBarrier(3); // breaks (and fails the test) unless three calls run together
    List<Integer> input = IntStream.range(0, 30).boxed().toList();

    List<Integer> out = drain(new OrderedParallel<>(input.iterator(), i -> true, i -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        three.await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      running.decrementAndGet();
      return i;
    }, 3, 12, "t"));

    assertThat(out).containsExactlyElementsOf(input);
    assertThat(most.get()).isEqualTo(3);
  }

  @Test
  void map_slowFirstItem_readsAtMostAWindowAhead() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger pulled = new AtomicInteger();
    Iterator<Integer> input = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return pulled.get() < 1_000_000;
      }

      @Override
      public Integer next() {
        return pulled.getAndIncrement();
      }
    };
    OrderedParallel<Integer, Integer> out = new OrderedParallel<>(input, i -> i == 0, i -> {
      if (i == 0) { // only the slow item waits; the fast ones run inline on the caller's thread
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return i;
    }, 2, 8, "t");

    assertThat(out.hasNext()).isTrue();
    assertThat(pulled.get()).isEqualTo(8);
    release.countDown();
    assertThat(out.next()).isZero();
    out.close();
  }

  @Test
  void map_noSlowItem_startsNoThread() {
    Thread[] seen = new Thread[1];

    drain(new OrderedParallel<>(List.of(1, 2, 3).iterator(), i -> false, i -> {
      seen[0] = Thread.currentThread();
      return i;
    }, 2, 4, "t"));

    assertThat(seen[0]).isSameAs(Thread.currentThread());
  }

  @Test
  void map_functionThrows_nextRethrowsIt() {
    OrderedParallel<Integer, Integer> out = new OrderedParallel<>(List.of(1, 2, 3).iterator(), i -> true, i -> {
      if (i == 2) {
        throw new IllegalStateException("boom " + i);
      }
      return i;
    }, 2, 4, "t");

    assertThat(out.next()).isEqualTo(1);
    assertThatThrownBy(out::next).isInstanceOf(IllegalStateException.class).hasMessage("boom 2");
  }

  @Test
  void constructor_windowSmallerThanParallelism_rejected() {
    assertThatThrownBy(() -> new OrderedParallel<>(List.<Integer>of().iterator(), i -> true, i -> i, 4, 2, "t"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static <R> List<R> drain(Iterator<R> it) {
    List<R> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
