package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.RequestOptions;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.CopyPartResult;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

class TaskCopierTest {
  private static final String SOURCE_ETAG = "\"9b2cf535f27731c974343645a3985328\"";

  private final FakeS3Client s3 = new FakeS3Client();
  private final TaskCopier copier = new TaskCopier(s3);

  @Test
  void copy_singleObject_sendsIfMatchAndCopyDirective() {
    s3.onCopyObject = r -> copied(SOURCE_ETAG);

    TaskOutcome outcome = copier.copy(single(null));

    CopyObjectRequest request = s3.copyObjectRequests.get(0);
    assertThat(s3.copyObjectRequests).hasSize(1);
    assertThat(request.sourceBucket()).isEqualTo("src-bucket");
    assertThat(request.sourceKey()).isEqualTo("lake/a b+c.parquet");
    assertThat(request.destinationBucket()).isEqualTo("dst-bucket");
    assertThat(request.destinationKey()).isEqualTo("copy/a b+c.parquet");
    assertThat(request.copySourceIfMatch()).isEqualTo(SOURCE_ETAG);
    assertThat(request.metadataDirective()).isEqualTo(MetadataDirective.COPY);
    assertThat(request.storageClassAsString()).isNull();
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome).extracting(TaskOutcome::objectId, TaskOutcome::partNumber, TaskOutcome::eTag,
        TaskOutcome::errorKind).containsExactly(7L, 0, SOURCE_ETAG, null);
    assertThat(s3.headObjectRequests).as("the copy has the planned ETag: nothing to confirm").isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "planned {0}, version {1}, copy {2} -> {3}")
  @org.junit.jupiter.params.provider.CsvSource(nullValues = "null", value = {
      // the same bytes: the same MD5, quoted or not
      "\"9b2cf535f27731c974343645a3985328\", null, \"9b2cf535f27731c974343645a3985328\", false",
      "9b2cf535f27731c974343645a3985328,     null, \"9b2cf535f27731c974343645a3985328\", false",
      // other bytes, or an encryption that makes the ETag no MD5: ask the source
      "\"9b2cf535f27731c974343645a3985328\", null, \"d41d8cd98f00b204e9800998ecf8427e\", true",
      // a multipart source: its copy's ETag is the MD5 of all bytes, never its own -N ETag
      "\"9b2cf535f27731c974343645a3985328-3\", null, \"d41d8cd98f00b204e9800998ecf8427e\", false",
      // S3Mock/S3Proxy-style or opaque ETags: nothing to compare
      "\"e1\", null, \"e2\", false",
      "\"9b2cf535f27731c974343645a3985328\", null, \"e2\", false",
      // a version-pinned copy cannot copy another version
      "\"9b2cf535f27731c974343645a3985328\", v1, \"d41d8cd98f00b204e9800998ecf8427e\", false"})
  void copiedAnotherVersion_onlyTwoDifferentMd5sOfAnUnpinnedCopy(String planned, String version, String result,
      boolean suspect) {
    CopyTask task = new CopyTask(7, "src-bucket", "k", planned, version, "dst-bucket", "k", null, null, 0, 0, 99);

    assertThat(TaskCopier.copiedAnotherVersion(task, result)).isEqualTo(suspect);
  }

  @Test
  void copy_storeIgnoredThePinAndTheSourceChanged_deletesItsCopyIfMatchAndFailsSourceChanged() {
    s3.onCopyObject = r -> copied("\"d41d8cd98f00b204e9800998ecf8427e\"");
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = copier.copy(single(null));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(outcome.message()).contains("ignored the copy's x-amz-copy-source-if-match", "the copy was deleted");
    assertThat(s3.headObjectRequests).singleElement().satisfies(h -> {
      assertThat(h.bucket()).isEqualTo("src-bucket");
      assertThat(h.key()).isEqualTo("lake/a b+c.parquet");
      assertThat(h.ifMatch()).isEqualTo(SOURCE_ETAG);
    });
    assertThat(s3.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.bucket()).isEqualTo("dst-bucket");
      assertThat(d.key()).isEqualTo("copy/a b+c.parquet");
      assertThat(d.ifMatch()).as("only the copy this request wrote").isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
    });
  }

  @Test
  void copy_kmsOrSseCEncryptedCopy_itsETagSaysNothingOfTheSource_noHead() {
    s3.onCopyObject = r -> CopyObjectResponse.builder().serverSideEncryption("aws:kms")
        .copyObjectResult(CopyObjectResult.builder().eTag("\"d41d8cd98f00b204e9800998ecf8427e\"").build()).build();
    assertThat(copier.copy(single(null)).succeeded()).isTrue();
    s3.onCopyObject = r -> CopyObjectResponse.builder().sseCustomerAlgorithm("AES256")
        .copyObjectResult(CopyObjectResult.builder().eTag("\"d41d8cd98f00b204e9800998ecf8427e\"").build()).build();
    assertThat(copier.copy(single(null)).succeeded()).isTrue();

    assertThat(s3.headObjectRequests).isEmpty();
  }

  @Test
  void copy_storeIgnoredThePinAndTheSourceIsGone_failsSourceChanged() {
    s3.onCopyObject = r -> copied("\"d41d8cd98f00b204e9800998ecf8427e\"");
    s3.onHeadObject = r -> {
      throw s3Error(404, "NoSuchKey");
    };

    assertThat(copier.copy(single(null)).errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
  }

  @Test
  void copy_otherETagButTheSourceStillHasThePlannedOne_isCopied() {
    s3.onCopyObject = r -> copied("\"d41d8cd98f00b204e9800998ecf8427e\"");
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).build();

    TaskOutcome outcome = copier.copy(single(null));

    assertThat(outcome.succeeded()).as("an encryption that changes the ETag").isTrue();
    assertThat(s3.deleteRequests).isEmpty();
  }

  @Test
  void copy_storeIgnoredThePinAndTheDeleteFails_failsNamingTheKeyThatHoldsTheNewerSource() {
    s3.onCopyObject = r -> copied("\"d41d8cd98f00b204e9800998ecf8427e\"");
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onDeleteObject = r -> {
      throw s3Error(403, "AccessDenied");
    };

    TaskOutcome outcome = copier.copy(single(null));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(outcome.message()).contains("deleting the copy failed", "s3://dst-bucket/copy/a b+c.parquet");
  }

  @Test
  void copy_singleObjectWithStorageClass_sendsStorageClass() {
    s3.onCopyObject = r -> copied("\"e1\"");

    copier.copy(single("GLACIER_IR"));

    assertThat(s3.copyObjectRequests).singleElement()
        .extracting(CopyObjectRequest::storageClassAsString).isEqualTo("GLACIER_IR");
  }

  @Test
  void copy_part_sendsRangeUploadIdPartNumberAndIfMatch() {
    s3.onUploadPartCopy = r -> UploadPartCopyResponse.builder()
        .copyPartResult(CopyPartResult.builder().eTag("\"part-etag\"").build()).build();

    TaskOutcome outcome = copier.copy(part(3, 10_485_760, 15_728_639));

    UploadPartCopyRequest request = s3.uploadPartCopyRequests.get(0);
    assertThat(s3.uploadPartCopyRequests).hasSize(1);
    assertThat(s3.copyObjectRequests).isEmpty();
    assertThat(request.sourceBucket()).isEqualTo("src-bucket");
    assertThat(request.sourceKey()).isEqualTo("lake/big.parquet");
    assertThat(request.destinationBucket()).isEqualTo("dst-bucket");
    assertThat(request.destinationKey()).isEqualTo("copy/big.parquet");
    assertThat(request.copySourceRange()).isEqualTo("bytes=10485760-15728639");
    assertThat(request.uploadId()).isEqualTo("upload-1");
    assertThat(request.partNumber()).isEqualTo(3);
    assertThat(request.copySourceIfMatch()).isEqualTo(SOURCE_ETAG);
    assertThat(outcome).extracting(TaskOutcome::objectId, TaskOutcome::partNumber, TaskOutcome::eTag)
        .containsExactly(4L, 3, "\"part-etag\"");
  }

  @Test
  void copy_withKmsKeyMap_headsThePinnedSourceAsCopySourceThenNamesTheMappedKey() {
    Encryption keys = new Encryption("aws:kms:dsse", null, false, Map.of("src-key-1", "dst-key-1"));
    TaskCopier mapping = new TaskCopier(s3, keys);
    s3.onHeadObject = r -> HeadObjectResponse.builder().ssekmsKeyId("arn:aws:kms:us-east-1:111122223333:key/src-key-1")
        .build();
    s3.onCopyObject = r -> copied("\"e1\"");

    TaskOutcome outcome = mapping.copy(single(null));

    assertThat(outcome.succeeded()).isTrue();
    HeadObjectRequest head = s3.headObjectRequests.get(0);
    assertThat(head.bucket()).isEqualTo("src-bucket");
    assertThat(head.key()).isEqualTo("lake/a b+c.parquet");
    assertThat(head.ifMatch()).isEqualTo(SOURCE_ETAG);
    assertThat(head.overrideConfiguration().orElseThrow().executionAttributes()
        .getAttribute(RequestOptions.READS_COPY_SOURCE)).isTrue();
    CopyObjectRequest copy = s3.copyObjectRequests.get(0);
    assertThat(copy.serverSideEncryptionAsString()).isEqualTo("aws:kms:dsse");
    assertThat(copy.ssekmsKeyId()).isEqualTo("dst-key-1");
  }

  @Test
  void copy_withKmsKeyMapSourceUnderAnotherKey_copiesWithoutNamingAKey() {
    TaskCopier mapping = new TaskCopier(s3, new Encryption(null, null, false, Map.of("src-key-1", "dst-key-1")));
    s3.onHeadObject = r -> HeadObjectResponse.builder().ssekmsKeyId("arn:aws:kms:us-east-1:1:key/other").build();
    s3.onCopyObject = r -> copied("\"e1\"");

    mapping.copy(single(null));

    assertThat(s3.copyObjectRequests.get(0).serverSideEncryption()).isNull();
    assertThat(s3.copyObjectRequests.get(0).ssekmsKeyId()).isNull();
  }

  @Test
  void copy_withKmsKeyMapSourceChangedAtTheHead_failsSourceChangedWithoutCopying() {
    TaskCopier mapping = new TaskCopier(s3, new Encryption(null, null, false, Map.of("a", "b")));
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = mapping.copy(single(null));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(s3.copyObjectRequests).isEmpty();
  }

  @Test
  void copy_withoutKeyMap_sendsNoHead() {
    s3.onCopyObject = r -> copied("\"e1\"");

    new TaskCopier(s3, new Encryption("aws:kms", "k", true, Map.of())).copy(single(null));

    assertThat(s3.headObjectRequests).isEmpty();
    assertThat(s3.copyObjectRequests.get(0).serverSideEncryption()).as("the interceptor adds --sse, not the copier")
        .isNull();
  }

  @Test
  void copy_sourceChanged412_returnsFailedOutcome() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = copier.copy(single(null));

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(outcome.eTag()).isNull();
    assertThat(outcome.message()).contains("412", "PreconditionFailed");
  }

  @Test
  void copy_partThrottled_returnsFailedOutcome() {
    s3.onUploadPartCopy = r -> {
      throw s3Error(503, "SlowDown");
    };

    TaskOutcome outcome = copier.copy(part(2, 0, 99));

    assertThat(outcome).extracting(TaskOutcome::partNumber, TaskOutcome::errorKind)
        .containsExactly(2, ErrorKind.THROTTLED);
  }

  @Test
  void copy_connectionFailure_returnsNetworkOutcome() {
    s3.onCopyObject = r -> {
      throw SdkClientException.builder().message("Unable to execute HTTP request")
          .cause(new IOException("Connection refused")).build();
    };

    assertThat(copier.copy(single(null)).errorKind()).isEqualTo(ErrorKind.NETWORK);
  }

  @Test
  void copy_200WithoutETag_returnsServerError() {
    s3.onCopyObject = r -> CopyObjectResponse.builder().copyObjectResult(CopyObjectResult.builder().build()).build();

    TaskOutcome outcome = copier.copy(single(null));

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(outcome.message()).contains("ETag");
  }

  @Test
  void copy_200WithoutResult_returnsServerError() {
    s3.onCopyObject = r -> CopyObjectResponse.builder().build();
    s3.onUploadPartCopy = r -> UploadPartCopyResponse.builder().build();

    assertThat(copier.copy(single(null)).errorKind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(copier.copy(part(1, 0, 9)).errorKind()).isEqualTo(ErrorKind.SERVER_ERROR);
  }

  static CopyTask single(String storageClass) {
    return new CopyTask(7, "src-bucket", "lake/a b+c.parquet", SOURCE_ETAG, null, "dst-bucket", "copy/a b+c.parquet",
        storageClass, null, 0, 0, 99);
  }

  static CopyTask part(int partNumber, long firstByte, long lastByte) {
    return new CopyTask(4, "src-bucket", "lake/big.parquet", SOURCE_ETAG, null, "dst-bucket", "copy/big.parquet", null,
        "upload-1", partNumber, firstByte, lastByte);
  }

  static CopyObjectResponse copied(String eTag) {
    return CopyObjectResponse.builder().copyObjectResult(CopyObjectResult.builder().eTag(eTag).build()).build();
  }
}
