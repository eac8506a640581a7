package io.lakecopy.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS credential endpoints the SDK's providers call, on one loopback port, each answering with
 * the credentials the test chose: STS ({@code AssumeRole}, {@code AssumeRoleWithWebIdentity}; point
 * {@code AWS_ENDPOINT_URL_STS} here), the container credentials endpoint of ECS and EKS Pod Identity
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} = {@link #containerUri()}), the EC2 instance metadata
 * service ({@code AWS_EC2_METADATA_SERVICE_ENDPOINT}) and the IAM Identity Center (SSO) portal
 * ({@code AWS_ENDPOINT_URL_SSO}). Every call is recorded with its parameters and headers, every issued
 * session token with its expiry, so a test can prove which credentials reached S3 and when.
 */
public final class CredentialsStandIn implements AutoCloseable {
  /** The role name the instance metadata service reports. */
  public static final String INSTANCE_ROLE = "lakecopy-instance-role";
  private static final String IMDS_TOKEN = "lakecopy-imds-token";

  /** One call of a credentials endpoint. */
  public record Call(String action, Map<String, String> params, Map<String, String> headers) {
    /** The access key id of a SigV4-signed call (STS AssumeRole is signed with the base credentials). */
    public String signedBy() {
      String auth = headers.getOrDefault("authorization", "");
      int at = auth.indexOf("Credential=");
      return at < 0 ? "" : auth.substring(at + "Credential=".length()).split("/", 2)[0];
    }
  }

  /** A session token handed out, and until when it is valid. */
  public record Issued(String action, String sessionToken, Instant expires) {}

  private final HttpServer server;
  private final ExecutorService threads;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Issued> issued = new CopyOnWriteArrayList<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile String accessKey = S3TestServer.ACCESS_KEY;
  private volatile String secretKey = S3TestServer.SECRET_KEY;
  private volatile Duration lifetime = Duration.ofHours(1);

  private CredentialsStandIn() throws IOException {
    threads = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "credentials-stand-in");
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  public static CredentialsStandIn start() {
    try {
      return new CredentialsStandIn();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The full URI of the container credentials endpoint. */
  public URI containerUri() {
    return endpoint().resolve("/container-credentials");
  }

  /** The key pair every endpoint hands out from now on (S3Proxy's by default, so S3 accepts it). */
  public void issue(String accessKeyId, String secretAccessKey) {
    this.accessKey = accessKeyId;
    this.secretKey = secretAccessKey;
  }

  /** How long the credentials handed out from now on stay valid. */
  public void lifetime(Duration d) {
    this.lifetime = d;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<Call> calls(String action) {
    return calls.stream().filter(c -> c.action().equals(action)).toList();
  }

  public List<Issued> issued() {
    return List.copyOf(issued);
  }

  public void reset() {
    calls.clear();
    issued.clear();
    issue(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
    lifetime(Duration.ofHours(1));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      Map<String, String> params = form(exchange.getRequestURI().getRawQuery());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (method.equals("POST")) {
        params.putAll(form(body));
      }
      if (method.equals("POST") && params.containsKey("Action")) {
        String action = params.get("Action");
        calls.add(new Call(action, params, headers));
        sts(exchange, action);
      } else if (path.equals("/container-credentials")) {
        calls.add(new Call("container", params, headers));
        json(exchange, 200, credentialsJson("container", false));
      } else if (path.equals("/latest/api/token") && method.equals("PUT")) {
        calls.add(new Call("imds-token", params, headers));
        text(exchange, 200, IMDS_TOKEN);
      } else if (path.startsWith("/latest/meta-data/iam/security-credentials/")) {
        calls.add(new Call("imds", params, headers));
        if (!IMDS_TOKEN.equals(headers.get("x-aws-ec2-metadata-token"))) {
          text(exchange, 401, "");
        } else if (path.endsWith("/security-credentials/")) {
          text(exchange, 200, INSTANCE_ROLE);
        } else {
          json(exchange, 200, credentialsJson("imds", true));
        }
      } else if (path.equals("/federation/credentials")) {
        calls.add(new Call("sso", params, headers));
        Issued i = issue("sso");
        json(exchange, 200, "{\"roleCredentials\":{\"accessKeyId\":\"" + accessKey + "\",\"secretAccessKey\":\""
            + secretKey + "\",\"sessionToken\":\"" + i.sessionToken() + "\",\"expiration\":"
            + i.expires().toEpochMilli() + "}}");
      } else {
        calls.add(new Call("unknown " + method + " " + path, params, headers));
        text(exchange, 404, "");
      }
    }
  }

  private Issued issue(String action) {
    Instant expires = Instant.now().plus(lifetime).truncatedTo(ChronoUnit.MILLIS);
    Issued i = new Issued(action, "lakecopy-session-" + sessions.incrementAndGet(), expires);
    issued.add(i);
    return i;
  }

  private void sts(HttpExchange exchange, String action) throws IOException {
    if (!action.equals("AssumeRole") && !action.equals("AssumeRoleWithWebIdentity")) {
      xml(exchange, 400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>" + action
          + " is not implemented by this stand-in</Message></Error></ErrorResponse>");
      return;
    }
    Issued i = issue(action);
    xml(exchange, 200, "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action
        + "Result><Credentials><AccessKeyId>" + accessKey + "</AccessKeyId><SecretAccessKey>" + secretKey
        + "</SecretAccessKey><SessionToken>" + i.sessionToken() + "</SessionToken><Expiration>" + i.expires()
        + "</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/stand-in/s</Arn>"
        + "<AssumedRoleId>AROASTANDIN:s</AssumedRoleId></AssumedRoleUser></" + action + "Result><ResponseMetadata>"
        + "<RequestId>stand-in-" + i.sessionToken() + "</RequestId></ResponseMetadata></" + action + "Response>");
  }

  private String credentialsJson(String action, boolean imds) {
    Issued i = issue(action);
    return "{" + (imds ? "\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"LastUpdated\":\"" + Instant.now() + "\"," : "")
        + "\"AccessKeyId\":\"" + accessKey + "\",\"SecretAccessKey\":\"" + secretKey + "\",\"Token\":\""
        + i.sessionToken() + "\",\"Expiration\":\"" + i.expires() + "\"}";
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void xml(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "text/xml", body);
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "application/json", body);
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "text/plain", body);
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
