package io.lakecopy.s3;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Credentials of an assumed role ({@link AssumeRole}), renewed before they expire, so that a copy that
 * runs longer than the role's session (at most an hour when the base credentials are themselves a
 * role's, as with IRSA) keeps going. The renewal point is relative to the session's own lifetime:
 * a quarter of it, at most 5 minutes, before expiry one caller renews while the others go on with the
 * current credentials; in the last tenth (at most a minute) every caller waits for new ones. (The SDK's
 * StsAssumeRoleCredentialsProvider renews at fixed offsets, 5 and 1 minutes before expiry, which for a
 * session shorter than that means an AssumeRole call for every request.) No background thread: a
 * client nobody uses asks STS for nothing.
 *
 * <p>Retries: SDK only (the STS client's standard strategy); a failed early renewal is logged and
 * tried again after a pause, until the credentials are stale.
 */
final class RoleCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoleCredentialsProvider.class);
  static final Duration MAX_PREFETCH = Duration.ofMinutes(5);
  static final Duration MAX_STALE = Duration.ofMinutes(1);
  /** How long an early renewal that failed waits before the next one. */
  static final Duration RETRY_PAUSE = Duration.ofSeconds(10);

  /** Credentials with the times they are renewed: early (one caller) and at the latest (every caller waits). */
  private record Session(AwsSessionCredentials credentials, Instant renewAt, Instant staleAt) {}

  private final StsClient sts;
  private final AssumeRole role;
  private final Clock clock;
  private final Object lock = new Object();
  private final AtomicBoolean renewing = new AtomicBoolean();
  private volatile Session session;
  private volatile Instant nextEarlyRenewal = Instant.MIN;

  /** @param sts the client that assumes the role, with the base credentials; closed with this provider */
  RoleCredentialsProvider(StsClient sts, AssumeRole role, Clock clock) {
    this.sts = requireNonNull(sts, "sts is null");
    this.role = requireNonNull(role, "role is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public AwsCredentials resolveCredentials() {
    Session s = session;
    Instant now = clock.instant();
    if (s != null && now.isBefore(s.renewAt())) {
      return s.credentials();
    }
    if (s != null && now.isBefore(s.staleAt())) {
      if (!now.isBefore(nextEarlyRenewal) && renewing.compareAndSet(false, true)) {
        try {
          session = assume();
        } catch (SdkException e) {
          nextEarlyRenewal = now.plus(RETRY_PAUSE);
          LOG.warn("Renewing role {} failed; its credentials stay valid until {}: {}", role.roleArn(),
              s.staleAt(), S3Errors.describe(e));
        } finally {
          renewing.set(false);
        }
      }
      return session.credentials();
    }
    synchronized (lock) {
      s = session;
      if (s == null || !clock.instant().isBefore(s.staleAt())) {
        session = assume();
      }
      return session.credentials();
    }
  }

  /** One AssumeRole call. Retries: SDK only. */
  private Session assume() {
    Instant asked = clock.instant();
    Credentials c = sts.assumeRole(AssumeRoleRequest.builder().roleArn(role.roleArn()).roleSessionName(role.sessionName())
        .externalId(role.externalId()).build()).credentials();
    Instant expires = c.expiration();
    Duration lifetime = Duration.between(asked, expires);
    Session next = lifetime.compareTo(Duration.ofSeconds(1)) < 0
        // (Nearly) expired by this machine's clock: use it for a second, as the SDK's own providers do.
        ? new Session(credentials(c), asked.plusSeconds(1), asked.plusSeconds(1))
        : new Session(credentials(c), expires.minus(min(MAX_PREFETCH, lifetime.dividedBy(4))),
            expires.minus(min(MAX_STALE, lifetime.dividedBy(10))));
    if (session == null) {
      LOG.info("Assumed role {} (session {}), valid until {}", role.roleArn(), role.sessionName(), expires);
    } else {
      LOG.debug("Renewed role {}, valid until {}", role.roleArn(), expires);
    }
    return next;
  }

  private static AwsSessionCredentials credentials(Credentials c) {
    return AwsSessionCredentials.builder().accessKeyId(c.accessKeyId()).secretAccessKey(c.secretAccessKey())
        .sessionToken(c.sessionToken()).expirationTime(c.expiration()).build();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    sts.close();
  }

  @Override
  public String toString() {
    return "RoleCredentialsProvider[" + role + "]";
  }
}
