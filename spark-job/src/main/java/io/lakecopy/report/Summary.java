package io.lakecopy.report;

import io.lakecopy.config.DataSize;
import io.lakecopy.config.RequestCost;
import io.lakecopy.s3.ErrorKind;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Totals of a run, and the one-screen text printed at its end.
 *
 * @param sourcePin how the copies were held to their planned source (which protection applied on the destination),
 *     or empty where nothing was copied
 * @param deleteCondition what held the run's deletes (--move, --delete) to what was verified on this store, or empty
 *     where the run deletes nothing
 * @param writeCondition on which writes the copies were held to what the destination listing saw at their keys
 *     (--if-exists skip|update), or empty where no copy was held to it
 */
public record Summary(long objects, long copied, long failed, long skipped, long planned, long moved, long deleted,
    long bytesCopied, long bytesPlanned, Map<String, Long> failuresByKind, Duration elapsed,
    Map<String, Long> requests, double requestCostUsd, boolean requestsEstimated, String sourcePin,
    String deleteCondition, String writeCondition, Map<String, Long> verifiedBy) {
  /** A summary that does not say what proved the copies. */
  public Summary(long objects, long copied, long failed, long skipped, long planned, long moved, long deleted,
      long bytesCopied, long bytesPlanned, Map<String, Long> failuresByKind, Duration elapsed,
      Map<String, Long> requests, double requestCostUsd, boolean requestsEstimated, String sourcePin,
      String deleteCondition, String writeCondition) {
    this(objects, copied, failed, skipped, planned, moved, deleted, bytesCopied, bytesPlanned, failuresByKind,
        elapsed, requests, requestCostUsd, requestsEstimated, sourcePin, deleteCondition, writeCondition, Map.of());
  }

  /** A summary without a write condition. */
  public Summary(long objects, long copied, long failed, long skipped, long planned, long moved, long deleted,
      long bytesCopied, long bytesPlanned, Map<String, Long> failuresByKind, Duration elapsed,
      Map<String, Long> requests, double requestCostUsd, boolean requestsEstimated, String sourcePin,
      String deleteCondition) {
    this(objects, copied, failed, skipped, planned, moved, deleted, bytesCopied, bytesPlanned, failuresByKind,
        elapsed, requests, requestCostUsd, requestsEstimated, sourcePin, deleteCondition, "");
  }

  public Summary {
    java.util.Objects.requireNonNull(writeCondition, "writeCondition is null");
    java.util.Objects.requireNonNull(sourcePin, "sourcePin is null");
    java.util.Objects.requireNonNull(deleteCondition, "deleteCondition is null");
    java.util.Objects.requireNonNull(verifiedBy, "verifiedBy is null");
  }

  /** This summary saying what held the run's deletes to what was verified. */
  public Summary withDeleteCondition(String description) {
    return new Summary(objects, copied, failed, skipped, planned, moved, deleted, bytesCopied, bytesPlanned,
        failuresByKind, elapsed, requests, requestCostUsd, requestsEstimated, sourcePin, description, writeCondition, verifiedBy);
  }

  /** This summary saying on which writes the copies were held to the destination listing. */
  public Summary withWriteCondition(String description) {
    return new Summary(objects, copied, failed, skipped, planned, moved, deleted, bytesCopied, bytesPlanned,
        failuresByKind, elapsed, requests, requestCostUsd, requestsEstimated, sourcePin, deleteCondition, description, verifiedBy);
  }

  /** This summary saying which protection held the copies to their planned source. */
  public Summary withSourcePin(String description) {
    return new Summary(objects, copied, failed, skipped, planned, moved, deleted, bytesCopied, bytesPlanned,
        failuresByKind, elapsed, requests, requestCostUsd, requestsEstimated, description, deleteCondition,
        writeCondition, verifiedBy);
  }

  /**
   * This summary with the run's S3 requests by operation and their cost.
   *
   * @param estimated true for a dry run: what a real run would send
   */
  public Summary withRequests(Map<String, Long> byOperation, RequestCost prices, boolean estimated) {
    Map<String, Long> sorted = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(byOperation));
    return new Summary(objects, copied, failed, skipped, planned, moved, deleted, bytesCopied, bytesPlanned,
        failuresByKind, elapsed, sorted, prices.usd(sorted), estimated, sourcePin, deleteCondition,
        writeCondition, verifiedBy);
  }

  /**
   * Objects of one status (and failure kind): how many, their bytes, and whether they were copied (a --move whose
   * destination already held the object is MOVED without a copy).
   */
  public record Tally(Status status, ErrorKind kind, boolean copied, long objects, long bytes, String verifiedBy) {
    /** Objects no copy verification is told of. */
    public Tally(Status status, ErrorKind kind, boolean copied, long objects, long bytes) {
      this(status, kind, copied, objects, bytes, null);
    }
  }

  /** The summary of aggregated outcomes (one tally per status, kind and copied-or-not). */
  public static Summary ofTallies(List<Tally> tallies, Duration elapsed) {
    long copied = 0, failed = 0, skipped = 0, planned = 0, moved = 0, deleted = 0, bytes = 0, bytesPlanned = 0;
    long objects = 0;
    Map<String, Long> byKind = new java.util.TreeMap<>();
    Map<String, Long> verified = new java.util.TreeMap<>();
    for (Tally t : tallies) {
      if (t.status() != Status.DELETED) {
        objects += t.objects();
      }
      if (t.verifiedBy() != null && (t.status() == Status.COPIED || t.status() == Status.MOVED && t.copied())) {
        verified.merge(t.verifiedBy(), t.objects(), Long::sum);
      }
      switch (t.status()) {
        case COPIED -> {
          copied += t.objects();
          bytes += t.bytes();
        }
        case FAILED -> {
          failed += t.objects();
          byKind.merge(String.valueOf(t.kind()), t.objects(), Long::sum);
        }
        case SKIPPED -> skipped += t.objects();
        case MOVED -> {
          moved += t.objects();
          if (t.copied()) {
            copied += t.objects();
            bytes += t.bytes();
          }
        }
        case DELETED -> deleted += t.objects();
        case PLANNED -> {
          planned += t.objects();
          bytesPlanned += t.bytes();
        }
      }
    }
    return new Summary(objects, copied, failed, skipped, planned, moved, deleted, bytes, bytesPlanned,
        java.util.Collections.unmodifiableMap(byKind), elapsed, Map.of(), 0, false, "", "", "",
        java.util.Collections.unmodifiableMap(verified));
  }

  public static Summary of(List<ObjectOutcome> outcomes, Duration elapsed) {
    return ofTallies(outcomes.stream().map(o -> new Tally(o.status(), o.errorKind(),
        o.method() != io.lakecopy.plan.CopyMethod.NONE, 1, o.sizeBytes(), o.verifiedBy())).toList(), elapsed);
  }

  public double objectsPerSecond() {
    double s = Math.max(elapsed.toMillis(), 1) / 1000.0;
    return copied / s;
  }

  public double mibPerSecond() {
    double s = Math.max(elapsed.toMillis(), 1) / 1000.0;
    return bytesCopied / (1024.0 * 1024.0) / s;
  }

  /** The summary as a small JSON object, for orchestrators ({@code _summary.json} beside the report). */
  public String toJson(String source, String dest, int exitCode) {
    StringBuilder kinds = new StringBuilder();
    failuresByKind.forEach((k, v) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(quote(k)).append(": ").append(v));
    return String.format(Locale.ROOT, "{%n  \"status\": %s,%n  \"exit_code\": %d,%n  \"source\": %s,%n"
        + "  \"destination\": %s,%n  \"objects\": %d,%n  \"copied\": %d,%n  \"failed\": %d,%n  \"skipped\": %d,%n"
        + "  \"planned\": %d,%n  \"moved\": %d,%n  \"deleted\": %d,%n  \"bytes_copied\": %d,%n  \"bytes_planned\": %d,%n  \"elapsed_seconds\": %.3f,%n"
        + "  \"objects_per_second\": %.2f,%n  \"mib_per_second\": %.2f,%n  \"failures_by_kind\": {%s},%n"
        + "  \"requests\": {%s},%n  \"requests_estimated\": %s,%n  \"request_cost_usd\": %.6f,%n"
        + "  \"source_pin\": %s,%n  \"delete_condition\": %s,%n  \"write_condition\": %s,%n"
        + "  \"verified_by\": {%s}%n}%n",
        quote(failed == 0 ? (planned > 0 ? "PLANNED" : "SUCCEEDED") : "PARTIAL"), exitCode, quote(source), quote(dest),
        objects, copied, failed, skipped, planned, moved, deleted, bytesCopied, bytesPlanned, elapsed.toMillis() / 1000.0,
        objectsPerSecond(), mibPerSecond(), kinds, json(requests), requestsEstimated, requestCostUsd,
        sourcePin.isEmpty() ? "null" : quote(sourcePin), deleteCondition.isEmpty() ? "null" : quote(deleteCondition),
        writeCondition.isEmpty() ? "null" : quote(writeCondition), json(verifiedBy));
  }

  private static String json(Map<String, Long> counts) {
    StringBuilder b = new StringBuilder();
    counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(quote(k)).append(": ").append(v));
    return b.toString();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** The summary as printed on stdout at the end of a run. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append("lakecopy summary\n");
    b.append(String.format(Locale.ROOT, "  objects   %,d (copied %,d, failed %,d, skipped %,d%s%s)%n", objects, copied,
        failed, skipped, planned > 0 ? String.format(Locale.ROOT, ", planned %,d", planned) : "",
        moved > 0 ? String.format(Locale.ROOT, ", moved %,d", moved) : ""));
    if (deleted > 0) {
      b.append(String.format(Locale.ROOT, "  deleted   %,d destination objects with no source%n", deleted));
    }
    b.append(String.format(Locale.ROOT, "  bytes     %s copied%s%n", DataSize.format(bytesCopied),
        planned > 0 ? ", " + DataSize.format(bytesPlanned) + " planned" : ""));
    b.append(String.format(Locale.ROOT, "  elapsed   %.1f s%n", elapsed.toMillis() / 1000.0));
    b.append(String.format(Locale.ROOT, "  rate      %.1f objects/s, %.1f MiB/s%n", objectsPerSecond(), mibPerSecond()));
    if (!requests.isEmpty()) {
      b.append(requestsEstimated ? "  requests  (a real run would send) " : "  requests  ");
      requests.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
      b.append(String.format(Locale.ROOT, "(about $%.4f)%n", requestCostUsd));
    }
    if (!sourcePin.isEmpty()) {
      b.append("  pinned    ").append(sourcePin).append('\n');
    }
    if (!deleteCondition.isEmpty()) {
      b.append("  deletes   ").append(deleteCondition).append('\n');
    }
    if (!writeCondition.isEmpty()) {
      b.append("  writes    ").append(writeCondition).append('\n');
    }
    if (!verifiedBy.isEmpty()) {
      b.append("  verified  ");
      verifiedBy.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
      b.append('\n');
    }
    if (!failuresByKind.isEmpty()) {
      b.append("  failures  ");
      failuresByKind.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
      b.append('\n');
    }
    return b.toString();
  }

}
