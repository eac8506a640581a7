package io.lakecopy.s3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Maps a list with at most N calls at once: the driver's tool for bounded parallel S3 calls (LIST, HEAD, create, complete). */
public final class BoundedParallel {
  private BoundedParallel() {}

  /**
   * Applies {@code fn} to every item, {@code parallelism} at a time, and returns the results in input
   * order. {@code fn} should turn expected failures into values; an exception it throws is rethrown
   * here after every call has finished. Workers take the next item from a shared index, so a million
   * items cost one result array, not a million queued tasks and futures.
   *
   * @throws IllegalStateException if interrupted (the flag is restored; the workers are interrupted)
   */
  public static <T, R> List<R> map(List<T> items, int parallelism, String threadName, Function<T, R> fn) {
    if (items.isEmpty()) {
      return List.of();
    }
    List<T> list = items instanceof RandomAccess ? items : new ArrayList<>(items);
    Object[] results = new Object[list.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> first = new AtomicReference<>();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
        try {
          results[i] = fn.apply(list.get(i));
        } catch (RuntimeException e) {
          first.compareAndSet(null, e);
        } catch (Error e) {
          first.compareAndSet(null, new IllegalStateException(e));
        }
      }
    };
    Thread[] threads = new Thread[Math.max(1, Math.min(parallelism, list.size()))];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(worker, threadName);
      threads[t].setDaemon(true);
      threads[t].start();
    }
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      for (Thread t : threads) {
        t.interrupt();
      }
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (first.get() != null) {
      throw first.get();
    }
    @SuppressWarnings("unchecked")
    List<R> out = (List<R>) Collections.unmodifiableList(Arrays.asList(results));
    return out;
  }
}
