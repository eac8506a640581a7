package io.lakecopy.s3;

import java.util.Map;

/**
 * This JVM's totals over its shared S3 clients, since the JVM started: HTTP attempts by S3 operation
 * (retries included), 503 SlowDown answers, the sum of the clients' adaptive in-flight limits, and what
 * the copy tasks finished (see {@link ClientActivity}).
 */
public record ExecutorTotals(Map<String, Long> requests, long throttled, int inFlightLimit, long objectsCopied,
    long objectsFailed, long partsCopied, long partsFailed, long bytesCopied) {
  public ExecutorTotals {
    requests = Map.copyOf(requests);
  }

  /** Attempts of one operation, 0 if none was sent. */
  public long requests(String operation) {
    return requests.getOrDefault(operation, 0L);
  }

  /** Attempts of every operation. */
  public long requestsTotal() {
    return requests.values().stream().mapToLong(Long::longValue).sum();
  }
}
