package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Maps an iterator lazily, in input order, with at most {@code maxInFlight} slow calls (S3 requests) running at
 * once; items that need no request are mapped on the caller's thread. At most {@code window} items are held
 * between input and output, so a partition of ten million rows costs a window's worth of memory. The threads
 * exist only once an item needs one, and end when the input is used up or {@link #close} is called (a Spark
 * task registers that for its end: a task that fails stops sending requests).
 */
public final class OrderedParallel<T, R> implements Iterator<R>, AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Iterator<T> input;
  private final Predicate<T> slow;
  private final Function<T, R> fn;
  private final int maxInFlight;
  private final int window;
  private final String threadName;
  private final ArrayDeque<Future<R>> queue = new ArrayDeque<>();
  private ExecutorService pool;

  /**
   * @param slow which items {@code fn} sends a request for (they run on the pool)
   * @param window how many items may wait between input and output; at least {@code maxInFlight}
   */
  public OrderedParallel(Iterator<T> input, Predicate<T> slow, Function<T, R> fn, int maxInFlight, int window,
      String threadName) {
    if (maxInFlight < 1 || window < maxInFlight) {
      throw new IllegalArgumentException("need 1 <= maxInFlight <= window: " + maxInFlight + ", " + window);
    }
    this.input = requireNonNull(input, "input is null");
    this.slow = requireNonNull(slow, "slow is null");
    this.fn = requireNonNull(fn, "fn is null");
    this.maxInFlight = maxInFlight;
    this.window = window;
    this.threadName = requireNonNull(threadName, "threadName is null");
  }

  @Override
  public boolean hasNext() {
    fill();
    if (queue.isEmpty()) {
      close();
      return false;
    }
    return true;
  }

  /**
   * The next result, in input order.
   *
   * @throws IllegalStateException if interrupted while waiting (the flag is restored)
   * @throws RuntimeException what {@code fn} threw for this item
   */
  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Future<R> head = queue.poll();
    try {
      return head.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for " + threadName, e);
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Stops the threads; requests under way are interrupted, none new are sent. Idempotent. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private void fill() {
    while (queue.size() < window && input.hasNext()) {
      T item = input.next();
      if (slow.test(item)) {
        queue.add(pool().submit(() -> fn.apply(item)));
      } else {
        queue.add(CompletableFuture.completedFuture(fn.apply(item)));
      }
    }
  }

  private ExecutorService pool() {
    if (pool == null) {
      pool = Executors.newFixedThreadPool(maxInFlight, r -> {
        Thread t = new Thread(r, threadName + "-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
    return pool;
  }
}
