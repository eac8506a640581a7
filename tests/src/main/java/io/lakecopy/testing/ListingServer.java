package io.lakecopy.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A ListObjectsV2 endpoint over sorted keys held in memory, answering in microseconds: for listing benchmarks,
 * where the file-backed test servers would spend longer walking their store than the lister spends waiting (they
 * read the whole tree for each page). Serves one bucket; honours prefix, delimiter, start-after,
 * continuation-token and max-keys (at most 1,000); keys must be ASCII, whose order is S3's. Nothing else.
 */
public final class ListingServer implements AutoCloseable {
  private final String bucket;
  private final String[] keys;
  private final HttpServer server;

  private ListingServer(String bucket, String[] keys) throws IOException {
    this.bucket = bucket;
    this.keys = keys.clone();
    Arrays.sort(this.keys);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "listing-server");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** Serves {@code keys} of {@code bucket} on a free loopback port. */
  public static ListingServer start(String bucket, String[] keys) {
    try {
      return new ListingServer(bucket, keys);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
      if (!path.equals("/" + bucket) && !path.equals("/" + bucket + "/") || !"2".equals(q.get("list-type"))) {
        exchange.sendResponseHeaders(exchange.getRequestMethod().equals("HEAD") ? 200 : 501, -1);
        return;
      }
      byte[] body = page(q).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private String page(Map<String, String> q) {
    String prefix = q.getOrDefault("prefix", "");
    String delimiter = q.get("delimiter");
    int max = Math.min(1000, Integer.parseInt(q.getOrDefault("max-keys", "1000")));
    String token = q.get("continuation-token");
    int i = token != null ? Integer.parseInt(token) : firstAfter(q.getOrDefault("start-after", ""), prefix);
    StringBuilder contents = new StringBuilder();
    int count = 0;
    String lastPrefix = null;
    for (; i < keys.length && keys[i].startsWith(prefix) && count < max; i++) {
      int d = delimiter == null ? -1 : keys[i].indexOf(delimiter, prefix.length());
      if (d >= 0) {
        String common = keys[i].substring(0, d + delimiter.length());
        if (!common.equals(lastPrefix)) {
          contents.append("<CommonPrefixes><Prefix>").append(xml(common)).append("</Prefix></CommonPrefixes>");
          lastPrefix = common;
          count++;
        }
        continue;
      }
      contents.append("<Contents><Key>").append(xml(keys[i])).append("</Key><LastModified>2026-11-01T00:00:00.000Z"
          + "</LastModified><ETag>&quot;").append(String.format("%032x", keys[i].hashCode() & 0xffffffffL))
          .append("&quot;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>");
      count++;
    }
    while (lastPrefix != null && i < keys.length && keys[i].startsWith(lastPrefix)) {
      i++;
    }
    boolean truncated = i < keys.length && keys[i].startsWith(prefix);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + "<Name>" + bucket + "</Name><Prefix>" + xml(prefix) + "</Prefix><KeyCount>" + count + "</KeyCount><MaxKeys>"
        + max + "</MaxKeys><IsTruncated>" + truncated + "</IsTruncated>"
        + (truncated ? "<NextContinuationToken>" + i + "</NextContinuationToken>" : "") + contents
        + "</ListBucketResult>";
  }

  /** The index of the first key after {@code after} and not before {@code prefix}. */
  private int firstAfter(String after, String prefix) {
    int at = Arrays.binarySearch(keys, after.compareTo(prefix) >= 0 ? after : prefix);
    return at >= 0 ? (after.compareTo(prefix) >= 0 ? at + 1 : at) : -at - 1;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
