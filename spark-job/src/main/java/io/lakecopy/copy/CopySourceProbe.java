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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;

/**
 * Finds out, before the first copy, whether the destination's store honours {@code x-amz-copy-source-if-match}
 * (Ceph RGW 16.2 ignores it on both copy requests): a CopyObject of one of the run's sources (the smallest non-empty
 * one) to {@code _lakecopy-probe-<uuid>} under the destination prefix, and where the plan has multipart copies an
 * UploadPartCopy of its first byte into an upload at that key, each with a condition that cannot match. A 412 means
 * the store honours it and nothing was written; a copy means it does not (the copy is deleted at once, by the
 * version id or ETag the copy returned; the upload is aborted whatever the thread's interrupt state); any other
 * answer leaves it unknown, which is treated as "does not". Nothing else is written or deleted. Retries: SDK only.
 */
public final class CopySourceProbe {
  private static final Logger LOG = LoggerFactory.getLogger(CopySourceProbe.class);
  /** No object has this ETag (an MD5 of nothing S3 stores here): a condition on it must fail. */
  static final String NO_OBJECT_HAS_IT = "\"00000000000000000000000000000000\"";

  private final S3Client dest;

  public CopySourceProbe(S3Client dest) {
    this.dest = requireNonNull(dest, "dest is null");
  }

  /**
   * What a copy request with a failing condition says of the store: a 412 (SOURCE_CHANGED) proves the condition
   * honoured; a copy ({@code answer} empty) proves it ignored; any other error proves nothing, so the source is
   * checked as if it were ignored. Pure.
   */
  static SourcePins.Pin pin(Optional<ErrorKind> answer) {
    return answer.isPresent() && answer.get() == ErrorKind.SOURCE_CHANGED ? SourcePins.Pin.CONDITION
        : SourcePins.Pin.SOURCE_HEAD;
  }

  /**
   * Probes the store that holds {@code destPrefix}.
   *
   * @param source a non-empty object the run copies (read as a copy source only)
   * @param multipart whether to probe UploadPartCopy too (the plan has multipart copies); if not, it is reported as
   *     not probed
   */
  public SourcePins probe(S3Location source, S3Location destPrefix, boolean multipart) {
    S3Location target = destPrefix.asPrefix().resolve("_lakecopy-probe-" + UUID.randomUUID());
    SourcePins.Pin single = pin(copyObject(source, target));
    SourcePins.Pin parts = multipart ? pin(uploadPartCopy(source, target)) : SourcePins.Pin.SOURCE_HEAD;
    SourcePins pins = new SourcePins(single, parts);
    if (single == SourcePins.Pin.CONDITION && (parts == SourcePins.Pin.CONDITION || !multipart)) {
      LOG.info("s3://{}: the store honours x-amz-copy-source-if-match: {}", destPrefix.bucket(), pins.describe());
    } else {
      LOG.warn("s3://{}: the store does not honour x-amz-copy-source-if-match on every copy request (or could not"
          + " be probed), so copies are also checked by a HEAD of their source: {}", destPrefix.bucket(),
          pins.describe());
    }
    return pins;
  }

  /** The probe's CopyObject: empty if it copied (and the copy is deleted), else the error's kind. */
  private Optional<ErrorKind> copyObject(S3Location source, S3Location target) {
    try {
      CopyObjectResponse copied = dest.copyObject(b -> b.sourceBucket(source.bucket()).sourceKey(source.key())
          .destinationBucket(target.bucket()).destinationKey(target.key()).copySourceIfMatch(NO_OBJECT_HAS_IT));
      delete(target, copied.versionId(), copied.copyObjectResult() == null ? null : copied.copyObjectResult().eTag());
      return Optional.empty();
    } catch (SdkException e) {
      return Optional.of(S3Errors.classify(e));
    }
  }

  /** The probe's UploadPartCopy of the source's first byte, in an upload that is aborted whatever happens. */
  private Optional<ErrorKind> uploadPartCopy(S3Location source, S3Location target) {
    UploadRegistry registry = new UploadRegistry();
    String uploadId;
    try {
      uploadId = dest.createMultipartUpload(b -> b.bucket(target.bucket()).key(target.key())).uploadId();
    } catch (SdkException e) {
      return Optional.of(ErrorKind.OTHER); // no upload: UploadPartCopy could not be asked
    }
    if (!registry.started(target, uploadId)) {
      registry.abortNow(dest, target, uploadId);
      return Optional.of(ErrorKind.INTERRUPTED);
    }
    try {
      dest.uploadPartCopy(b -> b.sourceBucket(source.bucket()).sourceKey(source.key())
          .destinationBucket(target.bucket()).destinationKey(target.key()).uploadId(uploadId).partNumber(1)
          .copySourceRange("bytes=0-0").copySourceIfMatch(NO_OBJECT_HAS_IT));
      return Optional.empty();
    } catch (SdkException e) {
      return Optional.of(S3Errors.classify(e));
    } finally {
      if (registry.abortAll(dest) > 0) {
        LOG.warn("The probe's multipart upload {} of {} could not be aborted", uploadId, target);
      }
    }
  }

  /**
   * Deletes the probe's copy: that version, or (unversioned) only while the key holds that ETag; with neither known,
   * nothing is deleted and the key is named.
   */
  private void delete(S3Location at, String versionId, String eTag) {
    boolean byVersion = EncryptionVerifier.namesAVersion(versionId);
    if (!byVersion && eTag == null) {
      LOG.warn("The probe's copy {} came back without an ETag or version id, so it is not deleted; it is the run's"
          + " own and can be deleted by hand", at);
      return;
    }
    try {
      dest.deleteObject(b -> {
        b.bucket(at.bucket()).key(at.key());
        if (byVersion) {
          b.versionId(versionId);
        } else {
          b.ifMatch(eTag);
        }
      });
    } catch (SdkException e) {
      LOG.warn("Could not delete the probe's copy {} ({}); it is the run's own and can be deleted by hand", at,
          S3Errors.describe(e));
    }
  }
}
