package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Finds out, before a run deletes anything, whether the store honours {@code If-Match} on DeleteObject (Ceph RGW 16.2
 * ignores it: measured, a delete with an ETag that does not match removes the object): an empty PutObject at
 * {@code _lakecopy-probe-<uuid>} under the destination prefix, then a DeleteObject of it with {@code If-Match} on an
 * ETag no object has. A 412 means the store honours it; a deleted object means it does not; any other answer leaves
 * it unknown, which is treated as "does not". The probe's object (and, on a versioned bucket that ignored the
 * condition, the delete marker it left) is then deleted by its version id, or by {@code If-Match} on its ETag where
 * the store honours that. Source and destination are one store (copies are server-side), so one probe answers for
 * both. Written after the destination was listed, under a name no other writer uses: {@code --delete} never sees
 * it. Retries: SDK only.
 */
public final class DeleteConditionProbe {
  private static final Logger LOG = LoggerFactory.getLogger(DeleteConditionProbe.class);

  private final S3Client dest;

  public DeleteConditionProbe(S3Client dest) {
    this.dest = requireNonNull(dest, "dest is null");
  }

  /**
   * What a DeleteObject with a failing {@code If-Match} says of the store: a 412 (SOURCE_CHANGED) proves the
   * condition honoured; a delete ({@code answer} empty) proves it ignored; any other error proves nothing. Pure.
   */
  static boolean honoured(Optional<ErrorKind> answer) {
    return answer.isPresent() && answer.get() == ErrorKind.SOURCE_CHANGED;
  }

  /** Probes the store that holds {@code destPrefix}: whether a delete can be held to an ETag there. */
  public boolean probe(S3Location destPrefix) {
    S3Location at = destPrefix.asPrefix().resolve("_lakecopy-probe-" + UUID.randomUUID());
    PutObjectResponse put;
    try {
      put = dest.putObject(b -> b.bucket(at.bucket()).key(at.key()), RequestBody.empty());
    } catch (SdkException e) {
      LOG.warn("s3://{}: could not write the probe {} ({}), so deletes are treated as not held to their ETag",
          destPrefix.bucket(), at, S3Errors.describe(e));
      return false;
    }
    Optional<ErrorKind> answer;
    String marker = null;
    try {
      DeleteObjectResponse deleted = dest.deleteObject(b -> b.bucket(at.bucket()).key(at.key())
          .ifMatch(CopySourceProbe.NO_OBJECT_HAS_IT));
      marker = deleted.versionId();
      answer = Optional.empty();
    } catch (SdkException e) {
      answer = Optional.of(S3Errors.classify(e));
    }
    boolean honoured = honoured(answer);
    cleanUp(at, put, marker, honoured);
    if (honoured) {
      LOG.info("s3://{}: the store honours If-Match on DeleteObject", destPrefix.bucket());
    } else {
      LOG.warn("s3://{}: the store does not honour If-Match on DeleteObject ({}), so only deletes by version id are"
          + " sent: a source in an unversioned bucket is kept, and --delete deletes nothing", destPrefix.bucket(),
          answer.map(k -> "answered " + k).orElse("it deleted the probe regardless"));
    }
    return honoured;
  }

  /** Deletes what the probe wrote: its version and the marker, or the object while it holds the probe's ETag. */
  private void cleanUp(S3Location at, PutObjectResponse put, String marker, boolean honoured) {
    for (String version : new String[] {put.versionId(), marker}) {
      if (EncryptionVerifier.namesAVersion(version)) {
        delete(at, b -> b.versionId(version));
      }
    }
    if (!EncryptionVerifier.namesAVersion(put.versionId()) && honoured && put.eTag() != null) {
      delete(at, b -> b.ifMatch(put.eTag()));
    }
  }

  private void delete(S3Location at,
      java.util.function.Consumer<software.amazon.awssdk.services.s3.model.DeleteObjectRequest.Builder> which) {
    try {
      dest.deleteObject(b -> which.accept(b.bucket(at.bucket()).key(at.key())));
    } catch (SdkException e) {
      LOG.warn("Could not delete the probe {} ({}); it is the run's own and can be deleted by hand", at,
          S3Errors.describe(e));
    }
  }
}
