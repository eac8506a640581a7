package io.lakecopy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.sun.net.httpserver.HttpServer;
import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.S3ClientSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LakecopyMetricsPluginTest {

  private static long value(MetricRegistry registry, String name) {
    Gauge<?> gauge = registry.getGauges().get(name);
    assertThat(gauge).as("gauge %s", name).isNotNull();
    return (Long) gauge.getValue();
  }

  @Test
  void register_everyDocumentedGauge() {
    MetricRegistry registry = new MetricRegistry();
    LakecopyMetricsPlugin.register(registry);

    List<String> expected = new ArrayList<>();
    LakecopyMetricsPlugin.OPERATIONS.forEach(op -> expected.add("requests." + op));
    expected.addAll(List.of("requests.total", "throttled", "inFlightLimit", "objects.copied", "objects.failed",
        "parts.copied", "parts.failed", "bytes.copied"));
    assertThat(registry.getNames()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(registry.getNames()).contains("requests.CopyObject", "requests.UploadPartCopy", "requests.DeleteObject");
  }

  @Test
  void gauges_readTheSharedClientsRequestsAndWhatTheTasksFinished() throws IOException {
    System.setProperty("aws.accessKeyId", "metrics-test-key"); // the default chain signs the stand-in's requests
    System.setProperty("aws.secretAccessKey", "metrics-test-secret");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().add("ETag", "\"0123456789abcdef0123456789abcdef\"");
      exchange.getResponseHeaders().add("Content-Length", "7");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      S3ClientSettings settings = new S3ClientSettings("http://127.0.0.1:" + server.getAddress().getPort(),
          "us-east-1", true, null, 4, 1, Duration.ofSeconds(5), Duration.ofSeconds(5));
      MetricRegistry registry = new MetricRegistry();
      LakecopyMetricsPlugin.register(registry);
      long heads = value(registry, "requests.HeadObject");
      long total = value(registry, "requests.total");
      long copied = value(registry, "objects.copied");
      long failed = value(registry, "objects.failed");
      long parts = value(registry, "parts.copied");
      long partsFailed = value(registry, "parts.failed");
      long bytes = value(registry, "bytes.copied");

      ExecutorS3Clients.get(settings).headObject(b -> b.bucket("b").key("k"));
      ExecutorS3Clients.activity(settings).object(true, 1000);
      ExecutorS3Clients.activity(settings).object(true, 24);
      ExecutorS3Clients.activity(settings).object(false, 0);
      ExecutorS3Clients.activity(settings).part(true, 5 << 20);
      ExecutorS3Clients.activity(settings).part(false, 0);

      assertThat(value(registry, "requests.HeadObject") - heads).isEqualTo(1);
      assertThat(value(registry, "requests.total") - total).isEqualTo(1);
      assertThat(value(registry, "objects.copied") - copied).isEqualTo(2);
      assertThat(value(registry, "objects.failed") - failed).isEqualTo(1);
      assertThat(value(registry, "parts.copied") - parts).isEqualTo(1);
      assertThat(value(registry, "parts.failed") - partsFailed).isEqualTo(1);
      assertThat(value(registry, "bytes.copied") - bytes).isEqualTo(1000 + 24 + (5 << 20));
      assertThat(value(registry, "inFlightLimit")).as("this client's limit is in the sum").isGreaterThanOrEqualTo(4);
    } finally {
      server.stop(0);
    }
  }
}
