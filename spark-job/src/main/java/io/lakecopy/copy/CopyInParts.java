package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.plan.PartRange;
import io.lakecopy.plan.SourceObject;
import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A single copy the destination's store refused because its source is encrypted, copied as a multipart copy instead.
 * Ceph RGW 16.2 answers CopyObject from an SSE-C or SSE-KMS source with 501 NotImplemented, and copies the same
 * source with UploadPartCopy into an upload created with the destination's encryption. S3 never answers so: there
 * this sends nothing, since only a 501 leads here.
 *
 * <p>Decided per object, not per run: after a 501 the source is HEADed anyway (is it encrypted, how big is it), so a
 * run-wide switch would save one refused request per object at the price of state shared across the tasks and
 * executors of a run, which nothing else in the copy stage needs.
 *
 * <p>The copy is the multipart path's: CreateMultipartUpload with the source's headers, metadata, storage class and
 * tags ({@link MultipartUploads#start(ObjectPlan, HeadObjectResponse)}) and the destination's encryption; each part an
 * UploadPartCopy pinned to the planned ETag (through the copier's own part path); CompleteMultipartUpload with the
 * source HEAD before it where the store ignores the copy-source condition, and the encryption check after it
 * ({@link MultipartUploads#complete}). Whatever fails, the upload is aborted, whatever the thread's interrupt state.
 */
final class CopyInParts {
  private static final Logger LOG = LoggerFactory.getLogger(CopyInParts.class);
  /** Part size of these copies: lakecopy's default --part-size, grown to stay within 10,000 parts. */
  static final long PART_SIZE_BYTES = 128 * io.lakecopy.s3.S3Limits.MiB;

  /** What follows a refused CopyObject, once the source's HEAD is known. */
  enum Route {
    /** The source is not encrypted: the refusal has another cause and is the object's failure. */
    REPORT_REFUSAL,
    /** Copy it in parts. */
    COPY_IN_PARTS,
    /** An encrypted zero-byte source: UploadPartCopy copies a byte range, and it has none. The object fails. */
    REFUSE_EMPTY
  }

  private final MultipartUploads uploads;
  private final Function<CopyTask, TaskOutcome> parts;
  private final boolean sourceKeyGiven;
  private final long partSizeBytes;

  /**
   * @param parts copies one part (the copier's UploadPartCopy, pinned to the planned ETag); turns S3 errors into
   *     failed outcomes
   * @param sourceKeyGiven whether the run has an SSE-C key for its sources: every source is SSE-C then
   */
  CopyInParts(MultipartUploads uploads, Function<CopyTask, TaskOutcome> parts, boolean sourceKeyGiven,
      long partSizeBytes) {
    this.uploads = requireNonNull(uploads, "uploads is null");
    this.parts = requireNonNull(parts, "parts is null");
    this.sourceKeyGiven = sourceKeyGiven;
    this.partSizeBytes = partSizeBytes;
  }

  /** Whether a failed CopyObject may be a store's refusal to copy from an encrypted source: a 501. Pure. */
  static boolean mayBeEncryptedSourceRefusal(SdkException e) {
    return e instanceof AwsServiceException s && refusedAsNotImplemented(s.statusCode(),
        s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode());
  }

  static boolean refusedAsNotImplemented(int status, String errorCode) {
    return status == 501 || "NotImplemented".equals(errorCode);
  }

  /**
   * What to do with a CopyObject refused as not implemented, from the source's HEAD: its
   * {@code x-amz-server-side-encryption}, its SSE-C algorithm, whether the run has a source SSE-C key, and its size.
   * SSE-S3 (AES256) is not such a source: S3-compatible stores that refuse it refuse it on every write. Pure.
   */
  static Route route(String sourceSse, String sourceCustomerAlgorithm, boolean sourceKeyGiven, long sizeBytes) {
    boolean encrypted = Encryption.KMS.equals(sourceSse) || Encryption.KMS_DSSE.equals(sourceSse)
        || sourceCustomerAlgorithm != null && !sourceCustomerAlgorithm.isEmpty() || sourceKeyGiven;
    if (!encrypted) {
      return Route.REPORT_REFUSAL;
    }
    return sizeBytes == 0 ? Route.REFUSE_EMPTY : Route.COPY_IN_PARTS;
  }

  /**
   * Copies {@code task} (a single copy) in parts after its CopyObject was refused with {@code refusal}, or empty if
   * its source is not encrypted (the refusal stands). The outcome of a copy in parts says so in its message.
   *
   * <p>Retries: SDK only. Cleans up: the upload is aborted on any failure (a failed abort is attached to the
   * failure), on a fresh thread if this one was interrupted.
   */
  Optional<TaskOutcome> copy(CopyTask task, SdkException refusal, long startNanos) {
    ObjectPlan plan = plan(task);
    S3Location src = plan.source().location();
    String refused = plan.dest().bucket() + " refused CopyObject from this encrypted source ("
        + S3Errors.describe(refusal) + ", as Ceph RGW 16.2 does)";
    HeadObjectResponse head;
    try {
      head = uploads.headSource(plan);
    } catch (SdkException e) {
      return Optional.of(TaskOutcome.failure(task, S3Errors.classify(e), "CopyObject: " + S3Errors.describe(refusal)
          + "; the source's HEAD, to tell whether it is encrypted, failed: " + S3Errors.describe(e),
          millis(startNanos)));
    }
    String encryption = head.sseCustomerAlgorithm() != null || sourceKeyGiven ? "SSE-C"
        : "SSE-KMS (" + head.serverSideEncryptionAsString() + ")";
    switch (route(head.serverSideEncryptionAsString(), head.sseCustomerAlgorithm(), sourceKeyGiven,
        task.sizeBytes())) {
      case REPORT_REFUSAL:
        return Optional.empty();
      case REFUSE_EMPTY:
        return Optional.of(TaskOutcome.failure(task, ErrorKind.REQUEST_REJECTED, "copy of " + src + ": " + refused
            + ", and a zero-byte " + encryption + " object cannot be copied in parts either (UploadPartCopy copies a"
            + " byte range, and it has none); nothing was written", millis(startNanos)));
      default:
        break;
    }
    if (!uploads.readsCopySourceAsSent(src.key())) {
      return Optional.of(TaskOutcome.failure(task, ErrorKind.REQUEST_REJECTED, "copy of " + src + ": " + refused
          + ", and copying it in parts is not sent, because its key holds a '%', which that store's UploadPartCopy"
          + " decodes twice (it crashes the gateway or copies another key's bytes); nothing was written",
          millis(startNanos)));
    }
    try {
      Completed copied = inParts(task, plan, head);
      String note = "copied in " + plan.partCount() + (plan.partCount() == 1 ? " part" : " parts")
          + " (UploadPartCopy): " + refused + (copied.done().note() == null ? "" : "; " + copied.done().note());
      LOG.info("{}: {}", task.describe(), note);
      return Optional.of(TaskOutcome.copiedInParts(task, copied.done().eTag(), copied.sourceVersionId(), note,
          millis(startNanos)).verified(copied.done().sourceChecksum(), copied.done().destChecksum(),
              copied.done().by()));
    } catch (LakecopyException e) {
      LOG.warn("Copy in parts of {} failed: {}", task.describe(), e.getMessage());
      return Optional.of(TaskOutcome.failure(task, e.kind(), "CopyObject: " + S3Errors.describe(refusal)
          + "; the copy in parts (" + encryption + " source) failed: " + e.getMessage(), millis(startNanos)));
    }
  }

  /**
   * Copies {@code task} (a whole object, not a part) in parts in this call: for a caller that copies one key's
   * versions in order, each whole before the next. The outcome is failed, never thrown, and no upload is left
   * behind. Retries: SDK only.
   */
  TaskOutcome copyWhole(CopyTask task) {
    long start = System.nanoTime();
    ObjectPlan plan = plan(task);
    try {
      Completed copied = inParts(task, plan, uploads.headSource(plan));
      return TaskOutcome.success(task, copied.done().eTag(), copied.sourceVersionId(), millis(start))
          .verified(copied.done().sourceChecksum(), copied.done().destChecksum(), copied.done().by());
    } catch (SdkException e) {
      return TaskOutcome.failure(task, S3Errors.classify(e), "copy in " + plan.partCount() + " parts: "
          + S3Errors.describe(e), millis(start));
    } catch (LakecopyException e) {
      return TaskOutcome.failure(task, e.kind(), "copy in " + plan.partCount() + " parts: " + e.getMessage(),
          millis(start));
    }
  }

  /** A completed copy in parts: what completed it, and the source version the parts say they copied, or null. */
  private record Completed(MultipartUploads.Completed done, String sourceVersionId) {}

  /**
   * Creates the upload, copies the parts in order, completes it. Aborts the upload in a {@code finally} unless it
   * completed or {@link MultipartUploads#complete} aborted it.
   *
   * @throws LakecopyException of the failed step's kind
   */
  private Completed inParts(CopyTask task, ObjectPlan plan, HeadObjectResponse head) {
    String uploadId = uploads.start(plan, head);
    boolean completed = false;
    LakecopyException failure = null;
    try {
      List<String> eTags = new ArrayList<>(plan.partCount());
      List<String> checksums = new ArrayList<>(plan.partCount());
      String version = null;
      for (PartRange r : plan.parts()) {
        TaskOutcome part = parts.apply(new CopyTask(task.objectId(), task.sourceBucket(), task.sourceKey(),
            task.sourceETag(), task.sourceVersionId(), task.destBucket(), task.destKey(), null, uploadId,
            r.partNumber(), r.firstByte(), r.lastByte()));
        if (!part.succeeded()) {
          failure = new LakecopyException(part.errorKind(), "part " + r.partNumber() + " (upload " + uploadId + "): "
              + part.message());
          throw failure;
        }
        eTags.add(part.eTag());
        checksums.add(part.destChecksum());
        version = version != null ? version : part.copiedVersionId();
      }
      // aborts the upload itself when it fails
      MultipartUploads.Completed done = uploads.complete(plan, uploadId, eTags, checksums);
      completed = true;
      return new Completed(done, version);
    } finally {
      if (!completed) {
        uploads.abortWhateverTheInterrupt(plan.dest(), uploadId, failure);
      }
    }
  }

  private ObjectPlan plan(CopyTask task) {
    S3Location src = new S3Location(task.sourceBucket(), task.sourceKey());
    SourceObject source = new SourceObject(src, task.sourceKey(), task.sizeBytes(), task.sourceETag(),
        task.storageClass(), 0, task.sourceVersionId());
    return new ObjectPlan(0, source, new S3Location(task.destBucket(), task.destKey()), CopyMethod.MULTIPART,
        partSizeBytes, task.destCondition());
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
