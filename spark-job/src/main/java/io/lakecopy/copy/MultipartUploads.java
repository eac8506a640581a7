package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.s3.Checksum;
import io.lakecopy.s3.ETags;
import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The driver's side of multipart copies: create each upload carrying the source's headers, metadata,
 * storage class and tags (CreateMultipartUpload has no metadata directive), complete it with its
 * parts in order, or abort it. Every upload id goes through the {@link UploadRegistry}.
 */
public final class MultipartUploads {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUploads.class);
  private static final String STANDARD = "STANDARD";

  private final S3Client source;
  private final S3Client dest;
  private final boolean copyTags;
  private final UploadRegistry registry;
  private final String sourceETagMetadataKey;
  private final io.lakecopy.s3.OperationCounts counts;
  private final RequestOptions destination;
  private final OwnWrites own;
  private final SourcePins.Pin pin;
  private final Verification verification;
  /** Set once the destination refused a checksum on CreateMultipartUpload (501): stop asking for one. */
  private volatile boolean checksumsNotImplemented;

  /** Set once the source answers GetObjectTagging with 501: it has no tags, so stop asking. */
  private volatile boolean taggingNotImplemented;
  /** Set once a completed multipart copy showed the tags its upload was created with. */
  private volatile boolean storeKeepsTags;
  private volatile boolean warnedTagsDropped;

  public MultipartUploads(S3Client source, S3Client dest, boolean copyTags, UploadRegistry registry) {
    this(source, dest, copyTags, registry, null);
  }

  /**
   * @param sourceETagMetadataKey if not null, each copy also records the source ETag under this user
   *     metadata key (update runs compare it when ETags are not comparable)
   */
  public MultipartUploads(S3Client source, S3Client dest, boolean copyTags, UploadRegistry registry,
      String sourceETagMetadataKey) {
    this(source, dest, copyTags, registry, sourceETagMetadataKey, RequestOptions.NONE, null);
  }

  /** As the full constructor, counting nothing (the driver counts with its clients' interceptor). */
  public MultipartUploads(S3Client source, S3Client dest, boolean copyTags, UploadRegistry registry,
      String sourceETagMetadataKey, RequestOptions destination) {
    this(source, dest, copyTags, registry, sourceETagMetadataKey, destination, null);
  }

  /** As the full constructor, for a store not probed: every upload's source is checked before completing. */
  public MultipartUploads(S3Client source, S3Client dest, boolean copyTags, UploadRegistry registry,
      String sourceETagMetadataKey, RequestOptions destination, io.lakecopy.s3.OperationCounts counts) {
    this(source, dest, copyTags, registry, sourceETagMetadataKey, destination, counts, SourcePins.Pin.SOURCE_HEAD);
  }

  /**
   * @param destination the destination client's options: its KMS key map picks each upload's key, and
   *     under SSE-C or SSE-KMS the completed ETag is not checked against the parts' (they are not MD5s)
   * @param counts counts every request this sends (an executor's task), or null (the driver counts its own)
   * @param pin how the parts are held to their planned source ({@link CopySourceProbe}): on a store that ignores
   *     x-amz-copy-source-if-match, a HEAD of the source before completing
   */
  public MultipartUploads(S3Client source, S3Client dest, boolean copyTags, UploadRegistry registry,
      String sourceETagMetadataKey, RequestOptions destination, io.lakecopy.s3.OperationCounts counts,
      SourcePins.Pin pin) {
    this(source, dest, copyTags, registry, sourceETagMetadataKey, destination, counts, pin,
        new OwnWrites(dest, DeleteCondition.UNKNOWN, io.lakecopy.s3.OperationCounts.onRequest(counts)));
  }

  /** @param own how a completed object that failed verification is deleted (shared with the task's copier) */
  public MultipartUploads(S3Client source, S3Client dest, boolean copyTags, UploadRegistry registry,
      String sourceETagMetadataKey, RequestOptions destination, io.lakecopy.s3.OperationCounts counts,
      SourcePins.Pin pin, OwnWrites own) {
    this(source, dest, copyTags, registry, sourceETagMetadataKey, destination, counts, pin, own, Verification.DEFAULT);
  }

  /**
   * @param verification whether each upload reads its source's checksum and asks for a comparable one
   *     ({@link Verification})
   */
  public MultipartUploads(S3Client source, S3Client dest, boolean copyTags, UploadRegistry registry,
      String sourceETagMetadataKey, RequestOptions destination, io.lakecopy.s3.OperationCounts counts,
      SourcePins.Pin pin, OwnWrites own, Verification verification) {
    this.verification = requireNonNull(verification, "verification is null");
    this.own = requireNonNull(own, "own is null");
    this.pin = requireNonNull(pin, "pin is null");
    this.counts = counts;
    this.source = requireNonNull(source, "source is null");
    this.dest = requireNonNull(dest, "dest is null");
    this.copyTags = copyTags;
    this.registry = requireNonNull(registry, "registry is null");
    this.sourceETagMetadataKey = sourceETagMetadataKey;
    this.destination = requireNonNull(destination, "destination is null");
  }

  /**
   * Reads the source's headers (HEAD pinned to the planned ETag) and tags, then creates the upload.
   *
   * <p>On a store not known to follow S3 on UploadPartCopy ({@link SourcePins.Pin#SOURCE_HEAD}), a source key with a
   * {@code %} is refused before any request ({@link #readsCopySourceAsSent}).
   *
   * <p>Retries: SDK only. Nothing to clean up on failure: the upload is registered only once created.
   *
   * @return the upload id
   * @throws LakecopyException classified, naming the object
   */
  public String start(ObjectPlan plan) {
    S3Location src = plan.source().location();
    // a streamed copy names no copy source: its GetObject reads the key as sent
    if (!plan.method().streamed() && !readsCopySourceAsSent(src.key())) {
      throw new LakecopyException(ErrorKind.REQUEST_REJECTED, "copy " + src + " in parts: not sent, because its key"
          + " holds a '%' and the destination's store ignores x-amz-copy-source-if-match on UploadPartCopy (or could"
          + " not be probed), as Ceph RGW 16.2 does, which also decodes UploadPartCopy's x-amz-copy-source twice: such"
          + " a key crashes its gateway or copies another key's bytes. A --multipart-threshold above the object's size"
          + " (at most 5GiB) copies it with CopyObject, which that store reads correctly");
    }
    HeadObjectResponse head;
    try {
      head = headSource(plan);
    } catch (SdkException e) {
      throw new LakecopyException(S3Errors.classify(e), "start multipart copy of " + src + " to " + plan.dest()
          + ": " + S3Errors.describe(e), e);
    }
    return start(plan, head);
  }

  /** The source's HEAD, pinned to the planned ETag (and version). Retries: SDK only. */
  HeadObjectResponse headSource(ObjectPlan plan) {
    S3Location src = plan.source().location();
    return source.headObject(HeadObjectRequest.builder()
        .bucket(src.bucket()).key(src.key()).versionId(plan.source().versionId()).ifMatch(plan.source().eTag())
        .checksumMode(verification.verify() ? ChecksumMode.ENABLED : null)
        .overrideConfiguration(counted()).build());
  }

  /**
   * As {@link #start(ObjectPlan)}, with the source's pinned {@link #headSource HEAD} already read. Does not check
   * the key ({@link #readsCopySourceAsSent(String)}). Retries: SDK only.
   */
  String start(ObjectPlan plan, HeadObjectResponse head) {
    S3Location src = plan.source().location();
    try {
      if (head.contentLength() == null || head.contentLength() != plan.source().sizeBytes()) {
        // A listing or manifest size that lies would make the planned parts cover too little (or too much).
        throw new LakecopyException(ErrorKind.SOURCE_CHANGED, "start multipart copy of " + src + " to " + plan.dest()
            + ": the source is " + head.contentLength() + " bytes, not the planned " + plan.source().sizeBytes());
      }
      CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
          .bucket(plan.dest().bucket())
          .key(plan.dest().key())
          .contentType(head.contentType())
          .contentEncoding(head.contentEncoding())
          .contentDisposition(head.contentDisposition())
          .contentLanguage(head.contentLanguage())
          .cacheControl(head.cacheControl())
          .metadata(metadata(head, plan))
          .overrideConfiguration(counted());
      if (head.expiresString() != null) {
        create.overrideConfiguration(o -> {
          counted().accept(o);
          o.putHeader("Expires", head.expiresString());
        });
      }
      Encryption encryption = destination.encryption();
      encryption.mappedKey(head.ssekmsKeyId()).ifPresent(key ->
          create.serverSideEncryption(encryption.mappedMode()).ssekmsKeyId(key));
      String storageClass = head.storageClassAsString();
      if (storageClass != null && !storageClass.equals(STANDARD)) {
        create.storageClass(storageClass);
      }
      List<Tag> tags = copyTags ? tags(src, plan.source().versionId()) : List.of();
      if (!tags.isEmpty()) {
        create.tagging(tagging(tags));
      }
      java.util.Optional<Checksum> sourceChecksum = Checksum.of(head);
      String asked = checksumsNotImplemented ? null : verification.askFor(sourceChecksum, true);
      String uploadId;
      if (asked == null) {
        uploadId = dest.createMultipartUpload(create.build()).uploadId();
      } else {
        try {
          uploadId = dest.createMultipartUpload(create.checksumAlgorithm(asked).checksumType(Checksum.FULL_OBJECT)
              .build()).uploadId();
        } catch (S3Exception e) {
          if (e.statusCode() != 501) {
            throw e;
          }
          // a store without additional checksums (Ceph RGW before 19): the copy is proved by ETag or size only
          LOG.info("{} refused a {} checksum on CreateMultipartUpload ({}); copying without one", plan.dest().bucket(),
              asked, S3Errors.describe(e));
          checksumsNotImplemented = true;
          asked = null;
          uploadId = dest.createMultipartUpload(create.checksumAlgorithm((String) null).checksumType((String) null)
              .build()).uploadId();
        }
      }
      if (!registry.started(plan.dest(), uploadId)) {
        registry.abortNow(dest, plan.dest(), uploadId);
        throw new LakecopyException(ErrorKind.INTERRUPTED, "start multipart copy of " + src + " to " + plan.dest()
            + ": the run is stopping; upload " + uploadId + " was aborted");
      }
      registry.tagged(uploadId, tags);
      registry.checksummed(uploadId, new UploadRegistry.Asked(sourceChecksum.orElse(null), asked));
      LOG.debug("Started multipart upload {} of {} for {}", uploadId, plan.dest(), src);
      return uploadId;
    } catch (SdkException e) {
      throw new LakecopyException(S3Errors.classify(e), "start multipart copy of " + src + " to " + plan.dest()
          + ": " + S3Errors.describe(e), e);
    }
  }

  /**
   * Completes an upload with its parts in ascending order and checks the resulting ETag against the
   * one the part ETags imply ({@code md5(part md5s)-N}) where the parts' ETags are MD5s. A Complete
   * whose response was lost and whose retry finds no upload (NoSuchUpload) counts as done when the
   * destination holds exactly the expected object.
   *
   * <p>Retries: SDK only. On any failure the upload is aborted (an abort failure is attached as
   * suppressed) and the error rethrown; an object that completed but does not verify is deleted. A copy whose
   * response does not show the encryption asked for (--sse, --dest-sse-c-key-file) is HEADed, and fails
   * VERIFY_FAILED (and is deleted) if the store stored it otherwise.
   *
   * @param partETags part ETags indexed by part number - 1
   * @return the destination object's ETag
   */
  public String complete(ObjectPlan plan, String uploadId, List<String> partETags) {
    return complete(plan, uploadId, partETags, null).eTag();
  }

  /**
   * A completed copy: its ETag, the checksums read (text form, or null), what proved it, and a note for the report
   * (the Object Lock set after verification), or null.
   */
  public record Completed(String eTag, String sourceChecksum, String destChecksum, Verification.By by, String note) {}

  /**
   * As {@link #complete(ObjectPlan, String, List)}, and where the upload was created with a full-object checksum
   * ({@link Verification}), the Complete names the source's value (a store that checks it refuses other bytes:
   * VERIFY_FAILED, the upload aborted) and the parts' checksums where every part has one of the upload's algorithm;
   * the completed object's checksum is compared with the source's (a difference deletes the object: VERIFY_FAILED).
   *
   * @param partChecksums the parts' checksums as UploadPartCopy answered them (text form, indexed by part number -
   *     1), or null
   */
  public Completed complete(ObjectPlan plan, String uploadId, List<String> partETags, List<String> partChecksums) {
    java.util.Optional<List<Tag>> createdTags = registry.tagsOf(uploadId);
    UploadRegistry.Asked created = registry.checksumOf(uploadId).orElse(new UploadRegistry.Asked(null, null));
    java.util.Optional<Checksum> sourceChecksum = java.util.Optional.ofNullable(created.source());
    java.util.Optional<String> expectedChecksum = Verification.expectedOnComplete(sourceChecksum, created.algorithm());
    boolean withPartChecksums = created.algorithm() != null && partChecksums != null
        && partChecksums.size() == partETags.size() && partChecksums.stream().map(Checksum::parse)
            .allMatch(c -> c != null && c.algorithm().equals(created.algorithm()));
    List<CompletedPart> parts = new java.util.ArrayList<>(partETags.size());
    for (int i = 0; i < partETags.size(); i++) {
      CompletedPart.Builder part = CompletedPart.builder().partNumber(i + 1).eTag(partETags.get(i));
      if (withPartChecksums) {
        withChecksum(part, Checksum.parse(partChecksums.get(i)));
      }
      parts.add(part.build());
    }
    java.util.Optional<String> expected = destination.writesMd5ETags() ? expectedETag(partETags)
        : java.util.Optional.empty();
    String where = "complete " + plan.dest() + " (upload " + uploadId + ")";
    sourceStillPlanned(plan, uploadId, where);
    String eTag;
    String shownSse = null;
    String versionId = null;
    java.util.Optional<Checksum> completedChecksum = java.util.Optional.empty();
    try {
      CompleteMultipartUploadRequest.Builder request = CompleteMultipartUploadRequest.builder()
          .bucket(plan.dest().bucket()).key(plan.dest().key()).uploadId(uploadId)
          .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
          .ifNoneMatch(plan.destCondition().ifNoneMatchHeader()).ifMatch(plan.destCondition().ifMatch())
          .overrideConfiguration(counted());
      if (created.algorithm() != null) {
        request.checksumType(Checksum.FULL_OBJECT);
        expectedChecksum.ifPresent(v -> withExpected(request, created.algorithm(), v));
      }
      CompleteMultipartUploadResponse response = dest.completeMultipartUpload(request.build());
      completedChecksum = Checksum.of(response);
      eTag = response.eTag();
      shownSse = response.serverSideEncryptionAsString();
      versionId = response.versionId();
      if (response.serverSideEncryptionAsString() != null && response.serverSideEncryptionAsString().startsWith("aws:kms")) {
        expected = java.util.Optional.empty(); // the bucket's default SSE-KMS: the ETag is no MD5 of the parts
      }
    } catch (SdkException e) {
      LakecopyException failure = expectedChecksum.isPresent() && refusedChecksum(e)
          ? new LakecopyException(ErrorKind.VERIFY_FAILED, where + ": the store refused to complete the copy because"
              + " its " + created.algorithm() + " checksum is not the source's " + expectedChecksum.get() + " ("
              + S3Errors.describe(e) + "); the upload was aborted", e)
          : new LakecopyException(S3Errors.classify(e), where + ": " + S3Errors.describe(e), e);
      // a 412 can only be the destination condition's (a Complete names no source)
      boolean conflict = failure.kind() == ErrorKind.SOURCE_CHANGED && plan.destCondition().any();
      // after a 412, only the exact ETag the parts imply proves the key holds this upload's object
      java.util.Optional<String> landed = failure.kind() == ErrorKind.NOT_FOUND || (conflict && expected.isPresent())
          ? completedEarlier(plan, expected) : java.util.Optional.empty();
      if (conflict && landed.isEmpty()) {
        failure = new LakecopyException(ErrorKind.DESTINATION_CHANGED, plan.dest() + " was written by another writer"
            + " after the destination listing (412 on " + plan.destCondition().describe() + " to " + where
            + "); it was not overwritten. Run again to decide from a new listing", e);
      }
      if (landed.isPresent()) {
        if (conflict) {
          // the key holds exactly this upload's object, written by an earlier attempt (or identical bytes by
          // another writer, whose upload would be this one still): the upload must not stay behind
          abort(plan.dest(), uploadId, null);
        }
        registry.finished(uploadId);
        keepTags(plan, createdTags, where);
        return new Completed(landed.get(), Checksum.render(sourceChecksum), null, Verification.By.SIZE, null);
      }
      abort(plan.dest(), uploadId, failure);
      throw failure;
    }
    if (eTag == null || eTag.isEmpty()) {
      // S3 may answer 200 and fail inside the body, and Ceph RGW 16.2 always answers <ETag></ETag>: trust
      // only what the destination now holds.
      eTag = completedEarlier(plan, expected).orElse(null);
      if (eTag == null) {
        LakecopyException failure = new LakecopyException(ErrorKind.SERVER_ERROR, where
            + ": 200 response without an ETag");
        abort(plan.dest(), uploadId, failure);
        throw failure;
      }
    }
    registry.finished(uploadId);
    if (expected.isPresent() && !expected.get().equals(ETags.unquote(eTag))) {
      String mismatch = where + ": ETag " + eTag + " differs from " + expected.get() + " implied by the copied parts";
      java.util.Optional<String> kept = own.delete(plan.dest().bucket(), plan.dest().key(), eTag, versionId);
      kept.ifPresent(why -> LOG.error("Could not delete {} after it failed verification: {}", plan.dest(), why));
      throw new LakecopyException(ErrorKind.VERIFY_FAILED, mismatch + kept.map(why -> "; it was not deleted (" + why
          + "): check " + plan.dest()).orElse("; the object was deleted"));
    }
    // With a KMS key map the mode an object asked for was chosen when its upload was created: not checked here.
    EncryptionAsked asked = destination.encryption().kmsKeyMap().isEmpty() ? EncryptionAsked.of(destination, null)
        : EncryptionAsked.NONE;
    if (!asked.shownBy(shownSse, null)) { // a Complete response names no SSE-C algorithm: HEAD those
      java.util.Optional<String> unencrypted = EncryptionVerifier.failure(dest, own, plan.dest().bucket(),
          plan.dest().key(), eTag, versionId, asked, counted());
      if (unencrypted.isPresent()) {
        throw new LakecopyException(ErrorKind.VERIFY_FAILED, where + ": " + unencrypted.get());
      }
    }
    Verification.Result verified = Verification.of(plan.source().eTag(), eTag, !destination.writesMd5ETags()
        || (shownSse != null && shownSse.startsWith("aws:kms")), sourceChecksum, completedChecksum,
        ETags.same(plan.source().eTag(), eTag)); // the same multipart ETag: the same parts (--part-layout source)
    if (verified.failed()) {
      java.util.Optional<String> kept = own.delete(plan.dest().bucket(), plan.dest().key(), eTag, versionId);
      kept.ifPresent(why -> LOG.error("Could not delete {} after it failed verification: {}", plan.dest(), why));
      throw new LakecopyException(ErrorKind.VERIFY_FAILED, where + ": " + verified.mismatch() + kept.map(why ->
          "; it was not deleted (" + why + "): check " + plan.dest()).orElse("; the object was deleted"));
    }
    keepTags(plan, createdTags, where);
    String note = null;
    if (verification.objectLock()) {
      // only now, on the version this Complete wrote: a lock set at Create would keep a copy that failed its checks
      ObjectLocks.Lock lock = ObjectLocks.read(source, plan.source().location().bucket(),
          plan.source().location().key(), plan.source().versionId(), counted());
      ObjectLocks.apply(dest, plan.dest().bucket(), plan.dest().key(), versionId, eTag, lock, counted());
      note = lock.any() ? "Object Lock set after verification: " + lock.describe() : null;
    }
    return new Completed(eTag, Checksum.render(sourceChecksum), Checksum.render(completedChecksum), verified.by(), note);
  }

  /** Whether a Complete that named the source's checksum was refused for it (S3: 400 BadDigest). Pure. */
  static boolean refusedChecksum(SdkException e) {
    if (!(e instanceof S3Exception s3) || s3.statusCode() != 400) {
      return false;
    }
    String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
    String message = String.valueOf(s3.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return "BadDigest".equals(code) || "InvalidDigest".equals(code) || message.contains("checksum");
  }

  private static void withChecksum(CompletedPart.Builder part, Checksum c) {
    switch (c.algorithm()) {
      case "CRC32" -> part.checksumCRC32(c.value());
      case "CRC32C" -> part.checksumCRC32C(c.value());
      case "CRC64NVME" -> part.checksumCRC64NVME(c.value());
      default -> throw new IllegalArgumentException("no full-object checksum: " + c.algorithm());
    }
  }

  private static void withExpected(CompleteMultipartUploadRequest.Builder request, String algorithm, String value) {
    switch (algorithm) {
      case "CRC32" -> request.checksumCRC32(value);
      case "CRC32C" -> request.checksumCRC32C(value);
      case "CRC64NVME" -> request.checksumCRC64NVME(value);
      default -> throw new IllegalArgumentException("no full-object checksum: " + algorithm);
    }
  }

  /** Whether this destination's UploadPartCopy may name {@code sourceKey} (see the static form). Pure. */
  boolean readsCopySourceAsSent(String sourceKey) {
    return readsCopySourceAsSent(pin, sourceKey);
  }

  /**
   * Whether UploadPartCopy may name {@code sourceKey}: always on a store that honours x-amz-copy-source-if-match
   * there (S3 does); elsewhere not for a key with a {@code %}, which Ceph RGW 16.2.15 decodes twice (measured:
   * {@code a/b%d.txt} aborts the gateway, {@code a/b%41.txt} reads {@code a/bA.txt}). Pure.
   */
  static boolean readsCopySourceAsSent(SourcePins.Pin pin, String sourceKey) {
    return pin == SourcePins.Pin.CONDITION || sourceKey.indexOf('%') < 0;
  }

  /**
   * Before completing: the source still has the planned ETag (a HEAD pinned to it), so no part can have come from
   * another version even on a store that ignores the parts' x-amz-copy-source-if-match (Ceph RGW 16.2 does). A
   * version-pinned plan needs no check, nor does any on a store known to honour the condition. On a 412/404 or any other failure the upload is aborted and the error
   * thrown: SOURCE_CHANGED, or the HEAD's own kind (the next round copies the object again). Retries: SDK only.
   */
  private void sourceStillPlanned(ObjectPlan plan, String uploadId, String where) {
    if (plan.source().versionId() != null || pin == SourcePins.Pin.CONDITION) {
      return;
    }
    S3Location src = plan.source().location();
    try {
      source.headObject(HeadObjectRequest.builder().bucket(src.bucket()).key(src.key()).ifMatch(plan.source().eTag())
          .overrideConfiguration(counted()).build());
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e) == ErrorKind.NOT_FOUND ? ErrorKind.SOURCE_CHANGED : S3Errors.classify(e);
      LakecopyException failure = new LakecopyException(kind, where + ": the source " + src
          + (kind == ErrorKind.SOURCE_CHANGED ? " no longer has the planned ETag " + plan.source().eTag()
              + ", so its parts may mix two versions" : " could not be checked before completing")
          + ": " + S3Errors.describe(e), e);
      abort(plan.dest(), uploadId, failure);
      throw failure;
    }
  }

  /** The destination's ETag if it holds the object this upload was to produce. Retries: SDK only. */
  private java.util.Optional<String> completedEarlier(ObjectPlan plan, java.util.Optional<String> expectedETag) {
    try {
      HeadObjectResponse head = dest.headObject(HeadObjectRequest.builder()
          .bucket(plan.dest().bucket()).key(plan.dest().key()).overrideConfiguration(counted()).build());
      boolean same = head.contentLength() == plan.source().sizeBytes()
          && expectedETag.map(e -> e.equals(ETags.unquote(head.eTag()))).orElse(head.eTag().endsWith("-" + plan.partCount() + "\""));
      return same ? java.util.Optional.of(head.eTag()) : java.util.Optional.empty();
    } catch (SdkException e) {
      return java.util.Optional.empty();
    }
  }

  private java.util.Map<String, String> metadata(HeadObjectResponse head, ObjectPlan plan) {
    if (sourceETagMetadataKey == null) {
      return head.metadata();
    }
    java.util.Map<String, String> m = new java.util.HashMap<>(head.metadata());
    m.put(sourceETagMetadataKey, ETags.unquote(plan.source().eTag()));
    return m;
  }

  private java.util.function.Consumer<software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.Builder> counted() {
    return io.lakecopy.s3.OperationCounts.onRequest(counts);
  }

  /** Takes ownership of an upload an earlier run created (resume): it is completed or aborted like ours. */
  public void adopted(S3Location location, String uploadId) {
    registry.started(location, uploadId);
  }

  /**
   * The parts a live upload already holds whose size is the planned one (a part of another size was copied with
   * another part layout and must be copied again), by part number; empty if the upload is gone.
   *
   * <p>Retries: SDK only.
   *
   * @throws LakecopyException of the classified kind for anything but a missing upload
   */
  public java.util.Optional<java.util.Map<Integer, String>> existingParts(S3Location location, String uploadId,
      List<io.lakecopy.plan.PartRange> planned) {
    java.util.Map<Integer, Long> expectedSizes = new java.util.HashMap<>();
    for (io.lakecopy.plan.PartRange r : planned) {
      expectedSizes.put(r.partNumber(), r.sizeBytes());
    }
    java.util.Map<Integer, String> parts = new java.util.HashMap<>();
    try {
      for (var p : dest.listPartsPaginator(b -> b.bucket(location.bucket()).key(location.key()).uploadId(uploadId)
          .overrideConfiguration(counted()))
          .parts()) {
        if (p.size() != null && p.size().equals(expectedSizes.get(p.partNumber()))) {
          parts.put(p.partNumber(), p.eTag());
        }
      }
      return java.util.Optional.of(parts);
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.NOT_FOUND) {
        return java.util.Optional.empty();
      }
      throw new LakecopyException(kind, "ListParts of upload " + uploadId + " of " + location + ": "
          + S3Errors.describe(e), e);
    }
  }

  /** Aborts an upload, attaching an abort failure to {@code cause} rather than hiding it. Retries: SDK only. */
  public void abort(S3Location location, String uploadId, Throwable cause) {
    if (!registry.abort(dest, location, uploadId) && cause != null) {
      cause.addSuppressed(new LakecopyException(ErrorKind.OTHER, "abort of upload " + uploadId + " of " + location
          + " failed as well"));
    }
  }

  /**
   * As {@link #abort}, for an upload still registered, on a thread of its own: sent whatever the caller's interrupt
   * state (the SDK refuses to send from an interrupted thread), which the caller keeps. Retries: SDK only.
   */
  void abortWhateverTheInterrupt(S3Location location, String uploadId, Throwable cause) {
    if (!registry.holds(uploadId)) {
      return; // completed, or aborted already
    }
    if (!registry.abortNow(dest, location, uploadId) && cause != null) {
      cause.addSuppressed(new LakecopyException(ErrorKind.OTHER, "abort of upload " + uploadId + " of " + location
          + " failed as well"));
    }
  }

  /** {@code k1=v1&k2=v2}, URL-encoded, as CreateMultipartUpload's x-amz-tagging wants it. Retries: SDK only. */
  List<Tag> tags(S3Location src, String versionId) {
    if (taggingNotImplemented) {
      return List.of();
    }
    try {
      return source.getObjectTagging(GetObjectTaggingRequest.builder()
          .bucket(src.bucket()).key(src.key()).versionId(versionId).overrideConfiguration(counted()).build()).tagSet();
    } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
      if (e.statusCode() != 501) {
        throw e;
      }
      // An S3-compatible store without the tagging API (S3Proxy, some appliances) holds no tags to lose.
      if (!taggingNotImplemented) {
        LOG.warn("The source store does not implement GetObjectTagging ({}); multipart copies go without tags",
            S3Errors.describe(e));
      }
      taggingNotImplemented = true;
      return List.of();
    }
  }

  /** The {@code x-amz-tagging} header of a tag set. Pure. */
  static String tagging(List<Tag> tags) {
    return tags.stream()
        .map(t -> SdkHttpUtils.urlEncode(t.key()) + "=" + SdkHttpUtils.urlEncode(t.value()))
        .collect(Collectors.joining("&"));
  }

  /**
   * Whether the completed object must be given its tags by PutObjectTagging: the upload was created with tags and the
   * completed object holds none (Ceph RGW 16.2 ignores x-amz-tagging on CreateMultipartUpload). Pure.
   */
  static boolean tagsDropped(List<Tag> created, List<Tag> completed) {
    return !created.isEmpty() && completed.isEmpty();
  }

  /**
   * Gives the completed object the tags its upload was created with, where the store dropped them. Once a completed
   * object shows them, later ones are trusted (one GetObjectTagging per task on a store that keeps them). Retries:
   * SDK only.
   *
   * @throws LakecopyException classified, naming the object: the copy is complete, but without its tags
   */
  private void keepTags(ObjectPlan plan, java.util.Optional<List<Tag>> createdWith, String where) {
    if (!copyTags || storeKeepsTags || createdWith.map(List::isEmpty).orElse(false)) {
      return;
    }
    List<Tag> created;
    try {
      // An upload this run did not see created (one a killed run created, adopted on resume) was created with the
      // source's tags: read them now.
      created = createdWith.isPresent() ? createdWith.get()
          : tags(plan.source().location(), plan.source().versionId());
    } catch (SdkException e) {
      throw new LakecopyException(S3Errors.classify(e), where + ": completed, but reading the source's tags failed ("
          + S3Errors.describe(e) + "): " + plan.dest() + " may be there without them", e);
    }
    if (created.isEmpty()) {
      return;
    }
    try {
      // The key's current version, the one just completed at the run's own output key: no version id, so that the
      // object-level permissions (s3:GetObjectTagging, s3:PutObjectTagging) suffice on a versioned bucket too.
      List<Tag> completed;
      try {
        completed = dest.getObjectTagging(b -> b.bucket(plan.dest().bucket()).key(plan.dest().key())
            .overrideConfiguration(counted())).tagSet();
      } catch (SdkException e) {
        if (S3Errors.classify(e) != ErrorKind.ACCESS_DENIED) {
          throw e;
        }
        // Not granted (the deploy policy's DestCheck... statement removed): the tags sent on create are trusted.
        storeKeepsTags = true;
        LOG.warn("s3://{}: GetObjectTagging of a completed multipart copy was denied ({}): the tags sent with"
            + " CreateMultipartUpload are not checked", plan.dest().bucket(), S3Errors.describe(e));
        return;
      }
      if (!tagsDropped(created, completed)) {
        storeKeepsTags = true;
        return;
      }
      dest.putObjectTagging(b -> b.bucket(plan.dest().bucket()).key(plan.dest().key())
          .tagging(t -> t.tagSet(created)).overrideConfiguration(counted()));
      if (!warnedTagsDropped) {
        warnedTagsDropped = true;
        LOG.warn("s3://{}: the store dropped the tags of a multipart upload (x-amz-tagging on CreateMultipartUpload"
            + " ignored): multipart copies get their tags with PutObjectTagging", plan.dest().bucket());
      }
    } catch (SdkException e) {
      throw new LakecopyException(S3Errors.classify(e), where + ": completed, but setting its " + created.size()
          + " tags failed (" + S3Errors.describe(e) + "): " + plan.dest() + " is there without them", e);
    }
  }

  /** The multipart ETag S3 computes from these part ETags, if they are all plain MD5s. */
  static java.util.Optional<String> expectedETag(List<String> partETags) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (String e : partETags) {
        String hex = ETags.unquote(e);
        if (!hex.matches("[0-9a-fA-F]{32}")) {
          return java.util.Optional.empty(); // e.g. SSE-KMS: part ETags are not MD5s
        }
        md5.update(HexFormat.of().parseHex(hex));
      }
      return java.util.Optional.of(HexFormat.of().formatHex(md5.digest()) + "-" + partETags.size());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 not available", e);
    }
  }
}
