package io.lakecopy.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakecopy.plan.CheckVerdict.Result;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The totals of a {@code lakecopy check}: keys per result, and whether extra destination objects were looked for
 * (not with {@code --one-way} or {@code --manifest}).
 */
public record CheckSummary(Map<Result, Long> counts, boolean extrasChecked, Duration elapsed) {
  public CheckSummary {
    requireNonNull(elapsed, "elapsed is null");
    Map<Result, Long> all = new EnumMap<>(Result.class);
    for (Result r : Result.values()) {
      all.put(r, 0L);
    }
    all.putAll(requireNonNull(counts, "counts is null"));
    counts = java.util.Collections.unmodifiableMap(all);
  }

  /** Keys with this result. */
  public long count(Result result) {
    return counts.get(result);
  }

  /** Every key the check compared or found on one side only. */
  public long keys() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether the destination lacks or differs from something the source has (or, where looked for, has extra). */
  public boolean mismatched() {
    return count(Result.MISSING) + count(Result.DIFFER) + (extrasChecked ? count(Result.EXTRA) : 0) > 0;
  }

  /** The summary as printed on stdout at the end of a check. */
  public String render() {
    StringBuilder b = new StringBuilder("lakecopy check summary\n");
    b.append(String.format(Locale.ROOT, "  keys       %,d%n", keys()));
    for (Result r : Result.values()) {
      String extra = r == Result.EXTRA && !extrasChecked ? " (not looked for)" : "";
      b.append(String.format(Locale.ROOT, "  %-10s %,d%s%n", r.label(), count(r), extra));
    }
    b.append(String.format(Locale.ROOT, "  elapsed    %.1f s%n", elapsed.toMillis() / 1000.0));
    return b.toString();
  }

  /** The summary as a small JSON object ({@code _summary.json} beside the report). */
  public String toJson(String source, String dest, int exitCode) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", "check");
    json.put("status", mismatched() ? "MISMATCHED" : "MATCHED");
    json.put("exit_code", exitCode);
    json.put("source", source);
    json.put("destination", dest);
    json.put("keys", keys());
    for (Result r : Result.values()) {
      json.put(r.label(), count(r));
    }
    json.put("extras_checked", extrasChecked);
    json.put("elapsed_seconds", elapsed.toMillis() / 1000.0);
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers is always JSON", e);
    }
  }
}
