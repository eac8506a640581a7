package io.lakecopy.s3;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One shared S3 client per distinct {@link S3ClientSettings} per JVM, with its {@link AdaptiveLimit}
 * of requests in flight. SDK clients are thread-safe and meant to be shared: every task of an executor
 * uses the same connection pool and backs off together. This is the only static mutable state of the
 * job; the clients are closed when the JVM exits.
 */
public final class ExecutorS3Clients {
  private record Shared(S3Client client, AdaptiveLimit limit, RequestCounter requests, ClientActivity activity) {}

  private static final Map<S3ClientSettings, Shared> CLIENTS = new ConcurrentHashMap<>();

  static {
    // Closes the clients but keeps their counters: Spark's metrics sinks report once more while the JVM stops.
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> CLIENTS.values().forEach(c -> c.client().close()), "lakecopy-s3-clients-close"));
  }

  private ExecutorS3Clients() {}

  /** The shared client for these settings, created on first use. */
  public static S3Client get(S3ClientSettings settings) {
    return shared(settings).client();
  }

  /** The in-flight limit of the shared client for these settings (its maximum: the connection pool size). */
  public static AdaptiveLimit limit(S3ClientSettings settings) {
    return shared(settings).limit();
  }

  /** What the tasks finished with the shared client for these settings as their destination. */
  public static ClientActivity activity(S3ClientSettings settings) {
    return shared(settings).activity();
  }

  /** This JVM's totals over every shared client: what Spark's metrics system reports for the executor. */
  public static ExecutorTotals totals() {
    Map<String, Long> requests = new TreeMap<>();
    long throttled = 0;
    int limit = 0;
    long[] done = new long[5];
    for (Shared c : CLIENTS.values()) {
      c.requests().counts().forEach((op, n) -> requests.merge(op, n, Long::sum));
      throttled += c.limit().throttles();
      limit += c.limit().limit();
      done[0] += c.activity().objectsCopied();
      done[1] += c.activity().objectsFailed();
      done[2] += c.activity().partsCopied();
      done[3] += c.activity().partsFailed();
      done[4] += c.activity().bytesCopied();
    }
    return new ExecutorTotals(requests, throttled, limit, done[0], done[1], done[2], done[3], done[4]);
  }

  private static Shared shared(S3ClientSettings settings) {
    return CLIENTS.computeIfAbsent(settings, s -> {
      AdaptiveLimit limit = new AdaptiveLimit(s.maxConnections());
      // RequestCounter delivers each attempt to the counter its request carries (RequestCounter.ATTEMPTS).
      RequestCounter requests = new RequestCounter();
      return new Shared(s.create(new ThrottleSignal(limit), requests), limit, requests, new ClientActivity());
    });
  }

  /** Closes and forgets every client; for tests that change settings between runs. */
  static void closeAll() {
    CLIENTS.values().forEach(c -> c.client().close());
    CLIENTS.clear();
  }

  /** How many clients this JVM holds; tests use it to prove clients are shared, not per row. */
  public static int size() {
    return CLIENTS.size();
  }
}
