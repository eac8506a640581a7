package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BandwidthLimitTest {
  private static final long SECOND = 1_000_000_000L;

  /** A clock the test moves. */
  private static final class FakeClock implements BandwidthLimit.Clock {
    long now = 5 * SECOND;

    @Override
    public long nanoTime() {
      return now;
    }
  }

  @ParameterizedTest(name = "{0} B/s over {1} slots -> {2} B/s a task")
  @CsvSource({
      "104857600, 8, 13107200",  // 100 MiB/s over 8 slots
      "100, 3, 33",             // rounded down
      "5, 10, 1",               // never below 1 B/s
      "1000, 0, 1000",          // no slot count known: the whole rate
      "0, 4, 0",                // no --bwlimit: no limit
  })
  void share_dividesTheJobsRateAmongTaskSlots(long job, int slots, long expected) {
    assertThat(BandwidthLimit.share(job, slots)).isEqualTo(expected);
  }

  @Test
  void take_fullBucketFirst_thenWaitsForWhatTheRatePaysFor() {
    FakeClock clock = new FakeClock();
    BandwidthLimit limit = new BandwidthLimit(1000, clock);

    assertThat(limit.take(1000)).as("the bucket starts with one second of bytes").isZero();
    assertThat(limit.take(500)).as("500 B more at 1000 B/s: half a second").isEqualTo(SECOND / 2);
    clock.now += SECOND / 2; // the reader waited
    assertThat(limit.take(250)).isEqualTo(SECOND / 4);
    clock.now += 10 * SECOND; // idle: the bucket refills, but holds one second at most
    assertThat(limit.take(1000)).isZero();
    assertThat(limit.take(1)).isEqualTo(SECOND / 1000);
  }

  @Test
  void take_manyReadersShareOneBucket_totalWaitIsBytesOverRate() {
    FakeClock clock = new FakeClock();
    BandwidthLimit limit = new BandwidthLimit(1_000_000, clock);
    long waited = 0;
    // 10 MB in 64 KiB reads from 8 requests in flight, each waiting its turn: 9 s after the first second's bytes
    long left = 10_000_000;
    while (left > 0) {
      long n = Math.min(65_536, left);
      long wait = limit.take(n);
      clock.now += wait;
      waited += wait;
      left -= n;
    }
    assertThat(waited).isBetween(9 * SECOND - SECOND / 100, 9 * SECOND + SECOND / 100);
  }

  @Test
  void reopeningBody_everyByteReadIsTakenFromTheLimit() throws Exception {
    FakeClock clock = new FakeClock(); // does not move: what the body read stays owed
    BandwidthLimit limit = new BandwidthLimit(1_000_000, clock);
    byte[] bytes = new byte[1_100_000];
    java.util.Arrays.fill(bytes, (byte) 7);
    ReopeningBody body = new ReopeningBody(offset -> new java.io.ByteArrayInputStream(bytes, (int) offset,
        bytes.length - (int) offset), bytes.length, limit);

    try (java.io.InputStream in = body.newStream()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes); // each read past the burst sleeps for all that is owed: < 1 s
    }

    // 1,100,000 read against 1,000,000 of burst: 100,000 bytes (0.1 s) owed before the next byte
    assertThat(limit.take(1)).isBetween(SECOND / 10, SECOND / 10 + SECOND / 1000);
  }

  @Test
  void none_neverWaits() {
    assertThat(BandwidthLimit.NONE.limits()).isFalse();
    assertThat(BandwidthLimit.NONE.take(Long.MAX_VALUE / 2)).isZero();
    assertThat(BandwidthLimit.forTask(BandwidthLimit.share(0, 4))).isSameAs(BandwidthLimit.NONE);
    assertThat(BandwidthLimit.forTask(BandwidthLimit.share(100, 4)).limits()).isTrue();
  }

  @Test
  void acquire_interrupted_throwsInterruptedIOExceptionAndKeepsTheInterrupt() {
    BandwidthLimit limit = new BandwidthLimit(1, new FakeClock());
    limit.take(1);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> limit.acquire(1_000)).isInstanceOf(InterruptedIOException.class)
          .hasMessageContaining("--bwlimit");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void constructor_negativeRate_throws() {
    assertThatThrownBy(() -> new BandwidthLimit(-1, System::nanoTime)).isInstanceOf(IllegalArgumentException.class);
  }
}
