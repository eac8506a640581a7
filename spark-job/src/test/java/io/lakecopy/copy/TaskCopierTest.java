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
  /** On a store that honours x-amz-copy-source-if-match and If-Match on DeleteObject (both probes answered 412). */
  private final TaskCopier copier = new TaskCopier(s3, RequestOptions.NONE, null, SourcePins.Pin.CONDITION,
      new OwnWrites(s3, DeleteCondition.HONOURED, o -> { }));

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

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}: planned {1}, version {2}, copy {3}, encrypted {4} -> {5}")
  @org.junit.jupiter.params.provider.CsvSource(nullValues = "null", value = {
      // the same bytes: the same MD5, quoted or not; nothing to ask whatever the store
      "CONDITION,   \"9b2cf535f27731c974343645a3985328\", null, \"9b2cf535f27731c974343645a3985328\", false, false",
      "SOURCE_HEAD, \"9b2cf535f27731c974343645a3985328\", null, \"9b2cf535f27731c974343645a3985328\", false, false",
      "SOURCE_HEAD, 9b2cf535f27731c974343645a3985328,     null, \"9b2cf535f27731c974343645a3985328\", false, false",
      // other bytes, or an encryption that makes the ETag no MD5: ask the source
      "CONDITION,   \"9b2cf535f27731c974343645a3985328\", null, \"d41d8cd98f00b204e9800998ecf8427e\", false, true",
      "SOURCE_HEAD, \"9b2cf535f27731c974343645a3985328\", null, \"d41d8cd98f00b204e9800998ecf8427e\", false, true",
      // a multipart source: its copy's ETag is the MD5 of all bytes, never its own -N ETag; proves nothing
      "CONDITION,   \"9b2cf535f27731c974343645a3985328-3\", null, \"d41d8cd98f00b204e9800998ecf8427e\", false, false",
      "SOURCE_HEAD, \"9b2cf535f27731c974343645a3985328-3\", null, \"d41d8cd98f00b204e9800998ecf8427e\", false, true",
      // S3Mock/S3Proxy-style or opaque ETags: nothing to compare
      "CONDITION,   \"e1\", null, \"e2\", false, false",
      "CONDITION,   \"9b2cf535f27731c974343645a3985328\", null, \"e2\", false, false",
      "SOURCE_HEAD, \"e1\", null, \"e1\", false, true",
      "SOURCE_HEAD, \"9b2cf535f27731c974343645a3985328\", null, \"e2\", false, true",
      // SSE-KMS / SSE-C: the copy's ETag says nothing of the source
      "CONDITION,   \"9b2cf535f27731c974343645a3985328\", null, \"d41d8cd98f00b204e9800998ecf8427e\", true, false",
      "SOURCE_HEAD, \"9b2cf535f27731c974343645a3985328\", null, \"9b2cf535f27731c974343645a3985328\", true, true",
      // a version-pinned copy cannot copy another version
      "CONDITION,   \"9b2cf535f27731c974343645a3985328\", v1, \"d41d8cd98f00b204e9800998ecf8427e\", false, false",
      "SOURCE_HEAD, \"9b2cf535f27731c974343645a3985328-3\", v1, \"d41d8cd98f00b204e9800998ecf8427e\", true, false"})
  void mustAskSource_byPinETagsEncryptionAndVersion(SourcePins.Pin pin, String planned, String version,
      String result, boolean encrypted, boolean ask) {
    CopyTask task = new CopyTask(7, "src-bucket", "k", planned, version, "dst-bucket", "k", null, null, 0, 0, 99);

    assertThat(TaskCopier.mustAskSource(pin, task, result, encrypted)).isEqualTo(ask);
  }

  @Test
  void copy_storeNotProbed_multipartShapedSourceCopiedAndChanged_probesTheDeleteConditionDeletesAndFailsSourceChanged() {
    // --checksum-verify off: no HEAD before the copy, so the copy lands and the HEAD after it finds the change
    TaskCopier unprobed = new TaskCopier(s3, RequestOptions.NONE, null, SourcePins.Pin.SOURCE_HEAD,
        new OwnWrites(s3, DeleteCondition.UNKNOWN, o -> { }), null, new Verification(false, null));
    s3.onCopyObject = r -> copied("\"d41d8cd98f00b204e9800998ecf8427e\"");
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onPutObject = r -> software.amazon.awssdk.services.s3.model.PutObjectResponse.builder().eTag("\"probe\"").build();
    s3.onDeleteObject = r -> {
      if (CopySourceProbe.NO_OBJECT_HAS_IT.equals(r.ifMatch())) {
        throw s3Error(412, "PreconditionFailed"); // the store holds a delete to If-Match
      }
      return software.amazon.awssdk.services.s3.model.DeleteObjectResponse.builder().build();
    };
    CopyTask task = new CopyTask(7, "src-bucket", "k", "\"9b2cf535f27731c974343645a3985328-3\"", null,
        "dst-bucket", "k", null, null, 0, 0, 99);

    TaskOutcome outcome = unprobed.copy(task);

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(s3.headObjectRequests).singleElement().extracting(HeadObjectRequest::ifMatch)
        .isEqualTo("\"9b2cf535f27731c974343645a3985328-3\"");
    assertThat(s3.deleteRequests).as("the probe's failing delete, its clean-up, then the copy, held to its ETag")
        .extracting(r -> r.key().startsWith("_lakecopy-probe-") ? "probe " + r.ifMatch() : r.key() + " " + r.ifMatch())
        .containsExactly("probe " + CopySourceProbe.NO_OBJECT_HAS_IT, "probe \"probe\"",
            "k \"d41d8cd98f00b204e9800998ecf8427e\"");
  }

  @Test
  void copy_storeNotProbed_encryptedCopyOfAnUnchangedSource_headsTheSourceAndSucceeds() {
    TaskCopier unprobed = new TaskCopier(s3);
    s3.onCopyObject = r -> CopyObjectResponse.builder().serverSideEncryption("aws:kms")
        .copyObjectResult(CopyObjectResult.builder().eTag("\"d41d8cd98f00b204e9800998ecf8427e\"").build()).build();
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).build();

    assertThat(unprobed.copy(single(null)).succeeded()).isTrue();
    assertThat(s3.headObjectRequests).singleElement().extracting(HeadObjectRequest::ifMatch).isEqualTo(SOURCE_ETAG);
    assertThat(s3.deleteRequests).isEmpty();
  }

  @Test
  void copy_storeIgnoredThePinAndTheSourceChanged_deletesItsCopyIfMatchAndFailsSourceChanged() {
    s3.onCopyObject = r -> copied("\"d41d8cd98f00b204e9800998ecf8427e\"");
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = copier.copy(single(null));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(outcome.message()).contains("copied it despite the copy's x-amz-copy-source-if-match", "the copy was deleted");
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
    assertThat(outcome.message()).contains("the copy was not deleted (the delete failed",
        "s3://dst-bucket/copy/a b+c.parquet");
  }

  @Test
  void copy_storeIgnoresThePinAndIfMatchOnDelete_unversioned_keepsTheCopyAndFailsNamingTheKey() {
    TaskCopier ignoring = new TaskCopier(s3, RequestOptions.NONE, null, SourcePins.Pin.SOURCE_HEAD,
        new OwnWrites(s3, DeleteCondition.IGNORED, o -> { }));
    s3.onCopyObject = r -> copied("\"d41d8cd98f00b204e9800998ecf8427e\"");
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = ignoring.copy(single(null));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(outcome.message()).contains("the copy was not deleted", "does not hold DeleteObject to If-Match",
        "s3://dst-bucket/copy/a b+c.parquet");
    assertThat(s3.deleteRequests).as("an unconditional delete could remove another writer's object").isEmpty();
  }

  @Test
  void copy_storeIgnoresThePinAndIfMatchOnDelete_versioned_deletesTheCopysVersion() {
    TaskCopier ignoring = new TaskCopier(s3, RequestOptions.NONE, null, SourcePins.Pin.SOURCE_HEAD,
        new OwnWrites(s3, DeleteCondition.IGNORED, o -> { }));
    s3.onCopyObject = r -> CopyObjectResponse.builder().copyObjectResult(CopyObjectResult.builder()
        .eTag("\"d41d8cd98f00b204e9800998ecf8427e\"").build()).versionId("v-copy").build();
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = ignoring.copy(single(null));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(outcome.message()).contains("the copy was deleted");
    assertThat(s3.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.key()).isEqualTo("copy/a b+c.parquet");
      assertThat(d.versionId()).isEqualTo("v-copy");
      assertThat(d.ifMatch()).isNull();
    });
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
    TaskCopier mapping = new TaskCopier(s3, options(keys), null, SourcePins.Pin.CONDITION);
    s3.onHeadObject = r -> HeadObjectResponse.builder().ssekmsKeyId("arn:aws:kms:us-east-1:111122223333:key/src-key-1")
        .build();
    s3.onCopyObject = r -> copied("\"e1\"", "aws:kms:dsse");

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
    TaskCopier mapping = new TaskCopier(s3, options(new Encryption(null, null, false, Map.of("src-key-1", "dst-key-1"))), null,
        SourcePins.Pin.CONDITION);
    s3.onHeadObject = r -> HeadObjectResponse.builder().ssekmsKeyId("arn:aws:kms:us-east-1:1:key/other").build();
    s3.onCopyObject = r -> copied("\"e1\"");

    mapping.copy(single(null));

    assertThat(s3.copyObjectRequests.get(0).serverSideEncryption()).isNull();
    assertThat(s3.copyObjectRequests.get(0).ssekmsKeyId()).isNull();
  }

  @Test
  void copy_withKmsKeyMapSourceChangedAtTheHead_failsSourceChangedWithoutCopying() {
    TaskCopier mapping = new TaskCopier(s3, options(new Encryption(null, null, false, Map.of("a", "b"))), null,
        SourcePins.Pin.CONDITION);
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = mapping.copy(single(null));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(s3.copyObjectRequests).isEmpty();
  }

  @Test
  void copy_withoutKeyMap_sendsNoHead() {
    s3.onCopyObject = r -> copied("\"e1\"", "aws:kms");

    new TaskCopier(s3, options(new Encryption("aws:kms", "k", true, Map.of())), null, SourcePins.Pin.CONDITION)
        .copy(single(null));

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

  static CopyTask held(io.lakecopy.plan.WriteCondition condition) {
    return new CopyTask(7, "src-bucket", "lake/a b+c.parquet", SOURCE_ETAG, null, "dst-bucket", "copy/a b+c.parquet",
        null, null, 0, 0, 99, condition);
  }

  @Test
  void copy_heldToTheListing_sendsIfNoneMatchOrIfMatchAndNothingWhenUnconditional() {
    s3.onCopyObject = r -> copied(SOURCE_ETAG);

    copier.copy(held(io.lakecopy.plan.WriteCondition.of(java.util.Optional.empty())));
    copier.copy(held(new io.lakecopy.plan.WriteCondition(false, "\"old\"")));
    copier.copy(single(null));

    assertThat(s3.copyObjectRequests).extracting(CopyObjectRequest::ifNoneMatch, CopyObjectRequest::ifMatch)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("*", null),
            org.assertj.core.groups.Tuple.tuple(null, "\"old\""), org.assertj.core.groups.Tuple.tuple(null, null));
  }

  @Test
  void copy_heldToTheListing_anotherWriterWroteTheKey_failsDestinationChangedAndDeletesNothing() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    // the source still has the planned ETag; the destination holds another writer's object
    s3.onHeadObject = r -> r.bucket().equals("src-bucket") ? HeadObjectResponse.builder().eTag(SOURCE_ETAG).build()
        : HeadObjectResponse.builder().eTag("\"d41d8cd98f00b204e9800998ecf8427e\"").contentLength(100L).build();

    TaskOutcome outcome = copier.copy(held(io.lakecopy.plan.WriteCondition.of(java.util.Optional.empty())));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.DESTINATION_CHANGED);
    assertThat(outcome.message()).contains("s3://dst-bucket/copy/a b+c.parquet", "If-None-Match: *",
        "not overwritten");
    assertThat(s3.headObjectRequests).extracting(HeadObjectRequest::bucket, HeadObjectRequest::ifMatch)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("src-bucket", SOURCE_ETAG),
            org.assertj.core.groups.Tuple.tuple("dst-bucket", null));
    assertThat(s3.deleteRequests).isEmpty();
  }

  @Test
  void copy_heldToTheListing_412AndTheSourceChanged_failsSourceChanged() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = copier.copy(held(new io.lakecopy.plan.WriteCondition(false, "\"old\"")));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(s3.headObjectRequests).as("the destination is not asked").hasSize(1);
  }

  @Test
  void copy_heldToTheListing_412ToARetryOfItsOwnCopy_theKeyHoldsThePlannedObject_succeeds() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).contentLength(100L).build();

    TaskOutcome outcome = copier.copy(held(io.lakecopy.plan.WriteCondition.of(java.util.Optional.empty())));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.eTag()).isEqualTo(SOURCE_ETAG);
  }

  @Test
  void copy_heldToTheListing_412AndTheKeyHoldsTheSameETagButAnotherSize_failsDestinationChanged() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).contentLength(r.bucket().equals("src-bucket")
        ? 100L : 5L).build();

    assertThat(copier.copy(held(io.lakecopy.plan.WriteCondition.of(java.util.Optional.empty()))).errorKind())
        .isEqualTo(ErrorKind.DESTINATION_CHANGED);
  }

  @Test
  void copy_heldToTheListing_412OnAVersionPinnedCopy_asksThatVersionAndAHeadWithoutSizeProvesNothing() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).build(); // no Content-Length
    CopyTask pinned = new CopyTask(7, "src-bucket", "k", SOURCE_ETAG, "v1", "dst-bucket", "k", null, null, 0, 0, 99,
        io.lakecopy.plan.WriteCondition.of(java.util.Optional.empty()));

    assertThat(copier.copy(pinned).errorKind()).isEqualTo(ErrorKind.DESTINATION_CHANGED);
    assertThat(s3.headObjectRequests).extracting(HeadObjectRequest::bucket, HeadObjectRequest::versionId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("src-bucket", "v1"),
            org.assertj.core.groups.Tuple.tuple("dst-bucket", null));
  }

  @Test
  void copy_unconditional412_isTheSourceConditionsAndAsksNothing() {
    s3.onCopyObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    assertThat(copier.copy(single(null)).errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(s3.headObjectRequests).isEmpty();
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

  static CopyObjectResponse copied(String eTag, String sse) {
    return CopyObjectResponse.builder().copyObjectResult(CopyObjectResult.builder().eTag(eTag).build())
        .serverSideEncryption(sse).build();
  }

  static RequestOptions options(Encryption encryption) {
    return new RequestOptions(false, null, null, null, null, encryption, null);
  }

  // --- the encryption a copy asked for, confirmed where its response does not show it ---

  @Test
  void copy_sseAskedAndShownByTheResponse_sendsNoHead() {
    s3.onCopyObject = r -> copied(SOURCE_ETAG, "AES256");

    TaskOutcome outcome = new TaskCopier(s3, options(new Encryption("AES256", null, false, Map.of())), null,
        SourcePins.Pin.CONDITION).copy(single(null));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(s3.headObjectRequests).isEmpty();
    assertThat(s3.deleteRequests).isEmpty();
  }

  @Test
  void copy_sseAskedNotInTheResponseButShownByAHead_succeeds() {
    s3.onCopyObject = r -> copied(SOURCE_ETAG);
    s3.onHeadObject = r -> HeadObjectResponse.builder().serverSideEncryption("AES256").build();

    TaskOutcome outcome = new TaskCopier(s3, options(new Encryption("AES256", null, false, Map.of())), null,
        SourcePins.Pin.CONDITION).copy(single(null));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(s3.headObjectRequests).singleElement().satisfies(h -> {
      assertThat(h.bucket()).isEqualTo("dst-bucket");
      assertThat(h.ifMatch()).as("the HEAD names the copy it checks").isEqualTo(SOURCE_ETAG);
    });
    assertThat(s3.deleteRequests).isEmpty();
  }

  @Test
  void copy_sseAskedButStoredUnencrypted_failsVerifyAndDeletesExactlyThatCopy() {
    s3.onCopyObject = r -> copied(SOURCE_ETAG);
    s3.onHeadObject = r -> HeadObjectResponse.builder().build();

    TaskOutcome outcome = new TaskCopier(s3, options(new Encryption("aws:kms", "k", false, Map.of())), null,
        SourcePins.Pin.CONDITION, new OwnWrites(s3, DeleteCondition.HONOURED, o -> { })).copy(single(null));

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(outcome.message()).contains("SSE-KMS (aws:kms) was asked for", "unencrypted", "the copy was deleted");
    assertThat(s3.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.key()).isEqualTo(single(null).destKey());
      assertThat(d.ifMatch()).isEqualTo(SOURCE_ETAG);
      assertThat(d.versionId()).isNull();
    });
  }

  @Test
  void copy_sseAskedButStoredUnencryptedOnAVersionedBucket_deletesTheCopysVersion() {
    s3.onCopyObject = r -> CopyObjectResponse.builder().copyObjectResult(CopyObjectResult.builder()
        .eTag(SOURCE_ETAG).build()).versionId("v-copy").build();
    s3.onHeadObject = r -> HeadObjectResponse.builder().build();

    TaskOutcome outcome = new TaskCopier(s3, options(new Encryption("AES256", null, false, Map.of())), null,
        SourcePins.Pin.CONDITION).copy(single(null));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(s3.headObjectRequests.get(0).versionId()).isEqualTo("v-copy");
    assertThat(s3.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.versionId()).as("the version this copy wrote, so an older one is current again")
          .isEqualTo("v-copy");
      assertThat(d.ifMatch()).isNull();
    });
  }

  @Test
  void copy_sseAskedAndTheHeadFails_failsVerifyAndKeepsTheCopy() {
    s3.onCopyObject = r -> copied(SOURCE_ETAG);
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = new TaskCopier(s3, options(new Encryption("AES256", null, false, Map.of())), null,
        SourcePins.Pin.CONDITION).copy(single(null));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(outcome.message()).contains("could not confirm", "kept");
    assertThat(s3.deleteRequests).as("another object may be at the key by now").isEmpty();
  }

  @Test
  void copy_sseCAskedAndShownByTheResponse_sendsNoHead() {
    s3.onCopyObject = r -> CopyObjectResponse.builder().copyObjectResult(CopyObjectResult.builder()
        .eTag("\"not-an-md5\"").build()).sseCustomerAlgorithm("AES256").build();
    RequestOptions sseC = new RequestOptions(false, null, null, io.lakecopy.s3.SseCustomerKey.parse(new byte[32]), null, Encryption.NONE, null);

    TaskOutcome outcome = new TaskCopier(s3, sseC, null, SourcePins.Pin.CONDITION).copy(single(null));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(s3.headObjectRequests).isEmpty();
  }

  @Test
  void copy_nothingAsked_sendsNoHeadWhateverTheResponseSays() {
    s3.onCopyObject = r -> copied(SOURCE_ETAG);

    assertThat(copier.copy(single(null)).succeeded()).isTrue();
    assertThat(s3.headObjectRequests).isEmpty();
  }

  @Test
  void copy_partNeverChecked_itsUploadIsAtCompletion() {
    s3.onUploadPartCopy = r -> UploadPartCopyResponse.builder().copyPartResult(CopyPartResult.builder()
        .eTag("\"p\"").build()).build();

    TaskOutcome outcome = new TaskCopier(s3, options(new Encryption("AES256", null, false, Map.of())), null,
        SourcePins.Pin.CONDITION).copy(part(1, 0, 9));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(s3.headObjectRequests).isEmpty();
  }

  private static final String PARTS_ETAG = "\"9b2cf535f27731c974343645a3985328-3\"";
  private static final String COPY_MD5 = "\"d41d8cd98f00b204e9800998ecf8427e\"";

  private static CopyTask singleOf(String sourceETag) {
    return new CopyTask(7, "src-bucket", "lake/a.parquet", sourceETag, null, "dst-bucket", "copy/a.parquet", null,
        null, 0, 0, 99);
  }

  private static CopyObjectResponse copiedWithCrc64(String eTag, String crc64) {
    return CopyObjectResponse.builder().copyObjectResult(CopyObjectResult.builder().eTag(eTag)
        .checksumCRC64NVME(crc64).checksumType("FULL_OBJECT").build()).build();
  }

  @Test
  void copy_sourceWrittenInParts_readsItsChecksumFirst_asksTheSameAlgorithm_andIsVerifiedByChecksum() {
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(PARTS_ETAG).checksumCRC64NVME("4YgHcu35g5k=")
        .checksumType("FULL_OBJECT").build();
    s3.onCopyObject = r -> copiedWithCrc64(COPY_MD5, "4YgHcu35g5k=");

    TaskOutcome outcome = copier.copy(singleOf(PARTS_ETAG));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.verifiedBy()).isEqualTo("checksum");
    assertThat(outcome.sourceChecksum()).isEqualTo("CRC64NVME:FULL_OBJECT:4YgHcu35g5k=");
    assertThat(outcome.destChecksum()).isEqualTo("CRC64NVME:FULL_OBJECT:4YgHcu35g5k=");
    HeadObjectRequest head = s3.headObjectRequests.get(0);
    assertThat(head.ifMatch()).isEqualTo(PARTS_ETAG);
    assertThat(head.checksumModeAsString()).isEqualTo("ENABLED");
    assertThat(s3.copyObjectRequests.get(0).checksumAlgorithmAsString()).isEqualTo("CRC64NVME");
    assertThat(s3.deleteRequests).isEmpty();
  }

  @Test
  void copy_checksumOfTheCopyDiffers_deletesExactlyItsCopy_andFailsVerifyFailed() {
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(PARTS_ETAG).checksumCRC64NVME("4YgHcu35g5k=").build();
    s3.onCopyObject = r -> copiedWithCrc64(COPY_MD5, "5rjag+5LOD8=");
    s3.onDeleteObject = r -> software.amazon.awssdk.services.s3.model.DeleteObjectResponse.builder().build();

    TaskOutcome outcome = copier.copy(singleOf(PARTS_ETAG));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(outcome.message()).contains("4YgHcu35g5k=").contains("5rjag+5LOD8=").contains("the copy was deleted");
    assertThat(s3.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.key()).isEqualTo("copy/a.parquet");
      assertThat(d.ifMatch()).isEqualTo(COPY_MD5);
    });
  }

  @Test
  void copy_sourceChangedBeforeItsChecksumIsRead_nothingIsCopied() {
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = copier.copy(singleOf(PARTS_ETAG));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(s3.copyObjectRequests).isEmpty();
  }

  @Test
  void copy_sourceWrittenInOneRequest_isVerifiedByEtag_withoutAHead() {
    s3.onCopyObject = r -> copied(SOURCE_ETAG);

    TaskOutcome outcome = copier.copy(single(null));

    assertThat(outcome.verifiedBy()).isEqualTo("etag");
    assertThat(s3.headObjectRequests).isEmpty();
    assertThat(s3.copyObjectRequests.get(0).checksumAlgorithm()).isNull();
  }

  @Test
  void copy_encryptedCopyWithAChecksum_readsTheSourcesAfterTheCopy() {
    s3.onCopyObject = r -> CopyObjectResponse.builder().serverSideEncryption("aws:kms").copyObjectResult(
        CopyObjectResult.builder().eTag(COPY_MD5).checksumCRC32C("QTbruQ==").build()).build();
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).checksumCRC32C("QTbruQ==").build();

    TaskOutcome outcome = copier.copy(single(null));

    assertThat(outcome.verifiedBy()).isEqualTo("checksum");
    assertThat(s3.headObjectRequests).singleElement().satisfies(h -> {
      assertThat(h.checksumModeAsString()).isEqualTo("ENABLED");
      assertThat(h.ifMatch()).isEqualTo(SOURCE_ETAG);
    });
  }

  @Test
  void copy_checksumVerifyOff_neverHeads_andAMultipartSourceIsVerifiedBySizeOnly() {
    TaskCopier off = new TaskCopier(s3, RequestOptions.NONE, null, SourcePins.Pin.CONDITION,
        new OwnWrites(s3, DeleteCondition.HONOURED, o -> { }), null, new Verification(false, null));
    s3.onCopyObject = r -> copied(COPY_MD5);

    TaskOutcome outcome = off.copy(singleOf(PARTS_ETAG));

    assertThat(outcome.verifiedBy()).isEqualTo("size");
    assertThat(s3.headObjectRequests).isEmpty();
  }

  @Test
  void copy_storeRefusesTheChecksumAlgorithm_copiesWithoutIt_andStopsAsking() {
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(PARTS_ETAG).checksumCRC32("AAAAAA==").build();
    s3.onCopyObject = r -> {
      if (r.checksumAlgorithm() != null) {
        throw s3Error(501, "NotImplemented");
      }
      return copied(COPY_MD5);
    };

    assertThat(copier.copy(singleOf(PARTS_ETAG)).verifiedBy()).isEqualTo("size");
    assertThat(copier.copy(singleOf(PARTS_ETAG)).verifiedBy()).isEqualTo("size");

    assertThat(s3.copyObjectRequests).extracting(CopyObjectRequest::checksumAlgorithmAsString)
        .containsExactly("CRC32", null, null);
  }

  @Test
  void copy_flagAlgorithm_isAskedWhereTheSourceHasNone() {
    TaskCopier withFlag = new TaskCopier(s3, RequestOptions.NONE, null, SourcePins.Pin.CONDITION,
        new OwnWrites(s3, DeleteCondition.HONOURED, o -> { }), null, new Verification(true, "CRC32C"));
    s3.onCopyObject = r -> copied(SOURCE_ETAG);

    withFlag.copy(single(null));

    assertThat(s3.copyObjectRequests.get(0).checksumAlgorithmAsString()).isEqualTo("CRC32C");
  }

  @Test
  void copy_part_carriesThePartsChecksum() {
    s3.onUploadPartCopy = r -> UploadPartCopyResponse.builder().copyPartResult(CopyPartResult.builder()
        .eTag("\"p1\"").checksumCRC64NVME("4YgHcu35g5k=").build()).build();

    TaskOutcome outcome = copier.copy(part(1, 0, 99));

    assertThat(outcome.destChecksum()).isEqualTo("CRC64NVME:FULL_OBJECT:4YgHcu35g5k=");
    assertThat(outcome.verifiedBy()).isNull();
  }

  private TaskCopier locking() {
    return new TaskCopier(s3, RequestOptions.NONE, null, SourcePins.Pin.CONDITION,
        new OwnWrites(s3, DeleteCondition.HONOURED, o -> { }), null, new Verification(true, null, true));
  }

  @Test
  void copy_objectLockCopy_locksTheCopysVersionAfterItIsVerified_withTheSourcesRetentionAndHold() {
    java.time.Instant until = java.time.Instant.parse("2027-01-01T00:00:00Z");
    s3.onCopyObject = r -> CopyObjectResponse.builder().versionId("v-copy").copySourceVersionId("v-src")
        .copyObjectResult(CopyObjectResult.builder().eTag(SOURCE_ETAG).build()).build();
    s3.onGetObjectRetention = r -> software.amazon.awssdk.services.s3.model.GetObjectRetentionResponse.builder()
        .retention(x -> x.mode("COMPLIANCE").retainUntilDate(until)).build();
    s3.onGetObjectLegalHold = r -> software.amazon.awssdk.services.s3.model.GetObjectLegalHoldResponse.builder()
        .legalHold(h -> h.status("ON")).build();

    TaskOutcome outcome = locking().copy(single(null));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.message()).isEqualTo("Object Lock set after verification: COMPLIANCE until " + until
        + ", legal hold");
    assertThat(s3.events).containsSubsequence("CopyObject copy/a b+c.parquet", "GetObjectRetention lake/a b+c.parquet",
        "GetObjectLegalHold lake/a b+c.parquet", "PutObjectRetention copy/a b+c.parquet v-copy",
        "PutObjectLegalHold copy/a b+c.parquet v-copy");
    assertThat(s3.putRetentionRequests.get(0).retention().retainUntilDate()).isEqualTo(until);
  }

  @Test
  void copy_objectLockCopy_sourceWithoutALock_setsNone() {
    s3.onCopyObject = r -> CopyObjectResponse.builder().versionId("v-copy")
        .copyObjectResult(CopyObjectResult.builder().eTag(SOURCE_ETAG).build()).build();
    s3.onGetObjectRetention = r -> {
      throw s3Error(404, "NoSuchObjectLockConfiguration");
    };
    s3.onGetObjectLegalHold = r -> {
      throw s3Error(404, "NoSuchObjectLockConfiguration");
    };

    TaskOutcome outcome = locking().copy(single(null));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.message()).isNull();
    assertThat(s3.putRetentionRequests).isEmpty();
    assertThat(s3.putLegalHoldRequests).isEmpty();
  }

  @Test
  void copy_objectLockCopy_copyThatFailsVerification_isDeletedAndNeverLocked() {
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(PARTS_ETAG).checksumCRC64NVME("4YgHcu35g5k=").build();
    s3.onCopyObject = r -> CopyObjectResponse.builder().versionId("v-copy").copyObjectResult(CopyObjectResult
        .builder().eTag(COPY_MD5).checksumCRC64NVME("5rjag+5LOD8=").build()).build();

    TaskOutcome outcome = locking().copy(singleOf(PARTS_ETAG));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(s3.events).noneMatch(e -> e.startsWith("GetObjectRetention") || e.startsWith("PutObject"));
    assertThat(s3.deleteRequests).singleElement().extracting(r -> r.versionId()).isEqualTo("v-copy");
  }

  @Test
  void copy_objectLockCopy_copyResponseWithoutAVersionId_locksTheVersionAHeadPinnedToTheCopysETagFinds() {
    s3.onCopyObject = r -> copied(SOURCE_ETAG);
    s3.onGetObjectRetention = r -> software.amazon.awssdk.services.s3.model.GetObjectRetentionResponse.builder()
        .retention(x -> x.mode("GOVERNANCE").retainUntilDate(java.time.Instant.parse("2027-01-01T00:00:00Z")))
        .build();
    s3.onGetObjectLegalHold = r -> software.amazon.awssdk.services.s3.model.GetObjectLegalHoldResponse.builder()
        .build();
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).versionId("v-head").build();

    TaskOutcome outcome = locking().copy(single(null));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(s3.headObjectRequests).singleElement().satisfies(h -> {
      assertThat(h.key()).isEqualTo("copy/a b+c.parquet");
      assertThat(h.ifMatch()).isEqualTo(SOURCE_ETAG);
    });
    assertThat(s3.putRetentionRequests).singleElement().extracting(r -> r.versionId()).isEqualTo("v-head");
  }

  @Test
  void copy_objectLockCopy_keyRewrittenBeforeItsVersionIsFound_nothingIsLocked() {
    for (boolean rewritten : new boolean[] {true, false}) {
      FakeS3Client store = new FakeS3Client();
      store.onCopyObject = r -> copied(SOURCE_ETAG);
      store.onGetObjectRetention = r -> software.amazon.awssdk.services.s3.model.GetObjectRetentionResponse
          .builder().retention(x -> x.mode("GOVERNANCE").retainUntilDate(java.time.Instant.parse(
              "2027-01-01T00:00:00Z"))).build();
      store.onGetObjectLegalHold = r -> software.amazon.awssdk.services.s3.model.GetObjectLegalHoldResponse
          .builder().build();
      store.onHeadObject = r -> {
        if (rewritten) {
          throw s3Error(412, "PreconditionFailed"); // another writer's object is at the key now
        }
        return HeadObjectResponse.builder().eTag(SOURCE_ETAG).build(); // an unversioned answer
      };
      TaskCopier copier = new TaskCopier(store, RequestOptions.NONE, null, SourcePins.Pin.CONDITION,
          new OwnWrites(store, DeleteCondition.HONOURED, o -> { }), null, new Verification(true, null, true));

      TaskOutcome outcome = copier.copy(single(null));

      assertThat(outcome.succeeded()).isFalse();
      assertThat(outcome.message()).contains("not locked", "s3://dst-bucket/copy/a b+c.parquet");
      assertThat(store.putRetentionRequests).as("rewritten: %s", rewritten).isEmpty();
    }
  }

  @Test
  void copy_kmsKeyMap_oneHeadOfTheSourceReadsItsKeyAndTheChecksumTheEncryptedCopyIsProvedBy() {
    String sourceKey = "arn:aws:kms:us-east-1:111122223333:key/a";
    TaskCopier mapped = new TaskCopier(s3, new RequestOptions(false, null, null, null, null, new Encryption(null, null,
        false, Map.of(sourceKey, "alias/dest-a")), null), null, SourcePins.Pin.CONDITION,
        new OwnWrites(s3, DeleteCondition.HONOURED, o -> { }), null, Verification.DEFAULT);
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).ssekmsKeyId(sourceKey)
        .serverSideEncryption("aws:kms").checksumCRC32("AAAAAA==").build();
    s3.onCopyObject = r -> CopyObjectResponse.builder().serverSideEncryption("aws:kms").ssekmsKeyId("alias/dest-a")
        .copyObjectResult(CopyObjectResult.builder().eTag(COPY_MD5).checksumCRC32("AAAAAA==").build()).build();

    TaskOutcome outcome = mapped.copy(single(null));

    assertThat(outcome.verifiedBy()).isEqualTo("checksum");
    assertThat(s3.headObjectRequests).singleElement().satisfies(h -> {
      assertThat(h.checksumModeAsString()).isEqualTo("ENABLED");
      assertThat(h.ifMatch()).isEqualTo(SOURCE_ETAG);
    });
    assertThat(s3.copyObjectRequests.get(0).ssekmsKeyId()).isEqualTo("alias/dest-a");
  }
}
