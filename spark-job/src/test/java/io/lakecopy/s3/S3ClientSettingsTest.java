package io.lakecopy.s3;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

class S3ClientSettingsTest {

  @Test
  void timeoutScheduler_cancelledTimeout_leavesTheQueueAtOnce() {
    ScheduledThreadPoolExecutor scheduler = S3ClientSettings.timeoutScheduler();
    try {
      // What the SDK does per request: schedule its timeouts, cancel them when the request ends.
      for (int i = 0; i < 1000; i++) {
        ScheduledFuture<?> attempt = scheduler.schedule(() -> { }, 15, TimeUnit.MINUTES);
        ScheduledFuture<?> call = scheduler.schedule(() -> { }, 60, TimeUnit.MINUTES);
        attempt.cancel(false);
        call.cancel(false);
      }

      assertThat(scheduler.getQueue()).isEmpty();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void timeoutScheduler_dueTimeout_stillFires() throws Exception {
    ScheduledThreadPoolExecutor scheduler = S3ClientSettings.timeoutScheduler();
    try {
      ScheduledFuture<String> timeout = scheduler.schedule(() -> "fired", 10, TimeUnit.MILLISECONDS);

      assertThat(timeout.get(5, TimeUnit.SECONDS)).isEqualTo("fired");
      assertThat(scheduler.getThreadFactory().newThread(() -> { }).isDaemon()).isTrue();
      assertThat(scheduler.allowsCoreThreadTimeOut()).isTrue();
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static final String ROLE_ARN = "arn:aws:iam:::role/copier";
  private static final String FLAG = "--dest-role-arn (dest.role-arn)";

  @Test
  void checkRole_stsEndpointGiven_assumesTheRoleThereOnce() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer sts = sts(200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
        + "<Credentials><AccessKeyId>role-key</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey>"
        + "<SessionToken>role-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
        + "</AssumeRoleResult></AssumeRoleResponse>", bodies);
    try (S3Client client = withRoleAt(sts).create()) {
      withRoleAt(sts).checkRole(client, FLAG);
      withRoleAt(sts).checkRole(client, FLAG);

      assertThat(bodies).as("AssumeRole calls at the role's STS endpoint").hasSize(1);
      assertThat(bodies.get(0)).contains("Action=AssumeRole", "RoleArn=" + ROLE_ARN, "RoleSessionName=nightly");
    } finally {
      sts.stop(0);
    }
  }

  @Test
  void checkRole_stsDenies_failsNamingTheFlagRoleAndEndpoint() throws Exception {
    HttpServer sts = sts(403, "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
        + "<Message>not trusted</Message></Error></ErrorResponse>", new CopyOnWriteArrayList<>());
    S3ClientSettings settings = withRoleAt(sts);
    try (S3Client client = settings.create()) {
      LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> settings.checkRole(client, FLAG));

      assertThat(e).isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
      assertThat(e.getMessage()).contains(FLAG, ROLE_ARN, settings.role().stsEndpoint(), "403 AccessDenied",
          "not trusted").doesNotContain("base-secret");
    } finally {
      sts.stop(0);
    }
  }

  @Test
  void checkRole_noRole_sendsNothing() {
    S3ClientSettings settings = new S3ClientSettings("http://127.0.0.1:1", "us-east-1", true, null, 1, 1,
        Duration.ofSeconds(5), Duration.ofSeconds(5));
    try (S3Client client = settings.create()) {
      settings.checkRole(client, FLAG); // port 1: any request would fail
    }
  }

  /** Settings whose role is assumed at this server, with base keys from system properties (the default chain). */
  private static S3ClientSettings withRoleAt(HttpServer sts) {
    System.setProperty("aws.accessKeyId", "base-key");
    System.setProperty("aws.secretAccessKey", "base-secret");
    return new S3ClientSettings("http://127.0.0.1:1", "us-east-1", true, null, 1, 1, Duration.ofSeconds(5),
        Duration.ofSeconds(5), new AssumeRole(ROLE_ARN, null, "nightly", "http://127.0.0.1:" + sts.getAddress()
            .getPort()), RequestOptions.NONE);
  }

  /** A loopback STS stand-in that answers every request with {@code status} and {@code xml}, recording the bodies. */
  private static HttpServer sts(int status, String xml, List<String> bodies) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      bodies.add(URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
          StandardCharsets.UTF_8));
      byte[] body = xml.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }
}
