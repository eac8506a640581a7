package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;

/**
 * A driver stopped (SIGTERM, as YARN and Databricks stop a driver) after it started multipart uploads:
 * its shutdown hook aborts every one of them, and no object appears at the destination.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterruptedRunIT {
  private static final Duration HOLD_TIMEOUT = Duration.ofSeconds(120);

  S3TestServer server;
  S3Client s3;
  @TempDir Path tmp;

  @BeforeAll
  void start() {
    server = S3TestServer.start(S3TestServer.Kind.S3MOCK);
    s3 = server.newClient();
  }

  @AfterAll
  void stop() {
    s3.close();
    server.close();
  }

  @Test
  void driverStoppedAfterUploadsStarted_shutdownHookAbortsEveryUpload() throws Exception {
    Seeder.createBucket(s3, "held-src");
    Seeder.createBucket(s3, "held-dst");
    for (int i = 0; i < 3; i++) {
      Seeder.put(s3, "held-src", "p/big-" + i, Seeder.content("big-" + i, 11 * 1024 * 1024));
    }
    Seeder.put(s3, "held-src", "p/small", Seeder.content("small", 100));
    Path marker = tmp.resolve("holding");
    String endpoint = server.endpoint().toString();
    List<String> command = new ArrayList<>(ChildJvm.javaCommand(e -> true, List.of()));
    command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dlakecopy.hold.marker=" + marker,
        HoldingJobMain.class.getName(), "--source", "s3://held-src/p/", "--dest", "s3://held-dst/q/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--max-concurrency", "2", "--source-endpoint", endpoint,
        "--dest-endpoint",
        endpoint, "--path-style", "--source-region", "us-east-1", "--dest-region", "us-east-1"));
    Path log = tmp.resolve("driver.log");
    Process driver = ChildJvm.start(command, log, Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY));
    try {
      long deadline = System.nanoTime() + HOLD_TIMEOUT.toNanos();
      while (!Files.exists(marker) && driver.isAlive() && System.nanoTime() < deadline) {
        driver.waitFor(100, TimeUnit.MILLISECONDS);
      }
      assertThat(marker).as("driver reached the copy phase; log:\n%s", Files.readString(log)).exists();
      assertThat(uploads()).as("uploads started before the stop").hasSize(3);

      driver.destroy(); // SIGTERM
      assertThat(driver.waitFor(60, TimeUnit.SECONDS)).as("driver exited after SIGTERM").isTrue();
    } finally {
      driver.destroyForcibly();
    }
    assertThat(uploads()).as("uploads left after the stop; log:\n%s", Files.readString(log)).isEmpty();
    assertThat(s3.listObjectsV2(b -> b.bucket("held-dst")).contents()).isEmpty();
    assertThat(Files.readString(log)).contains("aborting them").doesNotContain(S3TestServer.SECRET_KEY);
  }

  private List<?> uploads() {
    return s3.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket("held-dst").build()).uploads();
  }
}
