package io.lakecopy.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Maps a list with at most N calls at once: the driver's tool for bounded parallel S3 calls (LIST, HEAD, create, complete). */
public final class BoundedParallel {
  private BoundedParallel() {}

  /**
   * Applies {@code fn} to every item, {@code parallelism} at a time, and returns the results in input
   * order. {@code fn} should turn expected failures into values; an exception it throws is rethrown
   * here after every call has finished.
   *
   * @throws IllegalStateException if interrupted (the flag is restored)
   */
  public static <T, R> List<R> map(List<T> items, int parallelism, String threadName, Function<T, R> fn) {
    if (items.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()), r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>(items.size());
      for (T item : items) {
        futures.add(pool.submit(() -> fn.apply(item)));
      }
      List<R> results = new ArrayList<>(items.size());
      RuntimeException first = null;
      for (Future<R> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
          if (first == null) {
            first = cause;
          }
          results.add(null);
        }
      }
      if (first != null) {
        throw first;
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
