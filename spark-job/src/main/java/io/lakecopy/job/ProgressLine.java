package io.lakecopy.job;

import io.lakecopy.config.DataSize;
import io.lakecopy.copy.CopyProgress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's progress line, logged at a steady interval while the copy stage runs: requests and
 * bytes done of the round's total, rate, ETA and failures, fed by the executors' accumulators.
 */
final class ProgressLine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLine.class);

  private final CopyProgress progress;
  private final long totalRequests;
  private final long totalBytes;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;

  private ProgressLine(CopyProgress progress, long totalRequests, long totalBytes, Duration interval) {
    this.progress = progress;
    this.totalRequests = totalRequests;
    this.totalBytes = totalBytes;
    if (interval.isZero()) {
      this.timer = null;
      return;
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lakecopy-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> LOG.info(line()), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** New accumulators for one copy round, and a line logged every {@code interval} (zero: never). */
  static ProgressLine start(SparkContext sc, long totalRequests, long totalBytes, Duration interval) {
    io.lakecopy.copy.RequestCounts sent = new io.lakecopy.copy.RequestCounts();
    sc.register(sent, "lakecopy.requestsByOperation");
    CopyProgress progress = new CopyProgress(sc.longAccumulator("lakecopy.requests"),
        sc.longAccumulator("lakecopy.bytes"), sc.longAccumulator("lakecopy.failures"), sent);
    return new ProgressLine(progress, totalRequests, totalBytes, interval);
  }

  CopyProgress progress() {
    return progress;
  }

  String line() {
    long done = progress.requests().value();
    long bytes = progress.bytes().value();
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    double rate = done / seconds;
    String eta = done == 0 ? "?" : formatDuration((long) ((totalRequests - done) / Math.max(rate, 1e-9)));
    return String.format(Locale.ROOT, "progress: %,d/%,d requests (%.0f%%), %s/%s, %.1f requests/s, %.1f MiB/s,"
        + " ETA %s, failures %,d", done, totalRequests, 100.0 * done / Math.max(1, totalRequests),
        DataSize.format(bytes), DataSize.format(totalBytes), rate, bytes / 1048576.0 / seconds, eta,
        progress.failures().value());
  }

  private static String formatDuration(long seconds) {
    return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
        : seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    LOG.info(line());
  }
}
