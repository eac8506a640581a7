package io.lakecopy.s3;

import static java.util.Objects.requireNonNull;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bucket-owner guard, checked once before anything is written. S3 answers a request whose
 * {@code x-amz-expected-bucket-owner} names another account with a plain 403 AccessDenied, the same
 * answer as for missing permissions. So when the guarded listing is denied, one listing without the
 * guard tells the two apart: if it is allowed, the bucket belongs to another account.
 */
public final class BucketOwnerCheck {
  private BucketOwnerCheck() {}

  /**
   * Lists one key under {@code where} with the client's owner guard; does nothing if it has none.
   *
   * <p>Retries: SDK only. Sends one ListObjectsV2 (two if the first is denied); writes nothing.
   *
   * @param client a client built from {@code settings}
   * @param flag the flag and key of the expected owner, for the message
   * @throws LakecopyException INVALID_INPUT naming {@code flag} if the bucket belongs to another account;
   *     ACCESS_DENIED if the listing is denied with and without the guard
   */
  public static void check(S3ClientSettings settings, S3Client client, S3Location where, String flag) {
    requireNonNull(flag, "flag is null");
    String owner = settings.options().expectedBucketOwner();
    if (owner == null) {
      return;
    }
    AwsServiceException guarded = denial(client, where);
    if (guarded == null) {
      return;
    }
    AwsServiceException unguarded;
    try (S3Client probe = settings.withOptions(settings.options().withoutOwnerGuards()).create()) {
      unguarded = denial(probe, where);
    }
    if (unguarded == null) {
      throw LakecopyException.invalidInput(flag + ": bucket '" + where.bucket() + "' is not owned by account " + owner
          + " (S3 denies listing " + where + " to requests that name that owner, and allows it to requests that"
          + " do not); check the account id, or the bucket name");
    }
    throw new LakecopyException(ErrorKind.ACCESS_DENIED, "listing " + where + " was denied with " + flag + " = "
        + owner + " and without it (" + S3Errors.describe(unguarded) + "): the credentials may not list it, so the"
        + " owner could not be checked", guarded);
  }

  /** The 403 S3 answers to a one-key listing, or null. Retries: SDK only. */
  private static AwsServiceException denial(S3Client client, S3Location where) {
    try {
      client.listObjectsV2(b -> b.bucket(where.bucket()).prefix(where.key()).maxKeys(1));
      return null;
    } catch (SdkException e) {
      // Anything but a denial (a missing bucket, no credentials, no network) the run's own requests report.
      return e instanceof AwsServiceException service && service.statusCode() == 403 ? service : null;
    }
  }
}
