package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.S3Location;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;

class UploadRegistryTest {
  private static final S3Location A = new S3Location("dst-bucket", "copy/a");
  private static final S3Location B = new S3Location("dst-bucket", "copy/b");

  private final FakeS3Client s3 = new FakeS3Client();
  private final UploadRegistry registry = new UploadRegistry();

  @Test
  void finished_startedUpload_isNoLongerLive() {
    registry.started(A, "upload-a");
    registry.started(B, "upload-b");
    registry.finished("upload-a");

    assertThat(registry.liveCount()).isEqualTo(1);
    assertThat(registry.abortAll(s3)).isZero();
    assertThat(s3.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("upload-b");
  }

  @Test
  void abortAll_oneAbortFails_countsItAndKeepsItLive() {
    registry.started(A, "upload-a");
    registry.started(B, "upload-b");
    s3.onAbort = r -> {
      if (r.uploadId().equals("upload-b")) {
        throw s3Error(500, "InternalError");
      }
      return AbortMultipartUploadResponse.builder().build();
    };

    int failed = registry.abortAll(s3);

    assertThat(failed).isEqualTo(1);
    assertThat(registry.liveCount()).isEqualTo(1);
    assertThat(s3.abortRequests).extracting(AbortMultipartUploadRequest::uploadId)
        .containsExactlyInAnyOrder("upload-a", "upload-b");
    assertThat(s3.abortRequests).filteredOn(r -> r.uploadId().equals("upload-b")).singleElement()
        .satisfies(r -> assertThat(r.key()).isEqualTo("copy/b"));
  }

  @Test
  void abortAll_nothingLive_sendsNothing() {
    assertThat(registry.abortAll(s3)).isZero();
    assertThat(s3.abortRequests).isEmpty();
  }
  @Test
  void abortAll_callerInterrupted_abortsEveryUploadOnAnUninterruptedThreadAndKeepsTheFlag() {
    registry.started(A, "upload-a");
    registry.started(B, "upload-b");
    java.util.List<Boolean> senderInterrupted = new java.util.concurrent.CopyOnWriteArrayList<>();
    s3.onAbort = r -> {
      senderInterrupted.add(Thread.currentThread().isInterrupted());
      return AbortMultipartUploadResponse.builder().build();
    };

    Thread.currentThread().interrupt();
    int failed = registry.abortAll(s3);
    boolean stillInterrupted = Thread.interrupted(); // clears the flag for the other tests

    assertThat(failed).isZero();
    assertThat(stillInterrupted).as("the caller's interrupt flag is kept").isTrue();
    assertThat(s3.abortRequests).extracting(AbortMultipartUploadRequest::uploadId)
        .containsExactlyInAnyOrder("upload-a", "upload-b");
    assertThat(senderInterrupted).containsExactly(false, false);
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void started_afterAbortAll_refusedSoItsCreatorAbortsIt() {
    registry.abortAll(s3);

    assertThat(registry.started(A, "late")).isFalse();
    assertThat(registry.liveCount()).isZero();
    assertThat(registry.abortNow(s3, A, "late")).isTrue();
    assertThat(s3.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("late");
  }

  @Test
  void abort_uploadAlreadyGone_countsAsAborted() {
    registry.started(A, "upload-a");
    s3.onAbort = r -> {
      throw s3Error(404, "NoSuchUpload");
    };

    assertThat(registry.abort(s3, A, "upload-a")).isTrue();
    assertThat(registry.liveCount()).isZero();
  }
}
