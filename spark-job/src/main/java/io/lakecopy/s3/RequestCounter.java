package io.lakecopy.s3;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts HTTP attempts (retries included) by S3 operation name: what the run actually sent, for the
 * summary and the request cost. On executors, where clients are shared, a request can carry its own
 * counter in {@link #ATTEMPTS} so that each Spark task counts only its requests.
 */
public final class RequestCounter implements ExecutionInterceptor {
  /** A per-request counter of attempts, set through the request's override configuration. */
  public static final ExecutionAttribute<OperationCounts> ATTEMPTS = new ExecutionAttribute<>("lakecopy.attempts");

  private final Map<String, AtomicLong> byOperation = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String name = operation == null ? "Other" : operation;
    byOperation.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    OperationCounts task = attributes.getAttribute(ATTEMPTS);
    if (task != null) {
      task.attempt(name);
    }
  }

  /** Attempts so far, by operation, sorted by name. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    byOperation.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
