package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.S3Location;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * {@link UploadRegistry#unrecorded}: which listed uploads the run reports as not its own. None is ever aborted: a
 * run aborts only uploads whose ids it holds.
 */
class UploadRegistrySweepTest {
  private static final S3Location PREFIX = new S3Location("dst-bucket", "copy/");
  private static final Instant SINCE = Instant.parse("2024-05-01T10:00:00Z");
  private static final Set<String> DEST_KEYS = Set.of("copy/a", "copy/b", "copy/c");

  private final FakeS3Client s3 = new FakeS3Client();
  private final UploadRegistry registry = new UploadRegistry();

  @Test
  void unrecorded_uploadOfADestKeySinceTheRunStartedAndUnknown_reportedNotAborted() {
    listing(upload("copy/a", "orphan-a", SINCE.plusSeconds(5)));

    List<MultipartUpload> found = registry.unrecorded(s3, PREFIX, DEST_KEYS, SINCE);

    assertThat(found).extracting(MultipartUpload::uploadId).containsExactly("orphan-a");
    assertThat(s3.abortRequests).isEmpty();
    assertThat(s3.listUploadsRequests).singleElement().satisfies(r -> {
      assertThat(r.bucket()).isEqualTo("dst-bucket");
      assertThat(r.prefix()).isEqualTo("copy/");
    });
  }

  @Test
  void unrecorded_uploadInitiatedExactlyAtSince_reported() {
    listing(upload("copy/a", "orphan-a", SINCE));

    assertThat(registry.unrecorded(s3, PREFIX, DEST_KEYS, SINCE)).extracting(MultipartUpload::uploadId)
        .containsExactly("orphan-a");
  }

  @Test
  void unrecorded_mixedListing_reportsOnlyUnknownUploadsOfThisRunsKeysSinceItStarted() {
    registry.started(new S3Location("dst-bucket", "copy/b"), "live-b");
    listing(
        upload("copy/a", "orphan-a", SINCE.plusSeconds(1)),
        upload("copy/b", "live-b", SINCE.plusSeconds(2)), // ours and still in use
        upload("copy/c", "older-c", SINCE.minusMillis(1)), // started before the run
        upload("copy/other", "foreign", SINCE.plusSeconds(3)), // a key this run does not write
        upload("copy/c", "no-date-c", null),
        upload("copy/c", "orphan-c", SINCE.plusSeconds(4)));

    List<MultipartUpload> found = registry.unrecorded(s3, PREFIX, DEST_KEYS, SINCE);

    assertThat(found).extracting(MultipartUpload::uploadId).containsExactly("orphan-a", "orphan-c");
    assertThat(s3.abortRequests).isEmpty();
    assertThat(registry.liveCount()).isEqualTo(1);
  }

  @Test
  void unrecorded_listingOnTwoPages_readsBothPages() {
    s3.onListUploads = r -> r.keyMarker() == null
        ? ListMultipartUploadsResponse.builder().isTruncated(true).nextKeyMarker("copy/a")
            .nextUploadIdMarker("orphan-a").uploads(upload("copy/a", "orphan-a", SINCE.plusSeconds(1))).build()
        : ListMultipartUploadsResponse.builder().isTruncated(false)
            .uploads(upload("copy/b", "orphan-b", SINCE.plusSeconds(2))).build();

    List<MultipartUpload> found = registry.unrecorded(s3, PREFIX, DEST_KEYS, SINCE);

    assertThat(found).extracting(MultipartUpload::uploadId).containsExactly("orphan-a", "orphan-b");
    assertThat(s3.listUploadsRequests).extracting(ListMultipartUploadsRequest::keyMarker)
        .containsExactly(null, "copy/a");
  }

  @Test
  void unrecorded_nothingListed_reportsNothing() {
    listing();

    assertThat(registry.unrecorded(s3, PREFIX, DEST_KEYS, SINCE)).isEmpty();
  }

  @Test
  void unrecorded_listingFails_reportsNothingWithoutThrowing() {
    s3.onListUploads = r -> {
      throw s3Error(403, "AccessDenied");
    };

    assertThat(registry.unrecorded(s3, PREFIX, DEST_KEYS, SINCE)).isEmpty();
    assertThat(s3.listUploadsRequests).hasSize(1);
  }

  @Test
  void unrecorded_secondPageFails_keepsTheFirstPage() {
    s3.onListUploads = r -> {
      if (r.keyMarker() != null) {
        throw s3Error(503, "SlowDown");
      }
      return ListMultipartUploadsResponse.builder().isTruncated(true).nextKeyMarker("copy/a")
          .nextUploadIdMarker("orphan-a").uploads(upload("copy/a", "orphan-a", SINCE.plusSeconds(1))).build();
    };

    assertThat(registry.unrecorded(s3, PREFIX, DEST_KEYS, SINCE)).extracting(MultipartUpload::uploadId)
        .containsExactly("orphan-a");
  }

  private void listing(MultipartUpload... uploads) {
    s3.onListUploads = r -> ListMultipartUploadsResponse.builder().bucket(r.bucket()).isTruncated(false)
        .uploads(List.of(uploads)).build();
  }

  private static MultipartUpload upload(String key, String uploadId, Instant initiated) {
    return MultipartUpload.builder().key(key).uploadId(uploadId).initiated(initiated).build();
  }
}
