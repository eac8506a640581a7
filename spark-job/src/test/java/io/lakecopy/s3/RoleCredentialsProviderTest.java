package io.lakecopy.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

class RoleCredentialsProviderTest {
  private static final AssumeRole ROLE = new AssumeRole("arn:aws:iam::111122223333:role/copier", "ext-1", "lakecopy-test");

  /** A clock the test moves by hand. */
  private static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  /** An STS that issues credentials valid for {@code lifetime}, numbered by call, or fails when told to. */
  private static final class FakeSts implements StsClient {
    final TestClock clock;
    final Duration lifetime;
    final List<AssumeRoleRequest> calls = new ArrayList<>();
    boolean failing;
    boolean closed;

    FakeSts(TestClock clock, Duration lifetime) {
      this.clock = clock;
      this.lifetime = lifetime;
    }

    @Override
    public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
      calls.add(request);
      if (failing) {
        throw (StsException) StsException.builder().statusCode(503).message("STS unavailable").build();
      }
      return AssumeRoleResponse.builder().credentials(Credentials.builder().accessKeyId("AKID" + calls.size())
          .secretAccessKey("secret" + calls.size()).sessionToken("token" + calls.size())
          .expiration(clock.instant().plus(lifetime)).build()).build();
    }

    @Override
    public String serviceName() {
      return "sts";
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static String accessKey(RoleCredentialsProvider p) {
    return p.resolveCredentials().accessKeyId();
  }

  @Test
  void resolve_firstCall_assumesTheRoleWithArnSessionAndExternalId() {
    TestClock clock = new TestClock();
    FakeSts sts = new FakeSts(clock, Duration.ofHours(1));
    RoleCredentialsProvider provider = new RoleCredentialsProvider(sts, ROLE, clock);

    AwsSessionCredentials credentials = (AwsSessionCredentials) provider.resolveCredentials();

    assertThat(credentials.accessKeyId()).isEqualTo("AKID1");
    assertThat(credentials.sessionToken()).isEqualTo("token1");
    assertThat(sts.calls).singleElement().satisfies(r -> {
      assertThat(r.roleArn()).isEqualTo(ROLE.roleArn());
      assertThat(r.roleSessionName()).isEqualTo("lakecopy-test");
      assertThat(r.externalId()).isEqualTo("ext-1");
    });
  }

  @Test
  void resolve_hourLongSession_renewedFiveMinutesBeforeExpiry() {
    TestClock clock = new TestClock();
    FakeSts sts = new FakeSts(clock, Duration.ofHours(1));
    RoleCredentialsProvider provider = new RoleCredentialsProvider(sts, ROLE, clock);
    accessKey(provider);

    clock.advance(Duration.ofMinutes(54).plusSeconds(59));
    assertThat(accessKey(provider)).isEqualTo("AKID1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(accessKey(provider)).isEqualTo("AKID2");

    assertThat(sts.calls).hasSize(2);
  }

  @Test
  void resolve_fourSecondSession_renewedAfterThreeSecondsNotOnEveryCall() {
    TestClock clock = new TestClock();
    FakeSts sts = new FakeSts(clock, Duration.ofSeconds(4));
    RoleCredentialsProvider provider = new RoleCredentialsProvider(sts, ROLE, clock);

    List<String> seen = new ArrayList<>();
    for (int tenth = 0; tenth < 120; tenth++) { // 12 s, ten calls a second
      seen.add(accessKey(provider));
      clock.advance(Duration.ofMillis(100));
    }

    // Renewed a quarter of the lifetime (1 s) before expiry: every 3 s, so 4 sessions in 12 s.
    assertThat(sts.calls).hasSize(4);
    assertThat(seen).containsSequence("AKID1", "AKID2").contains("AKID4").doesNotContain("AKID5");
    assertThat(seen.stream().filter("AKID1"::equals)).hasSize(30);
  }

  @Test
  void resolve_earlyRenewalFails_currentCredentialsUsedAndRetriedAfterAPause() {
    TestClock clock = new TestClock();
    FakeSts sts = new FakeSts(clock, Duration.ofHours(1));
    RoleCredentialsProvider provider = new RoleCredentialsProvider(sts, ROLE, clock);
    accessKey(provider);
    sts.failing = true;

    clock.advance(Duration.ofMinutes(56));
    assertThat(accessKey(provider)).isEqualTo("AKID1");
    assertThat(accessKey(provider)).isEqualTo("AKID1");
    assertThat(sts.calls).hasSize(2); // the second call is within the pause: no STS request
    clock.advance(RoleCredentialsProvider.RETRY_PAUSE);
    sts.failing = false;

    assertThat(accessKey(provider)).isEqualTo("AKID3");
  }

  @Test
  void resolve_staleAndRenewalFails_throws() {
    TestClock clock = new TestClock();
    FakeSts sts = new FakeSts(clock, Duration.ofHours(1));
    RoleCredentialsProvider provider = new RoleCredentialsProvider(sts, ROLE, clock);
    accessKey(provider);
    sts.failing = true;

    clock.advance(Duration.ofMinutes(59).plusSeconds(30));

    assertThatThrownBy(() -> provider.resolveCredentials()).isInstanceOf(StsException.class)
        .hasMessageContaining("STS unavailable");
  }

  @Test
  void resolve_credentialsAlreadyExpiredByTheLocalClock_usedForASecondThenRenewed() {
    TestClock clock = new TestClock();
    FakeSts sts = new FakeSts(clock, Duration.ofSeconds(-30));
    RoleCredentialsProvider provider = new RoleCredentialsProvider(sts, ROLE, clock);

    for (int i = 0; i < 10; i++) {
      accessKey(provider);
    }
    clock.advance(Duration.ofSeconds(1));
    accessKey(provider);

    assertThat(sts.calls).hasSize(2);
  }

  @Test
  void close_closesTheStsClient() {
    TestClock clock = new TestClock();
    FakeSts sts = new FakeSts(clock, Duration.ofHours(1));

    new RoleCredentialsProvider(sts, ROLE, clock).close();

    assertThat(sts.closed).isTrue();
  }
}
