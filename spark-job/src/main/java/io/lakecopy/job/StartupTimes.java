package io.lakecopy.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When each phase before the first copy request ended, on the driver: the JVM's start, then the marks the run
 * sets (arguments read, Spark session, checks, plan, first copy wave submitted). One per run; printed after the
 * summary as {@code start-up  JVM -> arguments 0.31 s -> Spark session 1.42 s -> ... (first copy 2.20 s after the
 * JVM started)}. Only marks set at most once count: a later wave does not move "first copy".
 */
public final class StartupTimes {
  private record Mark(String phase, long epochMillis) {}

  private final long jvmStartMillis;
  private final List<Mark> marks = new ArrayList<>();

  /** @param jvmStartMillis when the JVM started (RuntimeMXBean#getStartTime), epoch milliseconds */
  public StartupTimes(long jvmStartMillis) {
    this.jvmStartMillis = jvmStartMillis;
  }

  /** This JVM's start. */
  public static StartupTimes sinceJvmStart() {
    return new StartupTimes(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  /** Marks the end of {@code phase} now. */
  public void mark(String phase) {
    mark(phase, System.currentTimeMillis());
  }

  /** Marks the end of {@code phase} at {@code epochMillis}; a phase marked before keeps its first time. */
  public synchronized void mark(String phase, long epochMillis) {
    if (marks.stream().noneMatch(m -> m.phase().equals(phase))) {
      marks.add(new Mark(phase, epochMillis));
    }
  }

  /** Seconds from the JVM's start to the end of {@code phase}, or -1 if it was never marked. */
  public synchronized double secondsTo(String phase) {
    return marks.stream().filter(m -> m.phase().equals(phase)).findFirst()
        .map(m -> (m.epochMillis() - jvmStartMillis) / 1000.0).orElse(-1.0);
  }

  /** One line: each phase's own duration in the order marked, and the time from the JVM's start to the last. */
  public synchronized String render() {
    StringBuilder line = new StringBuilder("start-up  JVM");
    long previous = jvmStartMillis;
    for (Mark m : marks) {
      line.append(String.format(Locale.ROOT, " -> %s %.2f s", m.phase(), (m.epochMillis() - previous) / 1000.0));
      previous = m.epochMillis();
    }
    if (!marks.isEmpty()) {
      Mark last = marks.get(marks.size() - 1);
      line.append(String.format(Locale.ROOT, " (%s %.2f s after the JVM started)", last.phase(),
          (last.epochMillis() - jvmStartMillis) / 1000.0));
    }
    return line.toString();
  }
}
