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
  void onSuccess_onceThrottlingHasStopped_doublesPerRoundTripBackToTheMaximum() {
    long[] now = {0};
    AdaptiveLimit limit = new AdaptiveLimit(64, () -> now[0]);
    now[0] = TimeUnit.SECONDS.toNanos(10);
    limit.onThrottle();
    now[0] += AdaptiveLimit.DECREASE_SPACING_NANOS;
    limit.onThrottle();
    now[0] += AdaptiveLimit.DECREASE_SPACING_NANOS;
    limit.onThrottle();
    assertThat(limit.limit()).isEqualTo(8);

    for (int i = 0; i < 8; i++) {
      limit.onSuccess(); // throttled 0.2 s ago: additive, about +1 per round trip of 8
    }
    assertThat(limit.limit()).isEqualTo(8); // 8 + 8 x ~1/8.5 is not yet 9

    now[0] += AdaptiveLimit.QUIET_NANOS; // a second without a 503: the burst is over
    for (int i = 0; i < 8; i++) {
      limit.onSuccess(); // +1 each: one round trip of 8 successes doubles the limit
    }
    assertThat(limit.limit()).isEqualTo(16);
    for (int i = 0; i < 100; i++) {
      limit.onSuccess();
    }
    assertThat(limit.limit()).isEqualTo(64);
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
