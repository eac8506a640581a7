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
 * Runs the tasks of one Spark partition with at most {@code maxInFlight} requests at once on a shared
 * client. The input iterator is consumed lazily, so a partition of a million rows never holds more
 * than {@code maxInFlight} requests' worth of state besides the outcomes.
 */
public final class ParallelCopier {
  private final TaskCopier copier;
  private final int maxInFlight;
  private final AdaptiveLimit executorLimit;

  public ParallelCopier(TaskCopier copier, int maxInFlight) {
    this(copier, maxInFlight, new AdaptiveLimit(maxInFlight));
  }

  /**
   * @param executorLimit the JVM-wide limit shared with the other tasks of this executor, lowered
   *     when S3 throttles
   */
  public ParallelCopier(TaskCopier copier, int maxInFlight, AdaptiveLimit executorLimit) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1: " + maxInFlight);
    }
    this.copier = copier;
    this.maxInFlight = maxInFlight;
    this.executorLimit = executorLimit;
  }

  /**
   * Copies every task and returns one outcome per task, in input order.
   *
   * <p>Retries: none here (each request: SDK only).
   *
   * @throws IllegalStateException if interrupted (the interrupt flag is restored); requests already
   *     sent finish, none new are sent
   */
  public List<TaskOutcome> copyAll(Iterator<CopyTask> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(maxInFlight, new Daemons());
    Semaphore slots = new Semaphore(maxInFlight);
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
              return copier.copy(task);
            } finally {
              executorLimit.release();
            }
          } finally {
            slots.release();
          }
        }));
      }
      List<TaskOutcome> outcomes = new ArrayList<>(futures.size());
      for (int i = 0; i < futures.size(); i++) {
        outcomes.add(await(futures.get(i), submitted.get(i)));
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while copying", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static TaskOutcome await(Future<TaskOutcome> future, CopyTask task) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      // TaskCopier turns S3 errors into outcomes; anything else is a bug or a runtime fault, kept per task.
      Throwable cause = e.getCause();
      return TaskOutcome.failure(task, ErrorKind.OTHER, cause.getClass().getSimpleName() + ": " + cause.getMessage(), 0);
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
