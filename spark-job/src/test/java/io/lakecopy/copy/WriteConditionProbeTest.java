package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

class WriteConditionProbeTest {
  private final FakeS3Client s3 = new FakeS3Client();
  private final WriteConditionProbe probe = new WriteConditionProbe(s3);
  private final S3Location dest = new S3Location("dst-bucket", "lake/copy/");
  private final Optional<S3Location> source = Optional.of(new S3Location("src-bucket", "lake/a.json"));

  {
    s3.onPutObject = r -> PutObjectResponse.builder().eTag("\"empty\"").build();
    s3.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("probe-upload").build();
    s3.onUploadPart = r -> UploadPartResponse.builder().eTag("\"one-byte\"").build();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "null", value = {
      // only a 412 proves the condition honoured
      "SOURCE_CHANGED, true",
      // a write over the probe proves it ignored
      "null, false",
      // anything else (a store that rejects the header) proves nothing: the condition is not sent
      "REQUEST_REJECTED, false", "ACCESS_DENIED, false", "SERVER_ERROR, false", "OTHER, false"})
  void honoured_onlyA412ProvesIt(ErrorKind answer, boolean honoured) {
    assertThat(WriteConditionProbe.honoured(Optional.ofNullable(answer))).isEqualTo(honoured);
  }

  @Test
  void storeHonoursBoth_412sThenTheUploadIsAbortedAndTheProbeDeletedOnItsETag() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onComplete = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    assertThat(probe.probe(source, dest, true)).isEqualTo(new WriteConditions(true, true));

    String key = s3.putRequests.get(0).key();
    assertThat(key).startsWith("lake/copy/_lakecopy-probe-");
    assertThat(s3.copyObjectRequests).singleElement().satisfies(c -> {
      assertThat(c.destinationKey()).isEqualTo(key);
      assertThat(c.ifNoneMatch()).isEqualTo("*");
    });
    assertThat(s3.completeRequests).singleElement().satisfies(c -> assertThat(c.ifNoneMatch()).isEqualTo("*"));
    assertThat(s3.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("probe-upload");
    assertThat(s3.deleteRequests).extracting(DeleteObjectRequest::key, DeleteObjectRequest::ifMatch)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(key, "\"empty\""));
  }

  @Test
  void storeHonoursOnlyComplete_asS3MockAndS3Proxy_copiesAreUnconditional() {
    s3.onCopyObject = r -> CopyObjectResponse.builder()
        .copyObjectResult(CopyObjectResult.builder().eTag("\"copied\"").build()).build();
    s3.onComplete = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    assertThat(probe.probe(source, dest, true)).isEqualTo(new WriteConditions(false, true));
    assertThat(s3.deleteRequests).extracting(DeleteObjectRequest::ifMatch).as("the key holds the probe's copy now")
        .containsExactly("\"copied\"");
  }

  @Test
  void storeIgnoresBoth_asRgw162_onAVersionedBucket_everyVersionOfTheProbeIsDeleted() {
    s3.onPutObject = r -> PutObjectResponse.builder().eTag("\"empty\"").versionId("v1").build();
    s3.onCopyObject = r -> CopyObjectResponse.builder().versionId("v2")
        .copyObjectResult(CopyObjectResult.builder().eTag("\"copied\"").build()).build();
    s3.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag("\"x-1\"").versionId("v3").build();

    assertThat(probe.probe(source, dest, true)).isEqualTo(WriteConditions.OFF);
    assertThat(s3.abortRequests).as("completed: nothing left to abort").isEmpty();
    assertThat(s3.deleteRequests).extracting(DeleteObjectRequest::versionId).containsExactly("v1", "v2", "v3");
  }

  @Test
  void storeRejectsTheHeader_conditionsOff_andNoMultipartProbeWithoutMultipartCopies() {
    s3.onCopyObject = r -> {
      throw s3Error(400, "InvalidArgument");
    };

    assertThat(probe.probe(source, dest, false)).isEqualTo(WriteConditions.OFF);
    assertThat(s3.completeRequests).isEmpty();
    assertThat(s3.abortRequests).isEmpty();
  }

  @Test
  void probeCannotBeWritten_conditionsOffAndNothingElseSent() {
    s3.onPutObject = r -> {
      throw s3Error(403, "AccessDenied");
    };

    assertThat(probe.probe(source, dest, true)).isEqualTo(WriteConditions.OFF);
    assertThat(s3.copyObjectRequests).isEmpty();
    assertThat(s3.completeRequests).isEmpty();
  }
}
