package io.lakecopy.s3;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Everything needed to build an S3 client, and nothing else: this record travels to executors, the
 * client never does (clients are built where they are used, see {@link ExecutorS3Clients}). No
 * credential is held here: credentials come from the AWS default provider chain or a named profile on
 * the machine that builds the client, optionally exchanged for a role's ({@link AssumeRole}). SSE-C
 * keys, the one secret it may carry, print as redacted.
 *
 * @param endpoint endpoint override (S3-compatible servers, VPC endpoints), or null for AWS
 * @param region signing region, or null to use the default region chain with cross-region access
 * @param profile named profile in the AWS shared config files, or null for the default chain
 * @param maxConnections HTTP connection pool size; at least the number of requests in flight
 * @param maxAttempts SDK attempts per request (1 = no retry)
 * @param role the role this side assumes on top of its base credentials, or null
 * @param options what every request of this client carries (requester pays, owner guards, encryption)
 */
public record S3ClientSettings(
    String endpoint,
    String region,
    boolean pathStyle,
    String profile,
    int maxConnections,
    int maxAttempts,
    Duration apiCallAttemptTimeout,
    Duration apiCallTimeout,
    AssumeRole role,
    RequestOptions options)
    implements Serializable {

  // Used only when no region is configured anywhere; cross-region access then finds the bucket's region.
  static final String FALLBACK_REGION = "us-east-1";

  public S3ClientSettings {
    requireNonNull(apiCallAttemptTimeout, "apiCallAttemptTimeout is null");
    requireNonNull(options, "options is null");
    requireNonNull(apiCallTimeout, "apiCallTimeout is null");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1: " + maxConnections);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    }
    if (endpoint != null) {
      URI uri = URI.create(endpoint);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("endpoint must be an http(s)://host[:port] URL: " + endpoint);
      }
    }
  }

  /** Settings with the default chain's credentials and no request options. */
  public S3ClientSettings(String endpoint, String region, boolean pathStyle, String profile, int maxConnections,
      int maxAttempts, Duration apiCallAttemptTimeout, Duration apiCallTimeout) {
    this(endpoint, region, pathStyle, profile, maxConnections, maxAttempts, apiCallAttemptTimeout, apiCallTimeout,
        null, RequestOptions.NONE);
  }

  public Optional<String> endpointOverride() {
    return Optional.ofNullable(endpoint);
  }

  public S3ClientSettings withMaxConnections(int connections) {
    return new S3ClientSettings(endpoint, region, pathStyle, profile, connections, maxAttempts, apiCallAttemptTimeout,
        apiCallTimeout, role, options);
  }

  /** These settings with other request options. */
  public S3ClientSettings withOptions(RequestOptions other) {
    return new S3ClientSettings(endpoint, region, pathStyle, profile, maxConnections, maxAttempts,
        apiCallAttemptTimeout, apiCallTimeout, role, other);
  }

  /** Builds a new client; the caller owns it and must close it. */
  public S3Client create() {
    return create(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor[0]);
  }

  /** Builds a new client that also runs these interceptors on every request. */
  public S3Client create(software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
    AwsCredentialsProvider credentials = credentials();
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .maxConnections(maxConnections)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(apiCallAttemptTimeout))
            .credentialsProvider(credentials)
            .forcePathStyle(pathStyle)
            // The job's one PutObject is the empty completion marker. Over plain HTTP the SDK would send it
            // aws-chunked, which Ceph RGW 16.2.15 rejects for an empty body (400; the regression reported on
            // ceph/ceph#53266); unchunked, the payload is signed whole. Over HTTPS it goes unsigned either way.
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            // Copies carry no payload: checksums are S3's business here, not a cost on every request.
            .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(o -> {
              configure(o);
              o.addExecutionInterceptor(new RequestOptionsInterceptor(options));
              for (var interceptor : interceptors) {
                o.addExecutionInterceptor(interceptor);
              }
            });
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    if (region != null) {
      builder.region(Region.of(region));
    } else {
      builder.region(defaultRegion()).crossRegionAccessEnabled(endpoint == null);
    }
    S3Client client = builder.build();
    // The SDK does not close a credentials provider it was given; the role's STS client must not outlive us.
    return credentials instanceof SdkAutoCloseable closeable ? new ClosingClient(client, closeable) : client;
  }

  /**
   * Assumes this side's role now, with one STS call whose session {@code client} then uses, so that a role its base
   * credentials may not assume (a wrong ARN, a trust policy that does not trust them, a wrong external id or STS
   * endpoint) stops the run before anything is written, naming {@code flag}. Does nothing without a role.
   * Retries: SDK only (the STS client's).
   *
   * @param client a client these settings created
   * @throws LakecopyException of the STS error's kind (exit code 3)
   */
  public void checkRole(S3Client client, String flag) {
    if (role == null || !(client instanceof ClosingClient closing)
        || !(closing.resources instanceof RoleCredentialsProvider provider)) {
      return;
    }
    try {
      provider.resolveCredentials();
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw new LakecopyException(S3Errors.classify(e), flag + ": cannot assume "
          + role.roleArn() + " at " + (role.stsEndpoint() == null ? "the SDK's STS endpoint" : role.stsEndpoint())
          + " with this side's base credentials: " + S3Errors.describe(e), e);
    }
  }

  /** An S3 client that also closes what its credentials provider holds. */
  private static final class ClosingClient extends software.amazon.awssdk.services.s3.DelegatingS3Client {
    private final SdkAutoCloseable resources;

    ClosingClient(S3Client client, SdkAutoCloseable resources) {
      super(client);
      this.resources = resources;
    }

    @Override
    public void close() {
      try {
        super.close();
      } finally {
        resources.close();
      }
    }
  }

  private void configure(ClientOverrideConfiguration.Builder config) {
    config
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
        .apiCallAttemptTimeout(apiCallAttemptTimeout)
        .apiCallTimeout(apiCallTimeout)
        .scheduledExecutorService(timeoutScheduler());
  }

  /**
   * The scheduler of the SDK's per-request timeouts. The SDK's own keeps every cancelled timeout
   * queued until it would have fired (15 and 60 minutes here): measured on a million-object copy, 300,000
   * dead timeout tasks after four minutes. This one drops a timeout as soon as its request ends. Its
   * threads are daemons that exit when idle, so a closed client leaves nothing behind (the SDK does not
   * shut down a scheduler it was given).
   */
  static java.util.concurrent.ScheduledThreadPoolExecutor timeoutScheduler() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ScheduledThreadPoolExecutor scheduler = new java.util.concurrent.ScheduledThreadPoolExecutor(2,
        r -> {
          Thread t = new Thread(r, "lakecopy-sdk-timeouts-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setKeepAliveTime(30, java.util.concurrent.TimeUnit.SECONDS);
    scheduler.allowCoreThreadTimeOut(true);
    return scheduler;
  }

  private AwsCredentialsProvider credentials() {
    AwsCredentialsProvider base = profile == null
        ? DefaultCredentialsProvider.builder().build()
        : ProfileCredentialsProvider.create(profile);
    if (role == null) {
      return base;
    }
    // STS in the bucket's region (or the default region), signed for that region; the role's STS endpoint, else
    // AWS_ENDPOINT_URL_STS, points it elsewhere.
    StsClientBuilder sts = StsClient.builder()
        .credentialsProvider(base)
        .region(region != null ? Region.of(region) : defaultRegion())
        .httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(10)))
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(2)));
    if (role.stsEndpoint() != null) {
      sts.endpointOverride(URI.create(role.stsEndpoint()));
    }
    return new RoleCredentialsProvider(sts.build(), role, java.time.Clock.systemUTC());
  }

  private static Region defaultRegion() {
    try {
      return new software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain().getRegion();
    } catch (RuntimeException e) {
      return Region.of(FALLBACK_REGION);
    }
  }
}
