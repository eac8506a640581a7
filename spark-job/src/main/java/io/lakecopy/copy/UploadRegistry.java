package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;

/**
 * Every multipart upload this run has started and not yet completed or aborted. The driver owns each
 * upload id from create to complete or abort; if the run fails or the JVM is stopped, {@link #abortAll}
 * (also run from a shutdown hook) aborts whatever is left, so no upload outlives the run. The aborts run on a
 * thread of their own, so an interrupted caller (a cancelled job, a thread whose interrupt flag a helper restored)
 * still aborts every upload; an upload registered after that is refused, and its creator aborts it at once.
 */
public final class UploadRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(UploadRegistry.class);

  private final Map<String, S3Location> live = new ConcurrentHashMap<>();
  /** The tags each live upload this registry saw created was created with (none: an empty list). */
  private final Map<String, java.util.List<software.amazon.awssdk.services.s3.model.Tag>> tags =
      new ConcurrentHashMap<>();
  /** The checksum each live upload this registry saw created asked for, and the source's it is to equal. */
  private final Map<String, Asked> checksums = new ConcurrentHashMap<>();
  private final io.lakecopy.s3.OperationCounts counts;
  private volatile boolean closed;

  /**
   * What an upload was created with: the source's checksum as its HEAD showed it (or null), and the algorithm the
   * upload asked for as a full-object checksum (or null for none).
   */
  record Asked(io.lakecopy.s3.Checksum source, String algorithm) {}

  public UploadRegistry() {
    this(null);
  }

  /** @param counts counts every abort this sends (an executor's task), or null */
  public UploadRegistry(io.lakecopy.s3.OperationCounts counts) {
    this.counts = counts;
  }

  /**
   * Registers a created upload.
   *
   * @return false if {@link #abortAll} already ran: the caller must abort the upload itself (see
   *     {@link #abortNow})
   */
  boolean started(S3Location dest, String uploadId) {
    live.put(requireNonNull(uploadId, "uploadId is null"), requireNonNull(dest, "dest is null"));
    if (closed) {
      live.remove(uploadId);
      tags.remove(uploadId);
      checksums.remove(uploadId);
      return false;
    }
    return true;
  }

  void finished(String uploadId) {
    live.remove(uploadId);
    tags.remove(uploadId);
    checksums.remove(uploadId);
  }

  /** Records the checksum a live upload was created to carry. */
  void checksummed(String uploadId, Asked asked) {
    if (live.containsKey(uploadId)) {
      checksums.put(uploadId, requireNonNull(asked, "asked is null"));
    }
  }

  /** What a live upload was created to carry, or empty if this registry did not see it created (adopted). */
  java.util.Optional<Asked> checksumOf(String uploadId) {
    return java.util.Optional.ofNullable(checksums.get(uploadId));
  }

  /** Records the tags a live upload was created with ({@code x-amz-tagging}; none: an empty list). */
  void tagged(String uploadId, java.util.List<software.amazon.awssdk.services.s3.model.Tag> tagSet) {
    if (live.containsKey(uploadId)) {
      tags.put(uploadId, java.util.List.copyOf(tagSet));
    }
  }

  /**
   * The tags a live upload was created with, or empty if this registry did not see it created (an upload a killed
   * run created, adopted on resume).
   */
  java.util.Optional<java.util.List<software.amazon.awssdk.services.s3.model.Tag>> tagsOf(String uploadId) {
    return java.util.Optional.ofNullable(tags.get(uploadId));
  }

  /** Whether {@code uploadId} was registered and is neither finished nor aborted. */
  boolean holds(String uploadId) {
    return live.containsKey(uploadId);
  }

  public int liveCount() {
    return live.size();
  }

  /**
   * Aborts every upload still live and closes the registry: later registrations are refused.
   *
   * <p>Retries: SDK only. The aborts run on a new thread, whatever the caller's interrupt state (the SDK refuses
   * to send a request from an interrupted thread); the caller waits for them and keeps its interrupt flag. An
   * abort that fails is logged with the command to finish it by hand.
   *
   * @return how many aborts failed
   */
  public int abortAll(S3Client s3) {
    closed = true;
    return onFreshThread(() -> {
      int failed = 0;
      for (Map.Entry<String, S3Location> e : Map.copyOf(live).entrySet()) {
        if (!abort(s3, e.getValue(), e.getKey())) {
          failed++;
        }
      }
      return failed;
    });
  }

  /** Aborts an upload that could not be registered any more (see {@link #started}). Retries: SDK only. */
  public boolean abortNow(S3Client s3, S3Location dest, String uploadId) {
    return onFreshThread(() -> abort(s3, dest, uploadId) ? 1 : 0) == 1;
  }

  private static int onFreshThread(java.util.function.IntSupplier work) {
    java.util.concurrent.atomic.AtomicInteger result = new java.util.concurrent.atomic.AtomicInteger();
    Thread t = new Thread(() -> result.set(work.getAsInt()), "lakecopy-abort-uploads");
    t.setDaemon(true);
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // finish the aborts first; the flag is restored below
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return result.get();
  }

  /** Aborts one upload; true if S3 accepted the abort (or the upload was already gone). */
  boolean abort(S3Client s3, S3Location dest, String uploadId) {
    try {
      s3.abortMultipartUpload(AbortMultipartUploadRequest.builder()
          .bucket(dest.bucket()).key(dest.key()).uploadId(uploadId)
          .overrideConfiguration(io.lakecopy.s3.OperationCounts.onRequest(counts)).build());
      live.remove(uploadId);
      checksums.remove(uploadId);
      LOG.info("Aborted multipart upload {} of {}", uploadId, dest);
      return true;
    } catch (SdkException e) {
      if (S3Errors.classify(e) == io.lakecopy.s3.ErrorKind.NOT_FOUND) {
        tags.remove(uploadId);
        checksums.remove(uploadId);
        live.remove(uploadId); // NoSuchUpload: already completed or aborted; nothing is left to clean up
        return true;
      }
      LOG.warn("Failed to abort multipart upload {} of {} ({}); abort it with: aws s3api abort-multipart-upload"
          + " --bucket {} --key '{}' --upload-id {}", uploadId, dest, S3Errors.describe(e), dest.bucket(),
          dest.key(), uploadId);
      return false;
    }
  }
}
