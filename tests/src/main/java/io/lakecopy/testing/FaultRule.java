package io.lakecopy.testing;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * When the fault proxy injects a fault: for requests of the given types (and, optionally, whose path
 * matches), either on the Nth matching request or at a rate drawn from a seeded Random.
 */
public final class FaultRule {
  private final Set<RequestType> types;
  private final Predicate<String> path;
  private final Fault[] faults;
  private final double rate;
  private final long from;
  private final long to;
  private final Random random;
  private final AtomicLong matched = new AtomicLong();
  private final AtomicLong fired = new AtomicLong();

  /** {@code from..to} > 0: those matching requests fail; otherwise each fails with probability {@code rate}. */
  private FaultRule(Set<RequestType> types, Predicate<String> path, Fault[] faults, double rate, long from, long to,
      long seed) {
    this.types = EnumSet.copyOf(types);
    this.path = path;
    this.faults = faults.clone();
    this.rate = rate;
    this.from = from;
    this.to = to;
    this.random = new Random(seed);
  }

  /** Each matching request fails with probability {@code rate}, the fault chosen at random among {@code faults}. */
  public static FaultRule atRate(Set<RequestType> types, double rate, long seed, Fault... faults) {
    return new FaultRule(types, p -> true, faults, rate, 0, 0, seed);
  }

  /** Only the {@code nth} matching request (1-based) fails. */
  public static FaultRule onNth(Set<RequestType> types, long nth, Fault fault) {
    return new FaultRule(types, p -> true, new Fault[] {fault}, 0, nth, nth, 0);
  }

  /** Matching requests number {@code from}..{@code to} (1-based, inclusive) fail: a burst. */
  public static FaultRule burst(Set<RequestType> types, long from, long to, Fault fault) {
    return new FaultRule(types, p -> true, new Fault[] {fault}, 0, from, to, 0);
  }

  /** Every matching request whose path satisfies {@code path} fails. */
  public static FaultRule always(Set<RequestType> types, Predicate<String> path, Fault fault) {
    return new FaultRule(types, path, new Fault[] {fault}, 1.0, 0, 0, 0);
  }

  /**
   * A server that throttles in bursts, as S3 does when a prefix's request rate climbs faster than it
   * scales: from {@code start} after the first matching request, for {@code burst} out of every
   * {@code period}, it admits at most {@code perSecond} matching requests a second (counted per tenth
   * of a second) and answers the rest 503 SlowDown; between bursts it admits everything.
   */
  public static FaultRule throttleBursts(Set<RequestType> types, java.time.Duration start, java.time.Duration burst,
      java.time.Duration period, int perSecond) {
    FaultRule rule = new FaultRule(types, p -> true, new Fault[] {Fault.SLOW_DOWN}, 0, 0, 0, 0);
    rule.throttle = new Throttle(start.toNanos(), burst.toNanos(), period.toNanos(), Math.max(1, perSecond / 10));
    return rule;
  }

  /** For {@link #throttleBursts}: when bursts run (ns from the first request) and what each 100 ms admits. */
  private record Throttle(long startNanos, long burstNanos, long periodNanos, long perSlice) {}

  private Throttle throttle;
  private long firstNanos = -1;
  private long slice = -1;
  private long admittedInSlice;

  /** True while a throttling burst is on (always false for other rules). */
  public synchronized boolean throttling() {
    return throttle != null && firstNanos >= 0 && inBurst(System.nanoTime() - firstNanos);
  }

  private boolean inBurst(long elapsed) {
    return elapsed >= throttle.startNanos() && (elapsed - throttle.startNanos()) % throttle.periodNanos()
        < throttle.burstNanos();
  }

  private boolean throttled() {
    long now = System.nanoTime();
    if (firstNanos < 0) {
      firstNanos = now;
    }
    long elapsed = now - firstNanos;
    if (!inBurst(elapsed)) {
      return false;
    }
    long s = elapsed / 100_000_000L;
    if (s != slice) {
      slice = s;
      admittedInSlice = 0;
    }
    return ++admittedInSlice > throttle.perSlice();
  }

  /** The fault to inject for this request, or null. Thread-safe. */
  synchronized Fault decide(RequestType type, String requestPath) {
    if (!types.contains(type) || !path.test(requestPath)) {
      return null;
    }
    if (throttle != null) {
      matched.incrementAndGet();
      if (!throttled()) {
        return null;
      }
      fired.incrementAndGet();
      return Fault.SLOW_DOWN;
    }
    long n = matched.incrementAndGet();
    boolean fire = from > 0 ? n >= from && n <= to : random.nextDouble() < rate;
    if (!fire) {
      return null;
    }
    fired.incrementAndGet();
    return faults[random.nextInt(faults.length)];
  }

  /** How many faults this rule has injected. */
  public long fired() {
    return fired.get();
  }
}
