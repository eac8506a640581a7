package io.lakecopy.copy;

import io.lakecopy.s3.S3Errors;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Confirms, by a HEAD, the encryption of a copy whose write response did not show it (on AWS every response does, so
 * this costs nothing there), and deletes a copy the store wrote unencrypted: exactly that write ({@link OwnWrites}), so
 * nothing else at the key is touched.
 */
final class EncryptionVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(EncryptionVerifier.class);

  private EncryptionVerifier() {}

  /** Whether a write's response named the version it made ("null" is an unversioned bucket's). Pure. */
  static boolean namesAVersion(String versionId) {
    return versionId != null && !versionId.isEmpty() && !"null".equals(versionId);
  }

  /**
   * Why the copy at {@code bucket/key} (written with {@code eTag}, {@code versionId} or null) cannot be reported as
   * {@code asked}, or empty if a HEAD shows it encrypted as asked. The destination client adds its own SSE-C key to
   * the HEAD. Retries: SDK only.
   */
  static Optional<String> failure(S3Client dest, OwnWrites own, String bucket, String key, String eTag,
      String versionId, EncryptionAsked asked, Consumer<AwsRequestOverrideConfiguration.Builder> counted) {
    boolean byVersion = namesAVersion(versionId);
    HeadObjectResponse head;
    try {
      head = dest.headObject(b -> {
        b.bucket(bucket).key(key).overrideConfiguration(counted);
        if (byVersion) {
          b.versionId(versionId);
        } else {
          b.ifMatch(eTag);
        }
      });
    } catch (SdkException e) {
      return Optional.of(asked.describe() + " was asked for and the copy's response did not show it, and a HEAD of"
          + " the copy could not confirm it (" + S3Errors.describe(e) + "); the copy was kept: check s3://" + bucket
          + "/" + key);
    }
    if (asked.shownBy(head.serverSideEncryptionAsString(), head.sseCustomerAlgorithm())) {
      return Optional.empty();
    }
    String what = asked.describe() + " was asked for, but " + bucket + " stored the copy "
        + (head.serverSideEncryptionAsString() == null ? "unencrypted" : "with " + head.serverSideEncryptionAsString())
        + " (neither the copy's response nor a HEAD shows it)";
    LOG.warn("s3://{}/{}: {}", bucket, key, what);
    Optional<String> kept = own.delete(bucket, key, eTag, versionId);
    return Optional.of(what + kept.map(why -> "; the copy was not deleted (" + why + "): check s3://" + bucket + "/"
        + key).orElse("; the copy was deleted"));
  }
}
