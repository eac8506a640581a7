package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.S3Location;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** {@link UploadRegistry#sweepOrphans}: which listed uploads are aborted, and which are left alone. */
class UploadRegistrySweepTest {
  private static final S3Location PREFIX = new S3Location("dst-bucket", "copy/");
  private static final Instant SINCE = Instant.parse("2024-05-01T10:00:00Z");
  private static final Set<String> DEST_KEYS = Set.of("copy/a", "copy/b", "copy/c");

  private final FakeS3Client s3 = new FakeS3Client();
  private final UploadRegistry registry = new UploadRegistry();

  @Test
  void sweepOrphans_uploadOfADestKeySinceTheRunStartedAndUnknown_aborted() {
    listing(upload("copy/a", "orphan-a", SINCE.plusSeconds(5)));

    int aborted = registry.sweepOrphans(s3, PREFIX, DEST_KEYS, SINCE);

    assertThat(aborted).isEqualTo(1);
    assertThat(s3.abortRequests).singleElement().satisfies(r -> {
      assertThat(r.bucket()).isEqualTo("dst-bucket");
      assertThat(r.key()).isEqualTo("copy/a");
      assertThat(r.uploadId()).isEqualTo("orphan-a");
    });
    assertThat(s3.listUploadsRequests).singleElement().satisfies(r -> {
      assertThat(r.bucket()).isEqualTo("dst-bucket");
      assertThat(r.prefix()).isEqualTo("copy/");
    });
  }

  @Test
  void sweepOrphans_uploadInitiatedExactlyAtSince_aborted() {
    listing(upload("copy/a", "orphan-a", SINCE));

    assertThat(registry.sweepOrphans(s3, PREFIX, DEST_KEYS, SINCE)).isEqualTo(1);
    assertThat(s3.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("orphan-a");
  }

  @Test
  void sweepOrphans_mixedListing_abortsOnlyOrphansOfThisRun() {
    registry.started(new S3Location("dst-bucket", "copy/b"), "live-b");
    listing(
        upload("copy/a", "orphan-a", SINCE.plusSeconds(1)),
        upload("copy/b", "live-b", SINCE.plusSeconds(2)), // ours and still in use
        upload("copy/c", "older-c", SINCE.minusMillis(1)), // an earlier run's: not this run's to touch
        upload("copy/other", "foreign", SINCE.plusSeconds(3)), // a key this run does not write
        upload("copy/c", "no-date-c", null),
        upload("copy/c", "orphan-c", SINCE.plusSeconds(4)));

    int aborted = registry.sweepOrphans(s3, PREFIX, DEST_KEYS, SINCE);

    assertThat(aborted).isEqualTo(2);
    assertThat(s3.abortRequests).extracting(AbortMultipartUploadRequest::uploadId)
        .containsExactlyInAnyOrder("orphan-a", "orphan-c");
    assertThat(registry.liveCount()).isEqualTo(1);
  }

  @Test
  void sweepOrphans_listingOnTwoPages_readsBothPages() {
    s3.onListUploads = r -> r.keyMarker() == null
        ? ListMultipartUploadsResponse.builder().isTruncated(true).nextKeyMarker("copy/a")
            .nextUploadIdMarker("orphan-a").uploads(upload("copy/a", "orphan-a", SINCE.plusSeconds(1))).build()
        : ListMultipartUploadsResponse.builder().isTruncated(false)
            .uploads(upload("copy/b", "orphan-b", SINCE.plusSeconds(2))).build();

    int aborted = registry.sweepOrphans(s3, PREFIX, DEST_KEYS, SINCE);

    assertThat(aborted).isEqualTo(2);
    assertThat(s3.abortRequests).extracting(AbortMultipartUploadRequest::uploadId)
        .containsExactlyInAnyOrder("orphan-a", "orphan-b");
    assertThat(s3.listUploadsRequests).extracting(ListMultipartUploadsRequest::keyMarker)
        .containsExactly(null, "copy/a");
  }

  @Test
  void sweepOrphans_abortFails_notCountedAndOthersStillAborted() {
    listing(upload("copy/a", "orphan-a", SINCE.plusSeconds(1)), upload("copy/b", "orphan-b", SINCE.plusSeconds(2)));
    s3.onAbort = r -> {
      if (r.uploadId().equals("orphan-a")) {
        throw s3Error(500, "InternalError");
      }
      return AbortMultipartUploadResponse.builder().build();
    };

    int aborted = registry.sweepOrphans(s3, PREFIX, DEST_KEYS, SINCE);

    assertThat(aborted).isEqualTo(1);
    assertThat(s3.abortRequests).extracting(AbortMultipartUploadRequest::uploadId)
        .containsExactly("orphan-a", "orphan-b");
  }

  @Test
  void sweepOrphans_nothingListed_abortsNothing() {
    listing();

    assertThat(registry.sweepOrphans(s3, PREFIX, DEST_KEYS, SINCE)).isZero();
    assertThat(s3.abortRequests).isEmpty();
  }

  @Test
  void sweepOrphans_listingFails_returnsZeroWithoutThrowing() {
    s3.onListUploads = r -> {
      throw s3Error(403, "AccessDenied");
    };

    int aborted = registry.sweepOrphans(s3, PREFIX, DEST_KEYS, SINCE);

    assertThat(aborted).isZero();
    assertThat(s3.listUploadsRequests).hasSize(1);
    assertThat(s3.abortRequests).isEmpty();
  }

  @Test
  void sweepOrphans_secondPageFails_keepsTheAbortsOfTheFirstPage() {
    s3.onListUploads = r -> {
      if (r.keyMarker() != null) {
        throw s3Error(503, "SlowDown");
      }
      return ListMultipartUploadsResponse.builder().isTruncated(true).nextKeyMarker("copy/a")
          .nextUploadIdMarker("orphan-a").uploads(upload("copy/a", "orphan-a", SINCE.plusSeconds(1))).build();
    };

    int aborted = registry.sweepOrphans(s3, PREFIX, DEST_KEYS, SINCE);

    assertThat(aborted).isEqualTo(1);
    assertThat(s3.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("orphan-a");
  }

  private void listing(MultipartUpload... uploads) {
    s3.onListUploads = r -> ListMultipartUploadsResponse.builder().bucket(r.bucket()).isTruncated(false)
        .uploads(List.of(uploads)).build();
  }

  private static MultipartUpload upload(String key, String uploadId, Instant initiated) {
    return MultipartUpload.builder().key(key).uploadId(uploadId).initiated(initiated).build();
  }
}
