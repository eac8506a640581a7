package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.WriteCondition;
import io.lakecopy.s3.Checksum;
import io.lakecopy.s3.ETags;
import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.S3Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/** Copies one {@link CopyTask} with a given client. No Spark here: unit tests run it against fakes. */
public final class TaskCopier {
  private static final Logger LOG = LoggerFactory.getLogger(TaskCopier.class);

  private final S3Client s3;
  private final RequestOptions destination;
  private final Encryption encryption;
  private final io.lakecopy.s3.OperationCounts counts;
  private final SourcePins.Pin pin;
  private final OwnWrites own;
  /** Copies a single copy in parts where the store refused CopyObject from its encrypted source; or null. */
  private final CopyInParts inParts;
  private final Verification verification;
  /** Set once the destination refused a checksum algorithm on CopyObject (501): stop asking for one. */
  private volatile boolean checksumsNotImplemented;

  /** A copier for a store not probed: single copies are checked as on a store that ignores the condition. */
  public TaskCopier(S3Client s3) {
    this(s3, RequestOptions.NONE, null, SourcePins.Pin.SOURCE_HEAD);
  }

  /**
   * @param destination the destination client's options: its KMS key map, and the encryption each copy must show
   * @param counts told of every HTTP attempt (retries included), or null
   * @param pin how single copies are held to their planned source ({@link CopySourceProbe})
   */
  public TaskCopier(S3Client s3, RequestOptions destination, io.lakecopy.s3.OperationCounts counts,
      SourcePins.Pin pin) {
    this(s3, destination, counts, pin, unprobed(s3, counts), null);
  }

  /** @param own how a copy that must not stay is deleted (shared with the task's multipart uploads) */
  public TaskCopier(S3Client s3, RequestOptions destination, io.lakecopy.s3.OperationCounts counts,
      SourcePins.Pin pin, OwnWrites own) {
    this(s3, destination, counts, pin, own, null);
  }

  /** As the six-argument constructor, on a store not probed for If-Match on DeleteObject. */
  public TaskCopier(S3Client s3, RequestOptions destination, io.lakecopy.s3.OperationCounts counts,
      SourcePins.Pin pin, MultipartUploads uploads) {
    this(s3, destination, counts, pin, unprobed(s3, counts), uploads);
  }

  /**
   * As the four-argument constructor, and where the store answers a CopyObject from an SSE-C or SSE-KMS source with
   * 501 NotImplemented (Ceph RGW 16.2 does), the object is copied in parts with {@code uploads} ({@link CopyInParts}).
   *
   * @param own how a copy that must not stay is deleted (shared with the task's multipart uploads)
   * @param uploads the task's multipart uploads (the same destination client and options), or null for no such
   *     fallback
   */
  public TaskCopier(S3Client s3, RequestOptions destination, io.lakecopy.s3.OperationCounts counts,
      SourcePins.Pin pin, OwnWrites own, MultipartUploads uploads) {
    this(s3, destination, counts, pin, own, uploads, Verification.DEFAULT);
  }

  /** @param verification how single copies read and compare their source's checksum ({@link Verification}) */
  public TaskCopier(S3Client s3, RequestOptions destination, io.lakecopy.s3.OperationCounts counts,
      SourcePins.Pin pin, OwnWrites own, MultipartUploads uploads, Verification verification) {
    this.verification = requireNonNull(verification, "verification is null");
    this.own = requireNonNull(own, "own is null");
    this.s3 = requireNonNull(s3, "s3 is null");
    this.destination = requireNonNull(destination, "destination is null");
    this.encryption = destination.encryption();
    this.counts = counts;
    this.pin = requireNonNull(pin, "pin is null");
    this.inParts = uploads == null ? null : new CopyInParts(uploads, this::copy,
        destination.copySourceCustomerKey() != null, CopyInParts.PART_SIZE_BYTES);
  }

  private static OwnWrites unprobed(S3Client s3, io.lakecopy.s3.OperationCounts counts) {
    return new OwnWrites(s3, DeleteCondition.UNKNOWN, io.lakecopy.s3.OperationCounts.onRequest(counts));
  }

  /**
   * Sends the task's CopyObject or UploadPartCopy, pinned to the planned source ETag. Never throws
   * for an S3 error: the error becomes a failed outcome. A single copy keeps the source's metadata
   * and tags (COPY directives, S3's default for tags). With a KMS key map, a single copy first HEADs
   * its source (pinned too) for the source's key and names the destination key it maps to; a multipart
   * copy's key is set when its upload is created. A single copy the store refuses with 501 NotImplemented because its
   * source is encrypted is copied in parts, if this copier was given the uploads to do so ({@link CopyInParts}).
   *
   * <p>Retries: SDK only (throttling and transient errors, with backoff and jitter).
   */
  public TaskOutcome copy(CopyTask task) {
    long start = System.nanoTime();
    try {
      Copied copied = task.isPart() ? copyPart(task) : copyObject(task);
      if (copied.eTag() == null || copied.eTag().isEmpty()) {
        // S3 can answer 200 and still fail the copy; a result without an ETag is such a failure.
        return TaskOutcome.failure(task, ErrorKind.SERVER_ERROR, "200 response without an ETag", millisSince(start));
      }
      if (!task.isPart() && mustAskSource(pin, task, copied.eTag(), copied.encrypted()) && sourceChanged(task)) {
        return changedUnderTheCopy(task, copied.eTag(), copied.versionId(), millisSince(start));
      }
      if (!task.isPart() && !copied.asked().shownBy(copied.sse(), copied.customerAlgorithm())) {
        java.util.Optional<String> unencrypted = EncryptionVerifier.failure(s3, own, task.destBucket(), task.destKey(),
            copied.eTag(), copied.versionId(), copied.asked(), io.lakecopy.s3.OperationCounts.onRequest(counts));
        if (unencrypted.isPresent()) {
          return TaskOutcome.failure(task, ErrorKind.VERIFY_FAILED, unencrypted.get(), millisSince(start));
        }
      }
      if (task.isPart()) {
        LOG.debug("Copied {}", task.describe());
        return TaskOutcome.success(task, copied.eTag(), copied.sourceVersionId(), millisSince(start))
            .verified(null, Checksum.render(copied.destChecksum()), null);
      }
      return verified(task, copied, start);
    } catch (SdkException e) {
      if (!task.isPart() && inParts != null && CopyInParts.mayBeEncryptedSourceRefusal(e)) {
        java.util.Optional<TaskOutcome> inPartsOutcome = inParts.copy(task, e, start);
        if (inPartsOutcome.isPresent()) {
          return inPartsOutcome.get();
        }
      }
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.SOURCE_CHANGED && task.destCondition().any()) {
        return conflict(task, e, start);
      }
      LOG.warn("Copy of {} failed: {}", task.describe(), S3Errors.describe(e));
      return TaskOutcome.failure(task, kind, S3Errors.describe(e), millisSince(start));
    }
  }

  /**
   * A 412 to a single copy held to the destination listing ({@link WriteCondition}): the source changed, or another
   * writer wrote the key after the listing (never overwritten: DESTINATION_CHANGED), or the key already holds exactly
   * the planned object (an earlier attempt of this copy wrote it: copied). Retries: SDK only.
   */
  private TaskOutcome conflict(CopyTask task, SdkException e, long start) {
    boolean changed = sourceChanged(task);
    String now = null;
    if (!changed) {
      try {
        var head = s3.headObject(HeadObjectRequest.builder().bucket(task.destBucket()).key(task.destKey())
            .overrideConfiguration(io.lakecopy.s3.OperationCounts.onRequest(counts)).build());
        boolean plain = head.serverSideEncryption() == null
            || "AES256".equals(head.serverSideEncryptionAsString());
        now = plain && head.sseCustomerAlgorithm() == null && head.contentLength() != null
            && head.contentLength() == task.sizeBytes() ? head.eTag() : null;
      } catch (SdkException headFailed) {
        LOG.debug("HEAD of {} after a 412 failed: {}", task.describe(), S3Errors.describe(headFailed));
      }
    }
    // only an MD5 that proves the bytes: the planned source ETag of a plain object
    String expected = md5Shaped(task.sourceETag()) ? task.sourceETag() : null;
    return switch (WriteCondition.conflict(task.destCondition(), changed, expected, now)) {
      case SOURCE_CHANGED -> {
        LOG.warn("Copy of {} failed: {}", task.describe(), S3Errors.describe(e));
        yield TaskOutcome.failure(task, ErrorKind.SOURCE_CHANGED, S3Errors.describe(e), millisSince(start));
      }
      case ALREADY_COPIED -> {
        LOG.info("Copy of {}: the destination already holds the planned object (ETag {})", task.describe(), now);
        yield TaskOutcome.success(task, now, task.sourceVersionId(), millisSince(start))
            .verified(null, null, Verification.By.ETAG);
      }
      case DESTINATION_CHANGED -> {
        String what = "s3://" + task.destBucket() + "/" + task.destKey() + " was written by another writer after the"
            + " destination listing (412 on " + task.destCondition().describe() + "); it was not overwritten. Run"
            + " again to decide from a new listing";
        LOG.warn("Copy of {}: {}", task.describe(), what);
        yield TaskOutcome.failure(task, ErrorKind.DESTINATION_CHANGED, what, millisSince(start));
      }
    };
  }

  /**
   * Whether a single copy must be confirmed by a HEAD of its source pinned to the planned ETag. Never for a
   * version-pinned copy (it cannot copy another version). On a store that honours the copy-source condition
   * ({@link SourcePins.Pin#CONDITION}), only when the result says it may have copied another version: two
   * MD5-shaped ETags that differ on an unencrypted copy (an encryption or an ETag of another shape explains any other
   * difference). Otherwise, unless the copy's ETag proves its bytes: the planned MD5 itself, unencrypted. Pure.
   */
  static boolean mustAskSource(SourcePins.Pin pin, CopyTask task, String resultETag, boolean encrypted) {
    if (task.sourceVersionId() != null) {
      return false;
    }
    boolean md5s = !encrypted && md5Shaped(task.sourceETag()) && md5Shaped(resultETag);
    return pin == SourcePins.Pin.CONDITION ? md5s && !ETags.same(task.sourceETag(), resultETag)
        : !(md5s && ETags.same(task.sourceETag(), resultETag));
  }

  private static boolean md5Shaped(String eTag) {
    return eTag != null && ETags.unquote(eTag).matches("[0-9a-fA-F]{32}");
  }

  /**
   * Whether the source no longer has the planned ETag: a HEAD pinned to it answered 412, or 404. Needed where the store
   * ignores x-amz-copy-source-if-match (Ceph RGW 16.2 does). Any other answer, error included, is "not shown to
   * have changed": the copy's ETag then differed for encryption. Retries: SDK only.
   */
  private boolean sourceChanged(CopyTask task) {
    try {
      headSource(task, false);
      return false;
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      return kind == ErrorKind.SOURCE_CHANGED || kind == ErrorKind.NOT_FOUND;
    }
  }

  /**
   * The store copied a version the plan never saw although the copy was pinned: the copy this request wrote is
   * deleted, exactly that write ({@link OwnWrites}), and the object fails SOURCE_CHANGED.
   */
  private TaskOutcome changedUnderTheCopy(CopyTask task, String resultETag, String versionId, long millis) {
    String what = "the source changed since it was planned and " + task.destBucket()
        + " copied it despite the copy's x-amz-copy-source-if-match (a HEAD pinned to the planned ETag "
        + task.sourceETag() + " answered 412 or 404; the copy's ETag is " + resultETag + ")";
    LOG.warn("Copy of {}: {}", task.describe(), what);
    java.util.Optional<String> kept = own.delete(task.destBucket(), task.destKey(), resultETag, versionId);
    what += kept.map(why -> "; the copy was not deleted (" + why + "): s3://" + task.destBucket() + "/"
        + task.destKey() + " holds the newer source").orElse("; the copy was deleted");
    return TaskOutcome.failure(task, ErrorKind.SOURCE_CHANGED, what, millis);
  }

  /**
   * What a copy response said: the new ETag, the source version copied (null where S3 does not say), and whether
   * the copy is SSE-KMS or SSE-C encrypted, whose ETag is no MD5 of the bytes and says nothing of the source; and,
   * for single copies, the copy's own version id, the encryption it asked for and the encryption headers answered.
   */
  private record Copied(String eTag, String sourceVersionId, boolean encrypted, String versionId,
      EncryptionAsked asked, String sse, String customerAlgorithm, Optional<Checksum> sourceChecksum,
      Optional<Checksum> destChecksum) {}

  /**
   * A single copy that landed, proved by what {@link Verification} finds: a copy whose checksum is not its source's
   * is deleted, exactly that write ({@link OwnWrites}), and fails VERIFY_FAILED. Where its ETag is no MD5 (SSE-KMS,
   * SSE-C), the source's checksum is read now (a HEAD pinned to the planned ETag) if the copy has one. Retries: SDK
   * only.
   */
  private TaskOutcome verified(CopyTask task, Copied copied, long start) {
    Optional<Checksum> source = copied.sourceChecksum();
    if (source.isEmpty() && verification.headAfterSingleCopy(copied.encrypted(), copied.destChecksum())) {
      try {
        source = Checksum.of(headSource(task, true));
      } catch (SdkException e) {
        LOG.debug("HEAD of the source of {} for its checksum failed: {}", task.describe(), S3Errors.describe(e));
      }
    }
    Verification.Result v = Verification.of(task.sourceETag(), copied.eTag(), copied.encrypted(), source,
        copied.destChecksum(), ETags.isSinglePart(task.sourceETag()));
    if (v.failed()) {
      String what = "the copy is not its source: " + v.mismatch();
      LOG.warn("Copy of {}: {}", task.describe(), what);
      Optional<String> kept = own.delete(task.destBucket(), task.destKey(), copied.eTag(), copied.versionId());
      what += kept.map(why -> "; the copy was not deleted (" + why + "): check s3://" + task.destBucket() + "/"
          + task.destKey()).orElse("; the copy was deleted");
      return TaskOutcome.failure(task, ErrorKind.VERIFY_FAILED, what, millisSince(start))
          .verified(Checksum.render(source), Checksum.render(copied.destChecksum()), null);
    }
    String locked = null;
    if (verification.objectLock()) {
      try {
        locked = lock(task, copied);
      } catch (LakecopyException e) {
        LOG.warn("Copy of {}: {}", task.describe(), e.getMessage());
        return TaskOutcome.failure(task, e.kind(), e.getMessage(), millisSince(start))
            .verified(Checksum.render(source), Checksum.render(copied.destChecksum()), null);
      }
    }
    LOG.debug("Copied {}", task.describe());
    TaskOutcome done = locked == null
        ? TaskOutcome.success(task, copied.eTag(), copied.sourceVersionId(), millisSince(start))
        : TaskOutcome.copiedInParts(task, copied.eTag(), copied.sourceVersionId(), locked, millisSince(start));
    return done.verified(Checksum.render(source), Checksum.render(copied.destChecksum()), v.by());
  }

  /**
   * --object-lock copy, after the copy was verified: the source version's retention and legal hold, set on the
   * version the copy wrote. Retries: SDK only.
   *
   * @return a note for the report naming the lock, or null where the source has none
   */
  private String lock(CopyTask task, Copied copied) {
    String version = task.sourceVersionId() != null ? task.sourceVersionId() : copied.sourceVersionId();
    ObjectLocks.Lock lock = ObjectLocks.read(s3, task.sourceBucket(), task.sourceKey(), version, readsSource());
    ObjectLocks.apply(s3, task.destBucket(), task.destKey(), copied.versionId(), copied.eTag(), lock,
        io.lakecopy.s3.OperationCounts.onRequest(counts));
    return lock.any() ? "Object Lock set after verification: " + lock.describe() : null;
  }

  private Copied copyObject(CopyTask task) {
    CopyObjectRequest.Builder request = CopyObjectRequest.builder()
        .sourceBucket(task.sourceBucket())
        .sourceKey(task.sourceKey())
        .destinationBucket(task.destBucket())
        .destinationKey(task.destKey())
        .sourceVersionId(task.sourceVersionId())
        .copySourceIfMatch(task.sourceETag())
        .metadataDirective(MetadataDirective.COPY)
        .ifNoneMatch(task.destCondition().ifNoneMatchHeader())
        .ifMatch(task.destCondition().ifMatch())
        .overrideConfiguration(io.lakecopy.s3.OperationCounts.onRequest(counts));
    if (task.storageClass() != null) {
      request.storageClass(task.storageClass());
    }
    // one HEAD of the source at most: for its checksum (a source written in parts), and with a KMS key map for its
    // key too, whose HEAD then also reads the checksum an encrypted copy is proved by
    boolean checksumFirst = verification.headBeforeSingleCopy(task.sourceETag());
    boolean kmsMapped = !encryption.kmsKeyMap().isEmpty();
    HeadObjectResponse head = checksumFirst || kmsMapped
        ? headSource(task, checksumFirst || verification.verify()) : null;
    String mappedMode = null;
    if (!encryption.kmsKeyMap().isEmpty()) {
      java.util.Optional<String> mapped = encryption.mappedKey(head.ssekmsKeyId());
      if (mapped.isPresent()) {
        mappedMode = encryption.mappedMode();
        request.serverSideEncryption(mappedMode).ssekmsKeyId(mapped.get());
      }
    }
    Optional<Checksum> sourceChecksum = head != null && verification.verify() ? Checksum.of(head) : Optional.empty();
    String asked = checksumsNotImplemented ? null : verification.askFor(sourceChecksum, false);
    CopyObjectResponse response;
    if (asked == null) {
      response = s3.copyObject(request.build());
    } else {
      try {
        response = s3.copyObject(request.checksumAlgorithm(asked).build());
      } catch (S3Exception e) {
        if (e.statusCode() != 501) {
          throw e;
        }
        LOG.info("{} refused a {} checksum on CopyObject ({}); copying without one", task.destBucket(), asked,
            S3Errors.describe(e));
        checksumsNotImplemented = true;
        response = s3.copyObject(request.checksumAlgorithm((String) null).build());
      }
    }
    String sse = response.serverSideEncryptionAsString();
    return new Copied(response.copyObjectResult() == null ? null : response.copyObjectResult().eTag(),
        response.copySourceVersionId(), (sse != null && sse.startsWith("aws:kms")) || response.sseCustomerAlgorithm() != null,
        response.versionId(), EncryptionAsked.of(destination, mappedMode), sse, response.sseCustomerAlgorithm(),
        sourceChecksum, Checksum.of(response.copyObjectResult()));
  }

  /**
   * The source's HEAD pinned to the planned ETag (and version): its KMS key, and with {@code checksums} its
   * additional checksum. A source that changed answers 412 (thrown: SOURCE_CHANGED). Retries: SDK only.
   */
  private HeadObjectResponse headSource(CopyTask task, boolean checksums) {
    return s3.headObject(HeadObjectRequest.builder().bucket(task.sourceBucket()).key(task.sourceKey())
        .versionId(task.sourceVersionId()).ifMatch(task.sourceETag())
        .checksumMode(checksums ? ChecksumMode.ENABLED : null)
        .overrideConfiguration(readsSource()).build());
  }

  /** A request that reads the copy source: counted, with the source's owner guard and SSE-C key, not the destination's. */
  private java.util.function.Consumer<software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.Builder>
      readsSource() {
    return o -> {
      io.lakecopy.s3.OperationCounts.onRequest(counts).accept(o);
      o.putExecutionAttribute(RequestOptions.READS_COPY_SOURCE, Boolean.TRUE);
    };
  }

  private Copied copyPart(CopyTask task) {
    UploadPartCopyResponse response = s3.uploadPartCopy(UploadPartCopyRequest.builder()
        .sourceBucket(task.sourceBucket())
        .sourceKey(task.sourceKey())
        .destinationBucket(task.destBucket())
        .destinationKey(task.destKey())
        .uploadId(task.uploadId())
        .partNumber(task.partNumber())
        .sourceVersionId(task.sourceVersionId())
        .copySourceRange("bytes=" + task.firstByte() + "-" + task.lastByte())
        .copySourceIfMatch(task.sourceETag())
        .overrideConfiguration(io.lakecopy.s3.OperationCounts.onRequest(counts))
        .build());
    return new Copied(response.copyPartResult() == null ? null : response.copyPartResult().eTag(),
        response.copySourceVersionId(), false, null, EncryptionAsked.NONE, null, null, Optional.empty(),
        Checksum.of(response.copyPartResult()));
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
