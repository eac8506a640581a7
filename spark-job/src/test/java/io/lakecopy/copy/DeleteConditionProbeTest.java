package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

class DeleteConditionProbeTest {
  private static final String PROBE_ETAG = "\"d41d8cd98f00b204e9800998ecf8427e\"";

  private final FakeS3Client s3 = new FakeS3Client();
  private final DeleteConditionProbe probe = new DeleteConditionProbe(s3);
  private final S3Location dest = new S3Location("dst-bucket", "lake/copy/");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "null", value = {
      // only a 412 proves the condition honoured
      "SOURCE_CHANGED, true",
      // a delete proves it ignored
      "null, false",
      // anything else proves nothing: deletes are treated as not held to their ETag
      "ACCESS_DENIED, false", "NOT_FOUND, false", "REQUEST_REJECTED, false", "SERVER_ERROR, false",
      "THROTTLED, false", "NETWORK, false", "INTERRUPTED, false"})
  void honoured_onlyA412ProvesIt(ErrorKind answer, boolean honoured) {
    assertThat(DeleteConditionProbe.honoured(Optional.ofNullable(answer))).isEqualTo(honoured);
  }

  @Test
  void storeHonoursIfMatch_412ThenTheProbeIsDeletedOnItsOwnETag() {
    s3.onPutObject = r -> PutObjectResponse.builder().eTag(PROBE_ETAG).build();
    s3.onDeleteObject = r -> {
      if (CopySourceProbe.NO_OBJECT_HAS_IT.equals(r.ifMatch())) {
        throw s3Error(412, "PreconditionFailed");
      }
      return DeleteObjectResponse.builder().build();
    };

    assertThat(probe.probe(dest)).isTrue();

    assertThat(s3.putRequests).singleElement().satisfies(p -> {
      assertThat(p.bucket()).isEqualTo("dst-bucket");
      assertThat(p.key()).startsWith("lake/copy/_lakecopy-probe-");
    });
    String key = s3.putRequests.get(0).key();
    assertThat(s3.deleteRequests).extracting(DeleteObjectRequest::key).containsOnly(key);
    assertThat(s3.deleteRequests).extracting(DeleteObjectRequest::ifMatch)
        .containsExactly(CopySourceProbe.NO_OBJECT_HAS_IT, PROBE_ETAG);
  }

  @Test
  void storeIgnoresIfMatchOnAVersionedBucket_falseAndTheVersionAndItsMarkerAreDeleted() {
    s3.onPutObject = r -> PutObjectResponse.builder().eTag(PROBE_ETAG).versionId("v-probe").build();
    s3.onDeleteObject = r -> DeleteObjectResponse.builder().deleteMarker(r.versionId() == null)
        .versionId(r.versionId() == null ? "v-marker" : r.versionId()).build();

    assertThat(probe.probe(dest)).isFalse();

    assertThat(s3.deleteRequests).extracting(DeleteObjectRequest::versionId).containsExactly(null, "v-probe",
        "v-marker");
    assertThat(s3.deleteRequests.subList(1, 3)).extracting(DeleteObjectRequest::ifMatch).containsOnlyNulls();
  }

  @Test
  void storeIgnoresIfMatchUnversioned_falseAndNothingMoreIsDeleted() {
    s3.onPutObject = r -> PutObjectResponse.builder().eTag(PROBE_ETAG).build();

    assertThat(probe.probe(dest)).isFalse();

    assertThat(s3.deleteRequests).singleElement()
        .satisfies(d -> assertThat(d.ifMatch()).isEqualTo(CopySourceProbe.NO_OBJECT_HAS_IT));
  }

  @Test
  void probeCannotBeWritten_falseAndNothingDeleted() {
    s3.onPutObject = r -> {
      throw s3Error(403, "AccessDenied");
    };

    assertThat(probe.probe(dest)).isFalse();

    assertThat(s3.deleteRequests).isEmpty();
  }
}
