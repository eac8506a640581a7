package io.lakecopy.s3;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * HTTP attempts (retries included) by S3 operation, counted for one Spark task on a client that all tasks of the
 * executor share: each request carries this counter in {@link RequestCounter#ATTEMPTS}. Thread-safe.
 */
public final class OperationCounts {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void attempt(String operation) {
    counts.computeIfAbsent(operation, k -> new LongAdder()).increment();
  }

  /** The counts so far, by operation name, sorted. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Puts this counter on a request: {@code builder.overrideConfiguration(counts.onRequest())}. */
  public Consumer<AwsRequestOverrideConfiguration.Builder> onRequest() {
    return o -> o.putExecutionAttribute(RequestCounter.ATTEMPTS, this);
  }

  /** As {@link #onRequest()}, or nothing for a null counter (the driver counts with its own interceptor). */
  public static Consumer<AwsRequestOverrideConfiguration.Builder> onRequest(OperationCounts counts) {
    return counts == null ? o -> { } : counts.onRequest();
  }
}
