package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.plan.SourceObject;
import io.lakecopy.s3.ETags;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.OperationCounts;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Copies one {@link CopyTask} by streaming its bytes: a GetObject of the source with the source's client, pinned to
 * the planned ETag with {@code If-Match} (and to the planned version id where there is one), piped into a PutObject
 * (a whole object) or an UploadPart (a part of an upload {@link MultipartUploads} created, completes and aborts, as
 * for server-side parts) with the destination's client. For copies between two services, where the destination
 * cannot read the source. No Spark here.
 *
 * <p>A whole object carries what a server-side copy carries: its source's headers, user metadata and storage class
 * (from a HEAD pinned to the planned ETag) and its tags (unless --no-tags). The body is never held in memory
 * ({@link ReopeningBody}); its MD5 is computed as it streams and compared with the ETag the destination answers,
 * where the destination's ETags are MD5s: a whole object that differs is deleted (exactly that write) and fails
 * VERIFY_FAILED; a part that differs fails its object, whose upload its owner aborts.
 */
final class StreamedCopier {
  private static final Logger LOG = LoggerFactory.getLogger(StreamedCopier.class);
  private static final String STANDARD = "STANDARD";
  private static final String OCTET_STREAM = "application/octet-stream";

  private final S3Client source;
  private final S3Client dest;
  private final MultipartUploads uploads;
  private final RequestOptions destination;
  private final OperationCounts counts;
  private final OwnWrites own;
  private final boolean copyTags;
  private final BandwidthLimit limit;

  /**
   * @param source the source side's client: every GET and HEAD of the source
   * @param dest the destination side's client: every write
   * @param uploads the task's multipart uploads (their source HEAD and tags are read the same way)
   * @param destination the destination client's options: whether its ETags are MD5s, the encryption asked for
   * @param counts told of every HTTP attempt, or null
   * @param own how a copy that must not stay is deleted
   */
  StreamedCopier(S3Client source, S3Client dest, MultipartUploads uploads, RequestOptions destination,
      OperationCounts counts, OwnWrites own, boolean copyTags) {
    this(source, dest, uploads, destination, counts, own, copyTags, BandwidthLimit.NONE);
  }

  /** @param limit the task's share of --bwlimit, taken by every byte read from the source */
  StreamedCopier(S3Client source, S3Client dest, MultipartUploads uploads, RequestOptions destination,
      OperationCounts counts, OwnWrites own, boolean copyTags, BandwidthLimit limit) {
    this.limit = requireNonNull(limit, "limit is null");
    this.source = requireNonNull(source, "source is null");
    this.dest = requireNonNull(dest, "dest is null");
    this.uploads = requireNonNull(uploads, "uploads is null");
    this.destination = requireNonNull(destination, "destination is null");
    this.counts = counts;
    this.own = requireNonNull(own, "own is null");
    this.copyTags = copyTags;
  }

  /**
   * Streams the task's object or part. Never throws for an S3 error: it becomes a failed outcome (a 412 to the
   * pinned GET: SOURCE_CHANGED).
   *
   * <p>Retries: SDK only, the body re-read from the source on every attempt ({@link ReopeningBody}), so a connection
   * reset in the middle of a body is retried with the range read again.
   */
  TaskOutcome copy(CopyTask task) {
    long start = System.nanoTime();
    try {
      return task.isPart() ? part(task, start) : whole(task, start);
    } catch (LakecopyException e) {
      LOG.warn("Streamed copy of {} failed: {}", task.describe(), e.getMessage());
      return TaskOutcome.failure(task, e.kind(), e.getMessage(), millisSince(start));
    } catch (SdkException | java.io.UncheckedIOException e) {
      LOG.warn("Streamed copy of {} failed: {}", task.describe(), S3Errors.describe(e));
      return TaskOutcome.failure(task, S3Errors.classify(e), S3Errors.describe(e), millisSince(start));
    }
  }

  private TaskOutcome whole(CopyTask task, long start) {
    ObjectPlan plan = plan(task);
    HeadObjectResponse head = uploads.headSource(plan);
    if (head.contentLength() == null || head.contentLength() != task.sizeBytes()) {
      return TaskOutcome.failure(task, ErrorKind.SOURCE_CHANGED, "the source " + plan.source().location() + " is "
          + head.contentLength() + " bytes, not the planned " + task.sizeBytes(), millisSince(start));
    }
    PutObjectRequest put = putRequest(task, plan, head);
    AtomicReference<String> version = new AtomicReference<>();
    ReopeningBody body = body(task, 0, version).openFirst();
    Sent<PutObjectResponse> sent = send(body, () -> dest.putObject(put, RequestBody.fromContentProvider(body,
        task.sizeBytes(), head.contentType() == null ? OCTET_STREAM : head.contentType())));
    PutObjectResponse response = sent.response();
    String md5 = sent.md5();
    String eTag = response.eTag();
    if (eTag == null || eTag.isEmpty()) {
      return TaskOutcome.failure(task, ErrorKind.SERVER_ERROR, "PutObject: 200 response without an ETag",
          millisSince(start));
    }
    boolean md5ETag = destination.writesMd5ETags() && !kms(response.serverSideEncryptionAsString());
    if (md5ETag && (md5 == null || !md5.equals(ETags.unquote(eTag)))) {
      return dropped(task, ErrorKind.VERIFY_FAILED, "the copy is not the bytes read: its ETag " + eTag
          + " is not their MD5 " + md5, eTag, response.versionId(), start);
    }
    if (md5 != null && plainMd5(head) && !md5.equals(ETags.unquote(task.sourceETag()))) {
      // a store that ignored If-Match served other bytes than the planned object's
      return dropped(task, ErrorKind.SOURCE_CHANGED, "the source changed since it was planned: the bytes read have"
          + " MD5 " + md5 + ", not the planned ETag " + task.sourceETag(), eTag, response.versionId(), start);
    }
    EncryptionAsked asked = EncryptionAsked.of(destination, null);
    if (!asked.shownBy(response.serverSideEncryptionAsString(), response.sseCustomerAlgorithm())) {
      Optional<String> unencrypted = EncryptionVerifier.failure(dest, own, task.destBucket(), task.destKey(), eTag,
          response.versionId(), asked, OperationCounts.onRequest(counts));
      if (unencrypted.isPresent()) {
        return TaskOutcome.failure(task, ErrorKind.VERIFY_FAILED, unencrypted.get(), millisSince(start));
      }
    }
    LOG.debug("Streamed {} ({} source opens)", task.describe(), md5);
    String copied = task.sourceVersionId() != null ? task.sourceVersionId() : version.get();
    return TaskOutcome.success(task, eTag, copied, millisSince(start))
        .verified(null, null, md5ETag ? Verification.By.ETAG : Verification.By.SIZE);
  }

  /**
   * The PutObject of a whole object: what a server-side copy carries, from the source's pinned HEAD (headers, user
   * metadata, storage class) and its tags unless --no-tags, and the write condition the task is held to. Retries: SDK
   * only (the tags' GetObjectTagging).
   */
  private PutObjectRequest putRequest(CopyTask task, ObjectPlan plan, HeadObjectResponse head) {
    PutObjectRequest.Builder put = PutObjectRequest.builder()
        .bucket(task.destBucket()).key(task.destKey()).contentLength(task.sizeBytes())
        .contentType(head.contentType()).contentEncoding(head.contentEncoding())
        .contentDisposition(head.contentDisposition()).contentLanguage(head.contentLanguage())
        .cacheControl(head.cacheControl()).metadata(head.metadata())
        .ifNoneMatch(task.destCondition().ifNoneMatchHeader()).ifMatch(task.destCondition().ifMatch())
        .overrideConfiguration(o -> {
          OperationCounts.onRequest(counts).accept(o);
          if (head.expiresString() != null) {
            o.putHeader("Expires", head.expiresString());
          }
        });
    String storageClass = head.storageClassAsString();
    if (storageClass != null && !storageClass.equals(STANDARD)) {
      put.storageClass(storageClass);
    }
    List<Tag> tags = copyTags ? uploads.tags(plan.source().location(), task.sourceVersionId()) : List.of();
    if (!tags.isEmpty()) {
      put.tagging(MultipartUploads.tagging(tags));
    }
    return put.build();
  }

  private TaskOutcome part(CopyTask task, long start) {
    AtomicReference<String> version = new AtomicReference<>();
    ReopeningBody body = body(task, task.firstByte(), version).openFirst();
    Sent<UploadPartResponse> sent = send(body, () -> dest.uploadPart(UploadPartRequest.builder()
        .bucket(task.destBucket()).key(task.destKey()).uploadId(task.uploadId()).partNumber(task.partNumber())
        .contentLength(task.sizeBytes()).overrideConfiguration(OperationCounts.onRequest(counts)).build(),
        RequestBody.fromContentProvider(body, task.sizeBytes(), OCTET_STREAM)));
    UploadPartResponse response = sent.response();
    String md5 = sent.md5();
    String eTag = response.eTag();
    if (eTag == null || eTag.isEmpty()) {
      return TaskOutcome.failure(task, ErrorKind.SERVER_ERROR, "UploadPart: 200 response without an ETag",
          millisSince(start));
    }
    if (destination.writesMd5ETags() && !kms(response.serverSideEncryptionAsString())
        && (md5 == null || !md5.equals(ETags.unquote(eTag)))) {
      String what = "the part is not the bytes read: its ETag " + eTag + " is not their MD5 " + md5;
      LOG.warn("Streamed copy of {}: {}", task.describe(), what);
      return TaskOutcome.failure(task, ErrorKind.VERIFY_FAILED, what, millisSince(start));
    }
    LOG.debug("Streamed {}", task.describe());
    return TaskOutcome.success(task, eTag, task.sourceVersionId() != null ? task.sourceVersionId() : version.get(),
        millisSince(start));
  }

  /**
   * The request body: the source's GET pinned to the planned ETag (and version) of the bytes from {@code firstByte}
   * to the task's last (a whole object from 0 is read without a range, which an empty object has none of), re-opened
   * for every attempt; the version the source answered is put in {@code version}.
   */
  private ReopeningBody body(CopyTask task, long firstByte, AtomicReference<String> version) {
    return new ReopeningBody(offset -> {
      long from = firstByte + offset;
      String range = task.isPart() || from > 0 ? "bytes=" + from + "-" + task.lastByte() : null;
      var in = source.getObject(GetObjectRequest.builder().bucket(task.sourceBucket()).key(task.sourceKey())
          .versionId(task.sourceVersionId()).ifMatch(task.sourceETag()).range(range)
          .overrideConfiguration(OperationCounts.onRequest(counts)).build());
      version.set(in.response().versionId());
      return (InputStream) in;
    }, task.sizeBytes(), limit);
  }

  /** A streamed request's response, and the MD5 of the bytes it sent (null if its body was not read whole). */
  private record Sent<R>(R response, String md5) {}

  /**
   * Sends {@code request} with {@code body}, then releases the body's stream. A failure while the SDK re-opened the
   * source (a 412: the source changed mid-copy) is the one thrown, not the SDK's wrapping of it.
   */
  private static <R> Sent<R> send(ReopeningBody body, java.util.function.Supplier<R> request) {
    try (body) {
      R response;
      try {
        response = request.get();
      } catch (SdkException e) {
        throw body.failure().map(f -> f instanceof SdkException s ? s : e).orElse(e);
      }
      return new Sent<>(response, body.md5Hex().orElse(null));
    }
  }

  /** Whether the source's ETag is the MD5 of its bytes: one part, not SSE-KMS or SSE-C. Pure. */
  static boolean plainMd5(HeadObjectResponse head) {
    return ETags.isSinglePart(head.eTag()) && ETags.unquote(head.eTag()).matches("[0-9a-fA-F]{32}")
        && !kms(head.serverSideEncryptionAsString()) && head.sseCustomerAlgorithm() == null;
  }

  private static boolean kms(String sse) {
    return sse != null && sse.startsWith("aws:kms");
  }

  /** A written copy that must not stay: deleted, exactly that write, and the object fails {@code kind}. */
  private TaskOutcome dropped(CopyTask task, ErrorKind kind, String what, String eTag, String versionId, long start) {
    LOG.warn("Streamed copy of {}: {}", task.describe(), what);
    Optional<String> kept = own.delete(task.destBucket(), task.destKey(), eTag, versionId);
    return TaskOutcome.failure(task, kind, what + kept.map(why -> "; the copy was not deleted (" + why + "): check s3://"
        + task.destBucket() + "/" + task.destKey()).orElse("; the copy was deleted"), millisSince(start));
  }

  private static ObjectPlan plan(CopyTask task) {
    SourceObject s = new SourceObject(new S3Location(task.sourceBucket(), task.sourceKey()), task.sourceKey(),
        task.sizeBytes(), task.sourceETag(), task.storageClass(), 0, task.sourceVersionId());
    return new ObjectPlan(0, s, new S3Location(task.destBucket(), task.destKey()), CopyMethod.STREAM, 0,
        task.destCondition());
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
