package io.lakecopy.copy;

import io.lakecopy.s3.AdaptiveLimit;
import io.lakecopy.s3.ErrorKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the requests of one Spark task with at most {@code maxInFlight} at once on a shared client, on one pool of
 * {@code maxInFlight} threads that lives as long as the task ({@link #close}). The input iterator is consumed
 * lazily, so a partition of a million rows never holds more than {@code maxInFlight} requests' worth of state
 * besides the outcomes. {@link #submit} returns once the last request of a batch is sent, so the caller can prepare
 * and send the next batch while the first one's last requests are still in flight: the limit is one, shared by all
 * batches, and no slot waits for a batch boundary.
 */
public final class ParallelCopier implements AutoCloseable {
  private final java.util.function.Function<CopyTask, TaskOutcome> copier;
  private final int maxInFlight;
  private final AdaptiveLimit executorLimit;
  private final Semaphore slots;
  private ExecutorService pool;

  public ParallelCopier(TaskCopier copier, int maxInFlight) {
    this(copier, maxInFlight, new AdaptiveLimit(maxInFlight));
  }

  /**
   * @param executorLimit the JVM-wide limit shared with the other tasks of this executor, lowered
   *     when S3 throttles
   */
  public ParallelCopier(TaskCopier copier, int maxInFlight, AdaptiveLimit executorLimit) {
    this(copier::copy, maxInFlight, executorLimit);
  }

  /**
   * @param copier copies one task (server-side or streamed), turning S3 errors into failed outcomes
   * @param executorLimit as above
   */
  public ParallelCopier(java.util.function.Function<CopyTask, TaskOutcome> copier, int maxInFlight,
      AdaptiveLimit executorLimit) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1: " + maxInFlight);
    }
    this.copier = copier;
    this.maxInFlight = maxInFlight;
    this.executorLimit = executorLimit;
    this.slots = new Semaphore(maxInFlight);
  }

  /**
   * Copies every task and returns one outcome per task, in input order.
   *
   * <p>Retries: none here (each request: SDK only).
   *
   * @throws IllegalStateException if interrupted (the interrupt flag is restored; the requests in flight are
   *     interrupted, none new are sent)
   */
  public List<TaskOutcome> copyAll(Iterator<CopyTask> tasks) {
    return submit(tasks).await();
  }

  /**
   * Sends every task, waiting for a free slot before each, and returns when the last one is sent: its outcomes are
   * {@link Sent#await}ed later.
   *
   * @throws IllegalStateException if interrupted (the flag is restored; the requests in flight are interrupted and
   *     this copier sends none again)
   */
  public Sent submit(Iterator<CopyTask> tasks) {
    if (pool == null) {
      pool = Executors.newFixedThreadPool(maxInFlight, new Daemons());
    }
    List<Future<TaskOutcome>> futures = new ArrayList<>();
    List<CopyTask> submitted = new ArrayList<>();
    try {
      while (tasks.hasNext()) {
        CopyTask task = tasks.next();
        slots.acquire();
        submitted.add(task);
        futures.add(pool.submit(() -> {
          try {
            executorLimit.acquire();
            try {
              return copier.apply(task);
            } finally {
              executorLimit.release();
            }
          } finally {
            slots.release();
          }
        }));
      }
      return new Sent(futures, submitted);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** Interrupts whatever is still in flight and stops the pool. Idempotent. */
  @Override
  public void close() {
    if (pool != null) {
      for (Runnable queued : pool.shutdownNow()) {
        if (queued instanceof Future<?> f) {
          f.cancel(false); // never started: its outcome reads as INTERRUPTED, and nobody waits for it forever
        }
      }
    }
  }

  private IllegalStateException interrupted(InterruptedException e) {
    close();
    Thread.currentThread().interrupt();
    return new IllegalStateException("interrupted while copying", e);
  }

  /** A batch of requests sent by {@link #submit}. */
  public final class Sent {
    private final List<Future<TaskOutcome>> futures;
    private final List<CopyTask> tasks;

    private Sent(List<Future<TaskOutcome>> futures, List<CopyTask> tasks) {
      this.futures = futures;
      this.tasks = tasks;
    }

    /**
     * Waits for every request of the batch; one outcome per task, in input order.
     *
     * @throws IllegalStateException if interrupted (as {@link #submit})
     */
    public List<TaskOutcome> await() {
      List<TaskOutcome> outcomes = new ArrayList<>(futures.size());
      try {
        for (int i = 0; i < futures.size(); i++) {
          outcomes.add(outcome(futures.get(i), tasks.get(i)));
        }
        return outcomes;
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
    }
  }

  private static TaskOutcome outcome(Future<TaskOutcome> future, CopyTask task) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      // TaskCopier turns S3 errors into outcomes; anything else is a bug or a runtime fault, kept per task.
      Throwable cause = e.getCause();
      return TaskOutcome.failure(task, ErrorKind.OTHER, cause.getClass().getSimpleName() + ": " + cause.getMessage(), 0);
    } catch (java.util.concurrent.CancellationException e) {
      return TaskOutcome.failure(task, ErrorKind.INTERRUPTED, "cancelled: the task was stopped", 0);
    }
  }

  private static final class Daemons implements ThreadFactory {
    private static final AtomicInteger COUNT = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "lakecopy-copy-" + COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
