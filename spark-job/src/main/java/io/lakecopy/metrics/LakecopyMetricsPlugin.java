package io.lakecopy.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.ExecutorTotals;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * lakecopy's executor counters in Spark's metrics system, so they reach the sinks a cluster already has
 * (JMX, the Prometheus servlet, Graphite, CSV, CloudWatch on EMR). Enabled with
 * {@code --conf spark.plugins=io.lakecopy.metrics.LakecopyMetricsPlugin}; Spark names each metric
 * {@code <app id>.<executor id>.plugin.io.lakecopy.metrics.LakecopyMetricsPlugin.<name>}.
 *
 * <p>Gauges, read from this JVM's shared S3 clients when a sink polls: {@code requests.<Operation>} (HTTP
 * attempts, retries included) for each operation in {@link #OPERATIONS}, {@code requests.total},
 * {@code throttled} (503 SlowDown answers), {@code inFlightLimit} (the adaptive limit), {@code objects.copied},
 * {@code objects.failed}, {@code parts.copied}, {@code parts.failed} and {@code bytes.copied}. Totals since the
 * executor started; a sink's rate of change is the throughput. No driver component: the driver prints its own
 * progress line and summary.
 */
public final class LakecopyMetricsPlugin implements SparkPlugin {
  /** The S3 operations lakecopy's executors send, each a {@code requests.<name>} gauge. */
  public static final List<String> OPERATIONS = List.of("AbortMultipartUpload", "CompleteMultipartUpload",
      "CopyObject", "CreateMultipartUpload", "DeleteObject", "DeleteObjects", "GetObject", "GetObjectTagging",
      "HeadObject", "ListMultipartUploads", "ListObjectsV2", "PutObject", "UploadPartCopy");

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new Executor();
  }

  /** Registers the gauges: Spark shows only metrics registered during {@code init}. */
  static void register(MetricRegistry registry) {
    for (String operation : OPERATIONS) {
      gauge(registry, "requests." + operation, t -> t.requests(operation));
    }
    gauge(registry, "requests.total", ExecutorTotals::requestsTotal);
    gauge(registry, "throttled", ExecutorTotals::throttled);
    gauge(registry, "inFlightLimit", ExecutorTotals::inFlightLimit);
    gauge(registry, "objects.copied", ExecutorTotals::objectsCopied);
    gauge(registry, "objects.failed", ExecutorTotals::objectsFailed);
    gauge(registry, "parts.copied", ExecutorTotals::partsCopied);
    gauge(registry, "parts.failed", ExecutorTotals::partsFailed);
    gauge(registry, "bytes.copied", ExecutorTotals::bytesCopied);
  }

  private static void gauge(MetricRegistry registry, String name, ToLongFunction<ExecutorTotals> value) {
    registry.register(name, (Gauge<Long>) () -> value.applyAsLong(ExecutorS3Clients.totals()));
  }

  private static final class Executor implements ExecutorPlugin {
    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      register(ctx.metricRegistry());
    }
  }
}
