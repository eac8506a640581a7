package io.lakecopy.copy;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * A Spark accumulator of S3 requests by operation: what the executors sent (HTTP attempts, retries included),
 * merged when each task ends. Like every accumulator updated in a transformation it is a hint, not a ledger: a
 * failed task's requests are not merged.
 */
public final class RequestCounts extends AccumulatorV2<Map<String, Long>, Map<String, Long>> {
  private static final long serialVersionUID = 1L;

  private final TreeMap<String, Long> counts = new TreeMap<>();

  @Override
  public boolean isZero() {
    return counts.isEmpty();
  }

  @Override
  public RequestCounts copy() {
    RequestCounts c = new RequestCounts();
    c.counts.putAll(counts);
    return c;
  }

  @Override
  public void reset() {
    counts.clear();
  }

  @Override
  public void add(Map<String, Long> v) {
    v.forEach((k, n) -> counts.merge(k, n, Long::sum));
  }

  @Override
  public void merge(AccumulatorV2<Map<String, Long>, Map<String, Long>> other) {
    add(other.value());
  }

  @Override
  public Map<String, Long> value() {
    return new TreeMap<>(counts);
  }
}
