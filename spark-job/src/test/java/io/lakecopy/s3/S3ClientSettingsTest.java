package io.lakecopy.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
}
