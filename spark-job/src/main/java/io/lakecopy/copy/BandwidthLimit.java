package io.lakecopy.copy;

import java.io.InterruptedIOException;

/**
 * A task's share of {@code --bwlimit}: a token bucket of bytes a second, shared by the task's requests in flight. The
 * bucket holds at most one second of bytes and starts full; a read that takes more than is there waits until the rate
 * has paid for it. {@link #NONE} never waits.
 */
public final class BandwidthLimit {
  /** No limit. */
  static final BandwidthLimit NONE = new BandwidthLimit(0, System::nanoTime);

  /** The clock the bucket refills by: {@link System#nanoTime} outside tests. */
  @FunctionalInterface
  interface Clock {
    long nanoTime();
  }

  private final long bytesPerSecond;
  private final Clock clock;
  /** Bytes in the bucket; negative while a read that took more waits for the rate to pay its debt. */
  private double available;
  private long refilledAt;

  /** @param bytesPerSecond the task's rate; 0 for no limit */
  BandwidthLimit(long bytesPerSecond, Clock clock) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytesPerSecond must be >= 0: " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
    this.clock = clock;
    this.available = bytesPerSecond;
    this.refilledAt = clock.nanoTime();
  }

  /** A task's limit at its {@link #share} of the job's rate: {@link #NONE} for 0. */
  static BandwidthLimit forTask(long taskBytesPerSecond) {
    return taskBytesPerSecond == 0 ? NONE : new BandwidthLimit(taskBytesPerSecond, System::nanoTime);
  }

  /**
   * One task's bytes a second of a job-wide rate divided among {@code taskSlots} tasks, at least 1; 0 (no limit) for
   * a job rate of 0. Pure.
   */
  public static long share(long jobBytesPerSecond, int taskSlots) {
    return jobBytesPerSecond == 0 ? 0 : Math.max(1, jobBytesPerSecond / Math.max(1, taskSlots));
  }

  boolean limits() {
    return bytesPerSecond > 0;
  }

  /**
   * Takes {@code bytes} just read from the bucket and returns how long the reader must wait before reading on, in
   * nanoseconds (0 when the bucket had them). Pure but for the clock.
   */
  synchronized long take(long bytes) {
    if (bytesPerSecond == 0 || bytes <= 0) {
      return 0;
    }
    long now = clock.nanoTime();
    available = Math.min(bytesPerSecond, available + (now - refilledAt) * (bytesPerSecond / 1e9));
    refilledAt = now;
    available -= bytes;
    return available >= 0 ? 0 : (long) Math.ceil(-available / bytesPerSecond * 1e9);
  }

  /**
   * Takes {@code bytes} and waits as {@link #take} says.
   *
   * @throws InterruptedIOException if the thread is interrupted while waiting (its interrupt is kept)
   */
  void acquire(long bytes) throws InterruptedIOException {
    long wait = take(bytes);
    if (wait <= 0) {
      return;
    }
    try {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while held to --bwlimit");
      io.initCause(e);
      throw io;
    }
  }
}
