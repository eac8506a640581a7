package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.S3ClientSettings;
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
 * (also run from a shutdown hook) aborts whatever is left, so no upload outlives the run.
 */
public final class UploadRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(UploadRegistry.class);

  private final Map<String, S3Location> live = new ConcurrentHashMap<>();

  void started(S3Location dest, String uploadId) {
    live.put(requireNonNull(uploadId, "uploadId is null"), requireNonNull(dest, "dest is null"));
  }

  void finished(String uploadId) {
    live.remove(uploadId);
  }

  public int liveCount() {
    return live.size();
  }

  /**
   * Aborts every upload still live.
   *
   * <p>Retries: SDK only. An abort that fails is logged with the command to finish it by hand.
   *
   * @return how many aborts failed
   */
  public int abortAll(S3Client s3) {
    int failed = 0;
    for (Map.Entry<String, S3Location> e : Map.copyOf(live).entrySet()) {
      if (!abort(s3, e.getValue(), e.getKey())) {
        failed++;
      }
    }
    return failed;
  }

  /** Aborts one upload; true if S3 accepted the abort (or the upload was already gone). */
  boolean abort(S3Client s3, S3Location dest, String uploadId) {
    try {
      s3.abortMultipartUpload(AbortMultipartUploadRequest.builder()
          .bucket(dest.bucket()).key(dest.key()).uploadId(uploadId).build());
      live.remove(uploadId);
      LOG.info("Aborted multipart upload {} of {}", uploadId, dest);
      return true;
    } catch (SdkException e) {
      if (S3Errors.classify(e) == io.lakecopy.s3.ErrorKind.NOT_FOUND) {
        live.remove(uploadId); // NoSuchUpload: already completed or aborted; nothing is left to clean up
        return true;
      }
      LOG.warn("Failed to abort multipart upload {} of {} ({}); abort it with: aws s3api abort-multipart-upload"
          + " --bucket {} --key '{}' --upload-id {}", uploadId, dest, S3Errors.describe(e), dest.bucket(),
          dest.key(), uploadId);
      return false;
    }
  }

  /**
   * Aborts uploads of {@code destKeys} under {@code prefix} that S3 lists as started since {@code since}
   * but this registry never learned of: a CreateMultipartUpload whose response was lost and which the
   * SDK retried leaves such an upload behind.
   *
   * <p>Retries: SDK only.
   *
   * @return how many were aborted
   */
  public int sweepOrphans(S3Client s3, S3Location prefix, java.util.Set<String> destKeys, java.time.Instant since) {
    int aborted = 0;
    try {
      for (var upload : s3.listMultipartUploadsPaginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key())).uploads()) {
        boolean ours = destKeys.contains(upload.key()) && upload.initiated() != null
            && !upload.initiated().isBefore(since) && !live.containsKey(upload.uploadId());
        if (ours && abort(s3, new S3Location(prefix.bucket(), upload.key()), upload.uploadId())) {
          aborted++;
        }
      }
    } catch (SdkException e) {
      LOG.warn("Could not list multipart uploads under {} to look for orphans: {}", prefix, S3Errors.describe(e));
    }
    return aborted;
  }

  /** A JVM shutdown hook that aborts what is left, with a client of its own. */
  public Thread shutdownHook(S3ClientSettings destClient) {
    return new Thread(() -> {
      if (live.isEmpty()) {
        return;
      }
      LOG.warn("Stopping with {} multipart uploads in progress; aborting them", live.size());
      try (S3Client s3 = destClient.create()) {
        abortAll(s3);
      }
    }, "lakecopy-abort-uploads");
  }
}
