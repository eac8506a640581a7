package io.lakecopy.s3;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One shared S3 client per distinct {@link S3ClientSettings} per JVM, with its {@link AdaptiveLimit}
 * of requests in flight. SDK clients are thread-safe and meant to be shared: every task of an executor
 * uses the same connection pool and backs off together. This is the only static mutable state of the
 * job; the clients are closed when the JVM exits.
 */
public final class ExecutorS3Clients {
  private record Shared(S3Client client, AdaptiveLimit limit) {}

  private static final Map<S3ClientSettings, Shared> CLIENTS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorS3Clients::closeAll, "lakecopy-s3-clients-close"));
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

  private static Shared shared(S3ClientSettings settings) {
    return CLIENTS.computeIfAbsent(settings, s -> {
      AdaptiveLimit limit = new AdaptiveLimit(s.maxConnections());
      // RequestCounter delivers each attempt to the counter its request carries (RequestCounter.ATTEMPTS).
      return new Shared(s.create(new ThrottleSignal(limit), new RequestCounter()), limit);
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
