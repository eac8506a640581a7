package io.lakecopy.job;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

/** Bucket-level requests whose 404 can only mean a missing bucket: bad input naming the flag, exit code 2. */
public final class Buckets {
  private static final Logger LOG = LoggerFactory.getLogger(Buckets.class);

  private Buckets() {}

  /**
   * Fails with INVALID_INPUT if a bucket does not exist, or with the classified kind if the endpoint
   * cannot be reached. A 403 on HeadBucket is only logged: the credentials may copy without being
   * allowed to list.
   *
   * <p>Retries: SDK only.
   */
  public static void checkBucket(S3Client s3, String bucket, String flag) {
    try {
      onBucket(bucket, flag, () -> s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build()));
    } catch (LakecopyException e) {
      if (e.kind() != ErrorKind.ACCESS_DENIED) {
        throw e;
      }
      LOG.warn("{}: HeadBucket on '{}' was denied; continuing", flag, bucket);
    }
  }

  /**
   * Runs a bucket-level request (a listing, a delete) whose 404 can only mean that the bucket does not
   * exist: that becomes INVALID_INPUT naming the flag; any other S3 error, a LakecopyException of its kind.
   */
  public static <T> T onBucket(String bucket, String flag, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.NOT_FOUND) {
        throw LakecopyException.invalidInput(flag + ": bucket '" + bucket + "' does not exist");
      }
      String what = kind == ErrorKind.ACCESS_DENIED ? "access denied to bucket '" : "cannot reach bucket '";
      throw new LakecopyException(kind, flag + ": " + what + bucket + "': " + S3Errors.describe(e), e);
    }
  }

}
