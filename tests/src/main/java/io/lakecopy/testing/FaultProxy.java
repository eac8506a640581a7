package io.lakecopy.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A loopback HTTP proxy between the job and an S3-compatible server that counts requests by S3
 * operation, adds latency, and injects faults by rule: 503 SlowDown, 500, a 200 with an {@code
 * <Error>} body, a connection reset before or in the middle of the response. The Host header is
 * forwarded unchanged, so SigV4 signatures still verify at the server. It can also record every
 * request with its headers ({@link #record}) and stand in for S3's bucket-owner check
 * ({@link #bucketOwners}).
 *
 * <p>The requests of lakecopy's copy-source-condition probe (to a {@code _lakecopy-probe-} key, once per run before
 * the first copy) are counted apart ({@link #probeCount}), recorded, and otherwise passed through: no fault rule,
 * observer or {@link #count} sees them, so that what the tests count and fault is the copies themselves.
 */
public final class FaultProxy implements AutoCloseable {
  static {
    // The forwarded Host header must stay the one the client signed.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "keep-alive", "proxy-connection", "te", "trailer", "date");

  /** The key name lakecopy's probe writes to, under the destination prefix. */
  public static final String PROBE_KEY_PREFIX = "_lakecopy-probe-";

  private final HttpServer server;
  private final HttpClient upstreamClient;
  private final URI upstream;
  private final ExecutorService threads;
  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final Map<RequestType, AtomicLong> counts = new EnumMap<>(RequestType.class);
  private final Map<RequestType, AtomicLong> probeCounts = new EnumMap<>(RequestType.class);
  private final List<BiConsumer<RequestType, String>> observers = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private volatile Duration latency = Duration.ZERO;
  /** Time the upstream server took, by request type (forwarded requests only, added latency excluded). */
  private final Map<RequestType, AtomicLong> upstreamNanos = new EnumMap<>(RequestType.class);
  /** Per second since the last reset: copy requests answered 2xx by the server, and injected 503s. */
  private final java.util.concurrent.ConcurrentSkipListMap<Long, long[]> timeline =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  private volatile long epochNanos = System.nanoTime();
  private volatile boolean recording;
  private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
  private volatile Map<String, String> owners = Map.of();
  private final List<HeaderRewrite> rewrites = new CopyOnWriteArrayList<>();

  /** A response header of one request type on one path, changed on its way to the client. */
  private record HeaderRewrite(RequestType type, Predicate<String> path, String header,
      java.util.function.UnaryOperator<String> change) {}

  /**
   * One request as received: its type, method, raw path and query, headers by lower-case name, and when.
   * Header values are what the client sent, SSE-C keys included: tests only.
   */
  public record Recorded(RequestType type, String method, String path, String query,
      Map<String, List<String>> headers, java.time.Instant received) {
    public java.util.Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(values.get(0));
    }

    /** Whether the SigV4 Authorization header lists this header as signed. */
    public boolean signed(String name) {
      String auth = header("authorization").orElse("");
      int at = auth.indexOf("SignedHeaders=");
      if (at < 0) {
        return false;
      }
      String list = auth.substring(at + "SignedHeaders=".length()).split(",", 2)[0];
      return java.util.Arrays.asList(list.split(";")).contains(name.toLowerCase(Locale.ROOT));
    }

    /** The bucket of a path-style request. */
    public String bucket() {
      String p = path.startsWith("/") ? path.substring(1) : path;
      int slash = p.indexOf('/');
      return slash < 0 ? p : p.substring(0, slash);
    }
  }

  private FaultProxy(URI upstream, int threadCount) throws IOException {
    this.upstream = upstream;
    for (RequestType t : RequestType.values()) {
      counts.put(t, new AtomicLong());
      probeCounts.put(t, new AtomicLong());
      upstreamNanos.put(t, new AtomicLong());
    }
    this.threads = Executors.newFixedThreadPool(threadCount, r -> {
      Thread t = new Thread(r, "fault-proxy");
      t.setDaemon(true);
      return t;
    });
    // Not the handlers' pool: with every handler thread waiting in send(), the client would have no thread left
    // to read the responses they wait for.
    this.upstreamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Starts a proxy in front of {@code upstream} on a free loopback port. */
  public static FaultProxy start(URI upstream) {
    return start(upstream, 64);
  }

  /** As {@link #start(URI)}, handling up to {@code threads} requests at once (latency benchmarks need many). */
  public static FaultProxy start(URI upstream, int threads) {
    try {
      return new FaultProxy(upstream, threads);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public FaultRule addRule(FaultRule rule) {
    rules.add(rule);
    return rule;
  }

  public void clearRules() {
    rules.clear();
  }

  public void clearObservers() {
    observers.clear();
  }

  /** Latency added to every request before it is forwarded (stands in for S3's round trip). */
  public void setLatency(Duration latency) {
    this.latency = latency;
  }

  /** Called with the type and raw path of every request received, before it is forwarded or failed. */
  public void onRequest(BiConsumer<RequestType, String> observer) {
    observers.add(observer);
  }

  /** Starts (or stops) recording every request received, headers included. */
  public void record(boolean on) {
    recording = on;
  }

  /** The requests recorded so far, in arrival order. */
  public List<Recorded> recorded() {
    return List.copyOf(recorded);
  }

  public void clearRecorded() {
    recorded.clear();
  }

  /**
   * Answers as S3 does when a request names the wrong owner: 403 AccessDenied, not forwarded, if its
   * {@code x-amz-expected-bucket-owner} is not the owner of its bucket, or its {@code
   * x-amz-source-expected-bucket-owner} not the owner of the copy source's bucket. Buckets not in the
   * map, and requests without the headers, pass.
   */
  /**
   * Changes the value of response header {@code header} (case-insensitive) of every {@code type} request whose raw path
   * matches, as a store that answers a wrong value would (a checksum that is not the object's). Not undone by
   * {@link #clearRules}: use {@link #clearRewrites}.
   */
  public void rewriteResponseHeader(RequestType type, Predicate<String> path, String header,
      java.util.function.UnaryOperator<String> change) {
    rewrites.add(new HeaderRewrite(type, path, header.toLowerCase(Locale.ROOT), change));
  }

  public void clearRewrites() {
    rewrites.clear();
  }

  public void bucketOwners(Map<String, String> bucketToAccount) {
    owners = Map.copyOf(bucketToAccount);
  }

  /** Requests received so far, by type (injected faults included). */
  public Map<RequestType, Long> counts() {
    Map<RequestType, Long> snapshot = new EnumMap<>(RequestType.class);
    counts.forEach((k, v) -> {
      if (v.get() > 0) {
        snapshot.put(k, v.get());
      }
    });
    return snapshot;
  }

  public long count(RequestType type) {
    return counts.get(type).get();
  }

  /** Requests of the probe of the store's copy-source condition received so far, by type. */
  public long probeCount(RequestType type) {
    return probeCounts.get(type).get();
  }

  public long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public void resetCounts() {
    counts.values().forEach(c -> c.set(0));
    probeCounts.values().forEach(c -> c.set(0));
    upstreamNanos.values().forEach(c -> c.set(0));
    timeline.clear();
    epochNanos = System.nanoTime();
  }

  /** Seconds the server spent answering forwarded requests, by type, since the last reset. */
  public Map<RequestType, Double> upstreamSeconds() {
    Map<RequestType, Double> snapshot = new EnumMap<>(RequestType.class);
    upstreamNanos.forEach((k, v) -> {
      if (v.get() > 0) {
        snapshot.put(k, v.get() / 1e9);
      }
    });
    return snapshot;
  }

  /**
   * Second since the last reset -> {copy requests (CopyObject, UploadPartCopy) the server answered 2xx,
   * copy requests answered with an injected 503 SlowDown}.
   */
  public java.util.SortedMap<Long, long[]> copyTimeline() {
    java.util.SortedMap<Long, long[]> snapshot = new java.util.TreeMap<>();
    timeline.forEach((k, v) -> {
      synchronized (v) {
        snapshot.put(k, v.clone());
      }
    });
    return snapshot;
  }

  private void tick(RequestType type, int slot) {
    if (type != RequestType.COPY_OBJECT && type != RequestType.UPLOAD_PART_COPY) {
      return;
    }
    long[] row = timeline.computeIfAbsent((System.nanoTime() - epochNanos) / 1_000_000_000L, k -> new long[2]);
    synchronized (row) {
      row[slot]++;
    }
  }

  /** Requests received and not yet answered. */
  public int inFlight() {
    return inFlight.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    inFlight.incrementAndGet();
    try (exchange) {
      URI uri = exchange.getRequestURI();
      RequestType type = RequestType.of(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
          exchange.getRequestHeaders().containsKey("x-amz-copy-source"));
      boolean probe = uri.getRawPath().contains("/" + PROBE_KEY_PREFIX);
      (probe ? probeCounts : counts).get(type).incrementAndGet();
      if (!probe) {
        observers.forEach(o -> o.accept(type, uri.getRawPath()));
      }
      Recorded request = new Recorded(type, exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
          lowerCase(exchange.getRequestHeaders()), java.time.Instant.now());
      if (recording) {
        recorded.add(request);
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (wrongOwner(request)) {
        inject(exchange, Fault.ACCESS_DENIED);
        return;
      }
      Duration delay = latency;
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      Fault fault = null;
      for (FaultRule rule : probe ? List.<FaultRule>of() : rules) {
        fault = rule.decide(type, uri.getRawPath());
        if (fault != null) {
          break;
        }
      }
      if (fault != null && fault != Fault.RESET_MID_RESPONSE) {
        if (fault == Fault.SLOW_DOWN) {
          tick(type, 1);
        }
        inject(exchange, fault);
        return;
      }
      long sent = System.nanoTime();
      HttpResponse<byte[]> response = forward(exchange, body);
      upstreamNanos.get(type).addAndGet(System.nanoTime() - sent);
      if (response.statusCode() / 100 == 2 && !probe) {
        tick(type, 0);
      }
      List<HeaderRewrite> changes = probe ? List.of() : rewrites.stream()
          .filter(r -> r.type() == type && r.path().test(uri.getRawPath())).toList();
      respond(exchange, response, fault == Fault.RESET_MID_RESPONSE, changes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away or the upstream failed: the connection closes, as a network fault would.
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
    URI uri = exchange.getRequestURI();
    URI target = URI.create(upstream.toString() + uri.getRawPath() + (uri.getRawQuery() == null ? ""
        : "?" + uri.getRawQuery()));
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(10))
        .method(exchange.getRequestMethod(), body.length == 0 && !exchange.getRequestMethod().equals("PUT")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        h.getValue().forEach(v -> request.header(h.getKey(), v));
      }
    }
    return upstreamClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private boolean wrongOwner(Recorded request) {
    Map<String, String> known = owners;
    if (known.isEmpty()) {
      return false;
    }
    String owner = known.get(request.bucket());
    java.util.Optional<String> expected = request.header("x-amz-expected-bucket-owner");
    if (owner != null && expected.isPresent() && !expected.get().equals(owner)) {
      return true;
    }
    java.util.Optional<String> copySource = request.header("x-amz-copy-source");
    java.util.Optional<String> expectedSource = request.header("x-amz-source-expected-bucket-owner");
    if (copySource.isPresent() && expectedSource.isPresent()) {
      String source = java.net.URLDecoder.decode(copySource.get(), StandardCharsets.UTF_8);
      source = source.startsWith("/") ? source.substring(1) : source;
      String sourceOwner = known.get(source.split("/", 2)[0]);
      return sourceOwner != null && !expectedSource.get().equals(sourceOwner);
    }
    return false;
  }

  private static Map<String, List<String>> lowerCase(Headers headers) {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return out;
  }

  private static void respond(HttpExchange exchange, HttpResponse<byte[]> response, boolean cutBody,
      List<HeaderRewrite> changes) throws IOException {
    Headers out = exchange.getResponseHeaders();
    response.headers().map().forEach((k, v) -> {
      if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) || k.equalsIgnoreCase("content-length")
          && exchange.getRequestMethod().equals("HEAD")) {
        List<String> values = v;
        for (HeaderRewrite c : changes) {
          if (c.header().equals(k.toLowerCase(Locale.ROOT))) {
            values = values.stream().map(c.change()).toList();
          }
        }
        out.put(k, values);
      }
    });
    byte[] body = response.body();
    if (exchange.getRequestMethod().equals("HEAD") || body.length == 0) {
      exchange.sendResponseHeaders(response.statusCode(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.statusCode(), body.length);
    OutputStream os = exchange.getResponseBody();
    if (cutBody) {
      os.write(body, 0, body.length / 2);
      os.flush();
      throw new IOException("connection cut mid-response by rule"); // closes the connection unfinished
    }
    os.write(body);
  }

  private static void inject(HttpExchange exchange, Fault fault) throws IOException {
    switch (fault) {
      case RESET_BEFORE_RESPONSE -> exchange.close();
      case SLOW_DOWN -> error(exchange, 503, "SlowDown", "Please reduce your request rate.");
      case INTERNAL_ERROR -> error(exchange, 500, "InternalError", "We encountered an internal error. Please try again.");
      case ERROR_IN_200 -> error(exchange, 200, "InternalError", "We encountered an internal error. Please try again.");
      case ACCESS_DENIED -> error(exchange, 403, "AccessDenied", "Access Denied");
      default -> throw new IllegalStateException("not an injected response: " + fault);
    }
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
        + "</Message><RequestId>fault-proxy</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (InputStream ignored = exchange.getRequestBody(); OutputStream os = exchange.getResponseBody()) {
      os.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
