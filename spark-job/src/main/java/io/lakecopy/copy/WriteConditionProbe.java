package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Finds out, before the first copy of an {@code --if-exists skip|update} run, whether the destination's store holds
 * a write to {@code If-None-Match: *} on each write request the run sends: an empty PutObject at
 * {@code _lakecopy-probe-<uuid>} under the destination prefix, then a CopyObject onto it (from a source the run
 * copies) and, if the plan has multipart copies, a CompleteMultipartUpload of a one-byte upload onto it, each with
 * {@code If-None-Match: *}. A 412 proves the condition honoured; a write proves it ignored; any other answer proves
 * nothing, and the condition is then not sent (a store that rejects the header would fail every copy). The probe's
 * upload is aborted whatever happens; its versions are deleted by version id, or the key by {@code If-Match} on the
 * ETag it holds. Written under a name no other writer uses, after the destination was listed. Retries: SDK only.
 */
public final class WriteConditionProbe {
  private static final Logger LOG = LoggerFactory.getLogger(WriteConditionProbe.class);

  private final S3Client dest;

  public WriteConditionProbe(S3Client dest) {
    this.dest = requireNonNull(dest, "dest is null");
  }

  /**
   * What a write with {@code If-None-Match: *} onto an existing key says of the store: only a 412 proves the
   * condition honoured. Pure.
   */
  static boolean honoured(Optional<ErrorKind> answer) {
    return answer.isPresent() && answer.get() == ErrorKind.SOURCE_CHANGED;
  }

  /**
   * Probes the store that holds {@code destPrefix}.
   *
   * @param source a non-empty object the run copies (read as a copy source only), or empty: CopyObject is then
   *     not probed
   * @param multipart whether to probe CompleteMultipartUpload (the plan has multipart copies)
   */
  public WriteConditions probe(Optional<S3Location> source, S3Location destPrefix, boolean multipart) {
    S3Location at = destPrefix.asPrefix().resolve("_lakecopy-probe-" + UUID.randomUUID());
    PutObjectResponse put;
    try {
      put = dest.putObject(b -> b.bucket(at.bucket()).key(at.key()), RequestBody.empty());
    } catch (SdkException e) {
      LOG.warn("s3://{}: could not write the probe {} ({}), so copies are not held to the destination listing",
          destPrefix.bucket(), at, S3Errors.describe(e));
      return WriteConditions.OFF;
    }
    List<String> versions = new ArrayList<>();
    versions.add(put.versionId());
    Written last = new Written(put.eTag());
    boolean copies = source.isPresent() && honoured(copyObject(source.get(), at, versions, last));
    boolean completes = multipart && honoured(complete(at, versions, last));
    cleanUp(at, versions, last.eTag);
    WriteConditions found = new WriteConditions(copies, completes);
    LOG.info("s3://{}: writes held to the destination listing: {}", destPrefix.bucket(), found.describe());
    return found;
  }

  /** The ETag the probe's key holds last. */
  private static final class Written {
    String eTag;

    Written(String eTag) {
      this.eTag = eTag;
    }
  }

  private Optional<ErrorKind> copyObject(S3Location source, S3Location at, List<String> versions, Written last) {
    try {
      var copied = dest.copyObject(b -> b.sourceBucket(source.bucket()).sourceKey(source.key())
          .destinationBucket(at.bucket()).destinationKey(at.key()).ifNoneMatch("*"));
      versions.add(copied.versionId());
      last.eTag = copied.copyObjectResult() == null ? null : copied.copyObjectResult().eTag();
      return Optional.empty();
    } catch (SdkException e) {
      return Optional.of(S3Errors.classify(e));
    }
  }

  /** A one-byte upload completed onto the probe's key with If-None-Match, aborted whatever happens. */
  private Optional<ErrorKind> complete(S3Location at, List<String> versions, Written last) {
    UploadRegistry registry = new UploadRegistry();
    String uploadId;
    try {
      uploadId = dest.createMultipartUpload(b -> b.bucket(at.bucket()).key(at.key())).uploadId();
    } catch (SdkException e) {
      return Optional.of(ErrorKind.OTHER); // no upload: CompleteMultipartUpload could not be asked
    }
    if (!registry.started(at, uploadId)) {
      registry.abortNow(dest, at, uploadId);
      return Optional.of(ErrorKind.INTERRUPTED);
    }
    try {
      String part = dest.uploadPart(b -> b.bucket(at.bucket()).key(at.key()).uploadId(uploadId).partNumber(1),
          RequestBody.fromBytes(new byte[] {0})).eTag();
      var completed = dest.completeMultipartUpload(b -> b.bucket(at.bucket()).key(at.key()).uploadId(uploadId)
          .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build())).ifNoneMatch("*"));
      registry.finished(uploadId);
      versions.add(completed.versionId());
      last.eTag = completed.eTag();
      return Optional.empty();
    } catch (SdkException e) {
      return Optional.of(S3Errors.classify(e));
    } finally {
      if (registry.abortAll(dest) > 0) {
        LOG.warn("The probe's multipart upload {} of {} could not be aborted", uploadId, at);
      }
    }
  }

  /** Deletes what the probe wrote: each version it created, or (unversioned) the key while it holds the last ETag. */
  private void cleanUp(S3Location at, List<String> versions, String lastETag) {
    boolean byVersion = false;
    for (String version : versions) {
      if (EncryptionVerifier.namesAVersion(version)) {
        byVersion = true;
        delete(at, b -> b.versionId(version));
      }
    }
    if (!byVersion) {
      if (lastETag == null) {
        LOG.warn("The probe {} came back without an ETag or version id, so it is not deleted; it is the run's own"
            + " and can be deleted by hand", at);
        return;
      }
      delete(at, b -> b.ifMatch(lastETag));
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
