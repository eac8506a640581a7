package io.lakecopy.report;

import io.lakecopy.config.DataSize;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Totals of a run, and the one-screen text printed at its end. */
public record Summary(long objects, long copied, long failed, long skipped, long planned, long bytesCopied,
    long bytesPlanned, Map<String, Long> failuresByKind, Duration elapsed) {

  public static Summary of(List<ObjectOutcome> outcomes, Duration elapsed) {
    long copied = 0, failed = 0, skipped = 0, planned = 0, bytes = 0, bytesPlanned = 0;
    Map<String, Long> byKind = new java.util.TreeMap<>();
    for (ObjectOutcome o : outcomes) {
      switch (o.status()) {
        case COPIED -> {
          copied++;
          bytes += o.sizeBytes();
        }
        case FAILED -> {
          failed++;
          byKind.merge(String.valueOf(o.errorKind()), 1L, Long::sum);
        }
        case SKIPPED -> skipped++;
        case PLANNED -> {
          planned++;
          bytesPlanned += o.sizeBytes();
        }
      }
    }
    return new Summary(outcomes.size(), copied, failed, skipped, planned, bytes, bytesPlanned, java.util.Collections.unmodifiableMap(byKind),
        elapsed);
  }

  public double objectsPerSecond() {
    double s = Math.max(elapsed.toMillis(), 1) / 1000.0;
    return copied / s;
  }

  public double mibPerSecond() {
    double s = Math.max(elapsed.toMillis(), 1) / 1000.0;
    return bytesCopied / (1024.0 * 1024.0) / s;
  }

  /** The summary as printed on stdout at the end of a run. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append("lakecopy summary\n");
    b.append(String.format(Locale.ROOT, "  objects   %,d (copied %,d, failed %,d, skipped %,d%s)%n", objects, copied,
        failed, skipped, planned > 0 ? String.format(Locale.ROOT, ", planned %,d", planned) : ""));
    b.append(String.format(Locale.ROOT, "  bytes     %s copied%s%n", DataSize.format(bytesCopied),
        planned > 0 ? ", " + DataSize.format(bytesPlanned) + " planned" : ""));
    b.append(String.format(Locale.ROOT, "  elapsed   %.1f s%n", elapsed.toMillis() / 1000.0));
    b.append(String.format(Locale.ROOT, "  rate      %.1f objects/s, %.1f MiB/s%n", objectsPerSecond(), mibPerSecond()));
    if (!failuresByKind.isEmpty()) {
      b.append("  failures  ");
      failuresByKind.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
      b.append('\n');
    }
    return b.toString();
  }

}
