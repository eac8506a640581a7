package io.lakecopy.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakecopy.plan.CheckVerdict.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The totals of a {@code lakecopy check}: keys per result, whether extra destination objects were looked for (not
 * with {@code --one-way} or {@code --manifest}), and where the destination side came from.
 */
public record CheckSummary(Map<Result, Long> counts, boolean extrasChecked, Duration elapsed, DestSide destSide) {
  /**
   * Where a check's destination side came from: a listing of --dest ({@link #LISTING}), or an S3 Inventory of its
   * bucket ({@link #inventory}), a snapshot: objects written after it are not seen, objects deleted since still are.
   *
   * @param inventory the inventory's manifest.json, or empty for a listing
   * @param created when the inventory was taken (its manifest's creationTimestamp), or empty if it does not say
   */
  public record DestSide(Optional<String> inventory, Optional<Instant> created) {
    public static final DestSide LISTING = new DestSide(Optional.empty(), Optional.empty());

    public DestSide {
      requireNonNull(inventory, "inventory is null");
      requireNonNull(created, "created is null");
      if (inventory.isEmpty() && created.isPresent()) {
        throw new IllegalArgumentException("a listing has no creation time");
      }
    }

    public static DestSide inventory(String manifest, Optional<Instant> created) {
      return new DestSide(Optional.of(requireNonNull(manifest, "manifest is null")), created);
    }

    /** As the summary names it: {@code listing} or {@code inventory}. */
    public String label() {
      return inventory.isPresent() ? "inventory" : "listing";
    }
  }

  /** The summary of a check whose destination side is a listing of --dest. */
  public CheckSummary(Map<Result, Long> counts, boolean extrasChecked, Duration elapsed) {
    this(counts, extrasChecked, elapsed, DestSide.LISTING);
  }

  public CheckSummary {
    requireNonNull(elapsed, "elapsed is null");
    requireNonNull(destSide, "destSide is null");
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
    destSide.inventory().ifPresent(m -> b.append("  dest side  inventory ").append(m)
        .append(destSide.created().map(c -> " (as of " + c + ")").orElse(" (date unknown)")).append('\n'));
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
    json.put("destination_side", destSide.label());
    json.put("destination_inventory", destSide.inventory().orElse(null));
    json.put("destination_inventory_created", destSide.created().map(Instant::toString).orElse(null));
    json.put("elapsed_seconds", elapsed.toMillis() / 1000.0);
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers is always JSON", e);
    }
  }
}
