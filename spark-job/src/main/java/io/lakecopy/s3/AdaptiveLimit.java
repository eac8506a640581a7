package io.lakecopy.s3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of copy requests one executor JVM may have in flight, adapted AIMD-style to S3's
 * throttling: every 503 SlowDown halves the limit (at most once per {@link #DECREASE_SPACING_NANOS},
 * so one burst of 503s counts once); while throttling is recent, every success adds {@code 1/limit}
 * (about one more request in flight per round trip); once S3 has been quiet for {@link #QUIET_NANOS},
 * every success adds one (the limit doubles per round trip, as TCP's slow start), so the executor is
 * back at full speed a few round trips after a burst ends, not a minute later. Never above the
 * configured maximum. Shared by all tasks of the JVM, so the whole executor backs off instead of each
 * request retrying into the storm.
 */
public final class AdaptiveLimit {
  private static final Logger LOG = LoggerFactory.getLogger(AdaptiveLimit.class);
  /** Decreases closer together than this are one congestion event. */
  static final long DECREASE_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  /** No throttling for this long: the burst is over, grow fast. */
  static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final int max;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private double limit;
  private int inFlight;
  private long lastDecrease;
  private long throttles;

  private final java.util.function.LongSupplier clock;

  public AdaptiveLimit(int max) {
    this(max, System::nanoTime);
  }

  /** With a clock of our own, for tests. */
  AdaptiveLimit(int max, java.util.function.LongSupplier clock) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1: " + max);
    }
    this.max = max;
    this.limit = max;
    this.clock = clock;
    this.lastDecrease = clock.getAsLong() - QUIET_NANOS;
  }

  /** Waits for a slot. On interrupt the flag is restored and an IllegalStateException thrown. */
  public void acquire() {
    lock.lock();
    try {
      while (inFlight >= (int) limit) {
        freed.await();
      }
      inFlight++;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a request slot", e);
    } finally {
      lock.unlock();
    }
  }

  /** Frees a slot taken by {@link #acquire}. */
  public void release() {
    lock.lock();
    try {
      inFlight--;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** An HTTP attempt was answered (not throttled): grow the limit, additively while throttling is recent. */
  public void onSuccess() {
    lock.lock();
    try {
      if (limit < max) {
        boolean quiet = clock.getAsLong() - lastDecrease >= QUIET_NANOS;
        limit = Math.min(max, limit + (quiet ? 1.0 : 1.0 / limit));
        freed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** An HTTP attempt was throttled (503 SlowDown): halve the limit, once per congestion event. */
  public void onThrottle() {
    lock.lock();
    try {
      throttles++;
      long now = clock.getAsLong();
      if (now - lastDecrease >= DECREASE_SPACING_NANOS) {
        lastDecrease = now;
        double before = limit;
        limit = Math.max(1, limit / 2);
        LOG.warn("S3 is throttling (503 SlowDown): requests in flight on this executor {} -> {}", (int) before,
            (int) limit);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The current limit (for logs and tests). */
  public int limit() {
    lock.lock();
    try {
      return (int) limit;
    } finally {
      lock.unlock();
    }
  }

  public long throttles() {
    lock.lock();
    try {
      return throttles;
    } finally {
      lock.unlock();
    }
  }
}
