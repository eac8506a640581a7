package io.lakecopy.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {
  @Test
  void onThrottle_burstOfThrottles_halvesOncePerCongestionEvent() {
    AdaptiveLimit limit = new AdaptiveLimit(64);

    for (int i = 0; i < 10; i++) {
      limit.onThrottle(); // one burst: all within the spacing window
    }

    assertThat(limit.limit()).isEqualTo(32);
    assertThat(limit.throttles()).isEqualTo(10);
  }

  @Test
  void onSuccess_afterThrottle_growsBackAdditivelyToTheMaximum() {
    AdaptiveLimit limit = new AdaptiveLimit(8);
    limit.onThrottle();
    assertThat(limit.limit()).isEqualTo(4);

    for (int i = 0; i < 5; i++) {
      limit.onSuccess(); // +1/limit each (1/4, 1/4.25, ...): about one more request in flight per round trip
    }
    assertThat(limit.limit()).isEqualTo(5);
    for (int i = 0; i < 1000; i++) {
      limit.onSuccess();
    }
    assertThat(limit.limit()).isEqualTo(8);
  }

  @Test
  void onThrottle_neverBelowOne() {
    AdaptiveLimit limit = new AdaptiveLimit(1);
    limit.onThrottle();
    assertThat(limit.limit()).isEqualTo(1);
  }

  @Test
  void acquire_atTheLimit_waitsForARelease() throws Exception {
    AdaptiveLimit limit = new AdaptiveLimit(1);
    limit.acquire();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean acquired = new AtomicBoolean();
    Thread second = new Thread(() -> {
      started.countDown();
      limit.acquire();
      acquired.set(true);
      limit.release();
    });
    second.start();
    started.await();
    second.join(200); // must still be blocked: the only slot is taken
    assertThat(acquired).isFalse();

    limit.release();
    second.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(acquired).isTrue();
  }

  @Test
  void constructor_zeroMaximum_rejected() {
    assertThatThrownBy(() -> new AdaptiveLimit(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
