package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

class CopySourceProbeTest {
  private static final String COPY_ETAG = "\"3f1c2d9b0a8e7f6d5c4b3a2918070605\"";

  private final FakeS3Client s3 = new FakeS3Client();
  private final CopySourceProbe probe = new CopySourceProbe(s3);
  private final S3Location source = new S3Location("src-bucket", "lake/small.csv");
  private final S3Location dest = new S3Location("dst-bucket", "lake/copy/");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "null", value = {
      // only a 412 proves the condition honoured
      "SOURCE_CHANGED, CONDITION",
      // a copy proves it ignored
      "null, SOURCE_HEAD",
      // anything else proves nothing: check the source as if ignored
      "ACCESS_DENIED, SOURCE_HEAD", "NOT_FOUND, SOURCE_HEAD", "REQUEST_REJECTED, SOURCE_HEAD",
      "SERVER_ERROR, SOURCE_HEAD", "THROTTLED, SOURCE_HEAD", "NETWORK, SOURCE_HEAD", "INTERRUPTED, SOURCE_HEAD"})
  void pin_onlyA412ProvesTheConditionHonoured(ErrorKind answer, SourcePins.Pin pin) {
    assertThat(CopySourceProbe.pin(Optional.ofNullable(answer))).isEqualTo(pin);
  }

  @Test
  void storeHonoursTheCondition_bothRequestsAnswer412AndNothingIsWrittenOrDeleted() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("u1").build();
    s3.onUploadPartCopy = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    SourcePins pins = probe.probe(source, dest, true);

    assertThat(pins).isEqualTo(new SourcePins(SourcePins.Pin.CONDITION, SourcePins.Pin.CONDITION));
    assertThat(s3.copyObjectRequests).singleElement().satisfies(c -> {
      assertThat(c.sourceBucket()).isEqualTo("src-bucket");
      assertThat(c.sourceKey()).isEqualTo("lake/small.csv");
      assertThat(c.destinationBucket()).isEqualTo("dst-bucket");
      assertThat(c.destinationKey()).startsWith("lake/copy/_lakecopy-probe-");
      assertThat(c.copySourceIfMatch()).isEqualTo(CopySourceProbe.NO_OBJECT_HAS_IT);
    });
    String key = s3.copyObjectRequests.get(0).destinationKey();
    assertThat(s3.createRequests).singleElement().satisfies(c -> assertThat(c.key()).isEqualTo(key));
    assertThat(s3.uploadPartCopyRequests).singleElement().satisfies(p -> {
      assertThat(p.sourceKey()).isEqualTo("lake/small.csv");
      assertThat(p.copySourceRange()).as("one byte, were it copied").isEqualTo("bytes=0-0");
      assertThat(p.copySourceIfMatch()).isEqualTo(CopySourceProbe.NO_OBJECT_HAS_IT);
      assertThat(p.uploadId()).isEqualTo("u1");
    });
    assertThat(s3.abortRequests).singleElement().satisfies(a -> assertThat(a.uploadId()).isEqualTo("u1"));
    assertThat(s3.deleteRequests).as("nothing was copied, so nothing is deleted").isEmpty();
    assertThat(s3.putRequests).isEmpty();
  }

  @Test
  void storeIgnoresTheCondition_sourceHeadAndTheCopyIsDeletedByItsVersion() {
    s3.onCopyObject = r -> CopyObjectResponse.builder().versionId("v-copy")
        .copyObjectResult(CopyObjectResult.builder().eTag(COPY_ETAG).build()).build();
    s3.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("u1").build();
    s3.onUploadPartCopy = r -> UploadPartCopyResponse.builder().build();

    SourcePins pins = probe.probe(source, dest, true);

    assertThat(pins).isEqualTo(SourcePins.UNPROBED);
    assertThat(pins.describe()).contains("pinned source HEAD");
    String key = s3.copyObjectRequests.get(0).destinationKey();
    assertThat(s3.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.key()).isEqualTo(key);
      assertThat(d.versionId()).isEqualTo("v-copy");
    });
    assertThat(s3.abortRequests).hasSize(1);
  }

  @Test
  void storeIgnoresTheConditionUnversioned_theCopyIsDeletedOnlyWhileItHoldsItsETag() {
    s3.onCopyObject = r -> CopyObjectResponse.builder()
        .copyObjectResult(CopyObjectResult.builder().eTag(COPY_ETAG).build()).build();

    probe.probe(source, dest, false);

    assertThat(s3.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.versionId()).isNull();
      assertThat(d.ifMatch()).isEqualTo(COPY_ETAG);
    });
  }

  @Test
  void storeCopiesWithoutSayingWhat_nothingIsDeleted() {
    s3.onCopyObject = r -> CopyObjectResponse.builder().build();

    assertThat(probe.probe(source, dest, false).copyObject()).isEqualTo(SourcePins.Pin.SOURCE_HEAD);
    assertThat(s3.deleteRequests).as("no delete that does not name what it deletes").isEmpty();
  }

  @Test
  void honouredOnCopyObjectIgnoredOnUploadPartCopy_eachRequestItsOwnPin() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("u1").build();
    s3.onUploadPartCopy = r -> UploadPartCopyResponse.builder().build();

    assertThat(probe.probe(source, dest, true))
        .isEqualTo(new SourcePins(SourcePins.Pin.CONDITION, SourcePins.Pin.SOURCE_HEAD));
    assertThat(s3.abortRequests).as("the byte the store copied goes with its upload").hasSize(1);
  }

  @Test
  void noMultipartCopyPlanned_uploadPartCopyNotProbed() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    assertThat(probe.probe(source, dest, false))
        .isEqualTo(new SourcePins(SourcePins.Pin.CONDITION, SourcePins.Pin.SOURCE_HEAD));
    assertThat(s3.events).singleElement().asString().startsWith("CopyObject lake/copy/_lakecopy-probe-");
  }

  @Test
  void copyDeniedAndCreateDenied_unprobedAndNothingLeft() {
    s3.onCopyObject = r -> {
      throw s3Error(403, "AccessDenied");
    };
    s3.onCreate = r -> {
      throw s3Error(403, "AccessDenied");
    };

    assertThat(probe.probe(source, dest, true)).isEqualTo(SourcePins.UNPROBED);
    assertThat(s3.abortRequests).isEmpty();
    assertThat(s3.deleteRequests).isEmpty();
  }

  @Test
  void uploadPartCopyFailsOtherwise_uploadStillAborted() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("u1").build();
    s3.onUploadPartCopy = r -> {
      throw s3Error(500, "InternalError");
    };

    assertThat(probe.probe(source, dest, true).uploadPartCopy()).isEqualTo(SourcePins.Pin.SOURCE_HEAD);
    assertThat(s3.abortRequests).hasSize(1);
  }

  @Test
  void interruptedThread_uploadStillAborted() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("u1").build();
    s3.onUploadPartCopy = r -> {
      Thread.currentThread().interrupt();
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onAbort = r -> {
      assertThat(Thread.currentThread().isInterrupted()).as("aborts run on a thread of their own").isFalse();
      return software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse.builder().build();
    };

    try {
      probe.probe(source, dest, true);
      assertThat(s3.abortRequests).hasSize(1);
      assertThat(Thread.currentThread().isInterrupted()).as("the flag is kept").isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
