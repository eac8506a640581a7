package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.RequestOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.CopyPartResult;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/** The copy in parts of a single copy whose store refused CopyObject from an encrypted source (Ceph RGW 16.2). */
class CopyInPartsTest {
  private static final long MiB = 1024L * 1024;
  private static final String SOURCE_ETAG = "\"opaque-kms-etag\"";
  /** 200 MiB: two parts of lakecopy's default part size. */
  private static final long SIZE = 200 * MiB;

  /** Source and destination on one store, as a server-side copy has them. */
  private final FakeS3Client s3 = new FakeS3Client();
  private final UploadRegistry registry = new UploadRegistry();
  private final MultipartUploads uploads = new MultipartUploads(s3, s3, true, registry, null, RequestOptions.NONE,
      null, SourcePins.Pin.CONDITION);
  private final TaskCopier copier = new TaskCopier(s3, RequestOptions.NONE, null, SourcePins.Pin.CONDITION, uploads);

  {
    s3.onCopyObject = r -> {
      throw s3Error(501, "NotImplemented");
    };
    s3.onHeadObject = r -> kmsHead(SIZE);
    s3.onGetObjectTagging = r -> GetObjectTaggingResponse.builder()
        .tagSet(Tag.builder().key("team").value("data eng").build()).build();
    s3.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("up-1").build();
    s3.onUploadPartCopy = r -> UploadPartCopyResponse.builder()
        .copyPartResult(CopyPartResult.builder().eTag("\"part-" + r.partNumber() + "\"").build()).build();
    s3.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag("\"dest-2\"").build();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(nullValues = "null", value = {
      "501, NotImplemented,  true",
      "501, null,            true",
      "400, NotImplemented,  true",
      "400, InvalidRequest,  false",
      "400, InvalidArgument, false",
      "403, AccessDenied,    false",
      "500, InternalError,   false",
      "412, PreconditionFailed, false"})
  void refusedAsNotImplemented_byStatusAndCode(int status, String code, boolean refused) {
    assertThat(CopyInParts.refusedAsNotImplemented(status, code)).isEqualTo(refused);
  }

  @ParameterizedTest(name = "sse {0}, SSE-C {1}, source key {2}, {3} bytes -> {4}")
  @CsvSource(nullValues = "null", value = {
      // SSE-KMS and DSSE-KMS sources, by the HEAD's x-amz-server-side-encryption
      "aws:kms,      null,   false, 10, COPY_IN_PARTS",
      "aws:kms:dsse, null,   false, 10, COPY_IN_PARTS",
      // SSE-C, by the HEAD's algorithm or by the run's source key
      "null,         AES256, false, 10, COPY_IN_PARTS",
      "null,         null,   true,  10, COPY_IN_PARTS",
      // not encrypted, or SSE-S3: the 501 has another cause (a store without SSE refuses every SSE header)
      "null,         null,   false, 10, REPORT_REFUSAL",
      "AES256,       null,   false, 10, REPORT_REFUSAL",
      "null,         '',     false, 10, REPORT_REFUSAL",
      "null,         null,   false, 0,  REPORT_REFUSAL",
      // encrypted and empty: no byte range to copy
      "aws:kms,      null,   false, 0,  REFUSE_EMPTY",
      "null,         AES256, false, 0,  REFUSE_EMPTY",
      "null,         null,   true,  0,  REFUSE_EMPTY",
      "aws:kms,      null,   false, 1,  COPY_IN_PARTS"})
  void route_bySourceEncryptionAndSize(String sse, String customerAlgorithm, boolean sourceKey, long size,
      CopyInParts.Route route) {
    assertThat(CopyInParts.route(sse, customerAlgorithm, sourceKey, size)).isEqualTo(route);
  }

  @Test
  void copy_copyObjectSucceeds_noHeadNoUpload() {
    s3.onCopyObject = r -> CopyObjectResponse.builder()
        .copyObjectResult(CopyObjectResult.builder().eTag("\"9b2cf535f27731c974343645a3985328\"").build()).build();

    TaskOutcome outcome = copier.copy(single("lake/a.parquet", SIZE));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.message()).isNull();
    assertThat(s3.events).containsExactly("CopyObject copy/lake/a.parquet");
  }

  @Test
  void copy_refusedFromKmsSource_copiedInPinnedPartsWithTheSourcesHeadersAndSaysSo() {
    TaskOutcome outcome = copier.copy(single("lake/a.parquet", SIZE));

    assertThat(outcome.succeeded()).as(String.valueOf(outcome.message())).isTrue();
    assertThat(outcome.eTag()).isEqualTo("\"dest-2\"");
    assertThat(outcome.partNumber()).isZero();
    assertThat(outcome.message()).contains("copied in 2 parts (UploadPartCopy)", "dst-bucket refused CopyObject from"
        + " this encrypted source (HTTP 501 NotImplemented", "Ceph RGW 16.2");
    assertThat(s3.events).containsExactly("CopyObject copy/lake/a.parquet", "HeadObject lake/a.parquet",
        "GetObjectTagging lake/a.parquet", "CreateMultipartUpload copy/lake/a.parquet",
        "UploadPartCopy copy/lake/a.parquet up-1 1", "UploadPartCopy copy/lake/a.parquet up-1 2",
        "CompleteMultipartUpload copy/lake/a.parquet up-1",
        "GetObjectTagging copy/lake/a.parquet"); // the source is tagged: the completed copy shows its tags
    assertThat(s3.headObjectRequests).singleElement().satisfies(h -> {
      assertThat(h.ifMatch()).isEqualTo(SOURCE_ETAG);
      assertThat(h.versionId()).isEqualTo("v7");
    });
    CreateMultipartUploadRequest create = s3.createRequests.get(0);
    assertThat(create.bucket()).isEqualTo("dst-bucket");
    assertThat(create.contentType()).isEqualTo("application/x-parquet");
    assertThat(create.cacheControl()).isEqualTo("no-cache");
    assertThat(create.metadata()).isEqualTo(Map.of("owner", "lake"));
    assertThat(create.storageClassAsString()).isEqualTo("STANDARD_IA");
    assertThat(create.tagging()).isEqualTo("team=data%20eng");
    assertThat(s3.uploadPartCopyRequests).extracting(UploadPartCopyRequest::copySourceRange)
        .containsExactly("bytes=0-" + (128 * MiB - 1), "bytes=" + 128 * MiB + "-" + (SIZE - 1));
    assertThat(s3.uploadPartCopyRequests).allSatisfy(p -> {
      assertThat(p.copySourceIfMatch()).isEqualTo(SOURCE_ETAG);
      assertThat(p.sourceVersionId()).isEqualTo("v7");
      assertThat(p.sourceKey()).isEqualTo("lake/a.parquet");
    });
    assertThat(s3.completeRequests.get(0).multipartUpload().parts()).extracting(CompletedPart::partNumber,
        CompletedPart::eTag).containsExactly(org.assertj.core.groups.Tuple.tuple(1, "\"part-1\""),
        org.assertj.core.groups.Tuple.tuple(2, "\"part-2\""));
    assertThat(s3.abortRequests).isEmpty();
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void copy_storeIgnoresTheCopySourceCondition_sourceHeadBeforeComplete() {
    MultipartUploads headed = new MultipartUploads(s3, s3, false, registry, null, RequestOptions.NONE, null,
        SourcePins.Pin.SOURCE_HEAD);
    TaskCopier onRgw = new TaskCopier(s3, RequestOptions.NONE, null, SourcePins.Pin.SOURCE_HEAD, headed);
    s3.onHeadObject = r -> kmsHead(10 * MiB);
    CopyTask current = new CopyTask(7, "src-bucket", "lake/a.parquet", SOURCE_ETAG, null, "dst-bucket",
        "copy/lake/a.parquet", null, null, 0, 0, 10 * MiB - 1); // no version pinned: the source may change

    TaskOutcome outcome = onRgw.copy(current);

    assertThat(outcome.succeeded()).as(String.valueOf(outcome.message())).isTrue();
    assertThat(outcome.message()).contains("copied in 1 part (UploadPartCopy)");
    assertThat(s3.events).containsExactly("CopyObject copy/lake/a.parquet", "HeadObject lake/a.parquet",
        "CreateMultipartUpload copy/lake/a.parquet", "UploadPartCopy copy/lake/a.parquet up-1 1",
        "HeadObject lake/a.parquet", "CompleteMultipartUpload copy/lake/a.parquet up-1");
  }

  @Test
  void copy_sseCSourceKeyGiven_copiedInParts() {
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).contentLength(10 * MiB)
        .sseCustomerAlgorithm("AES256").build();
    RequestOptions withSourceKey = new RequestOptions(false, null, null, null,
        io.lakecopy.s3.SseCustomerKey.parse(new byte[32]), io.lakecopy.s3.Encryption.NONE, null);
    TaskCopier sseC = new TaskCopier(s3, withSourceKey, null, SourcePins.Pin.CONDITION, uploads);

    TaskOutcome outcome = sseC.copy(single("lake/c.bin", 10 * MiB));

    assertThat(outcome.succeeded()).as(String.valueOf(outcome.message())).isTrue();
    assertThat(s3.uploadPartCopyRequests).hasSize(1);
  }

  @Test
  void copy_refusedFromUnencryptedSource_theRefusalIsTheFailureAndNothingIsCreated() {
    s3.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).contentLength(SIZE).build();

    TaskOutcome outcome = copier.copy(single("lake/a.parquet", SIZE));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.REQUEST_REJECTED);
    assertThat(outcome.message()).isEqualTo("HTTP 501 NotImplemented: fake NotImplemented");
    assertThat(s3.events).containsExactly("CopyObject copy/lake/a.parquet", "HeadObject lake/a.parquet");
  }

  @Test
  void copy_refusedFromEmptyEncryptedSource_failsNamingTheLimitationAndNothingIsCreated() {
    s3.onHeadObject = r -> kmsHead(0);

    TaskOutcome outcome = copier.copy(single("lake/empty", 0));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.REQUEST_REJECTED);
    assertThat(outcome.message()).contains("s3://src-bucket/lake/empty", "refused CopyObject from this encrypted"
        + " source (HTTP 501 NotImplemented", "a zero-byte SSE-KMS (aws:kms) object cannot be copied in parts",
        "nothing was written");
    assertThat(s3.createRequests).isEmpty();
  }

  @Test
  void copy_percentKeyWhereTheStoreIgnoresTheCondition_refusedBeforeAnyUpload() {
    MultipartUploads headed = new MultipartUploads(s3, s3, false, registry, null, RequestOptions.NONE, null,
        SourcePins.Pin.SOURCE_HEAD);
    TaskCopier onRgw = new TaskCopier(s3, RequestOptions.NONE, null, SourcePins.Pin.SOURCE_HEAD, headed);

    TaskOutcome outcome = onRgw.copy(single("lake/100%.bin", 10 * MiB));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.REQUEST_REJECTED);
    assertThat(outcome.message()).contains("holds a '%'", "nothing was written");
    assertThat(s3.createRequests).isEmpty();
  }

  @Test
  void copy_sourceHeadFails_theRefusalAndTheHeadFailureAreReported() {
    s3.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    TaskOutcome outcome = copier.copy(single("lake/a.parquet", SIZE));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(outcome.message()).contains("CopyObject: HTTP 501 NotImplemented", "HTTP 412 PreconditionFailed");
    assertThat(s3.createRequests).isEmpty();
  }

  @Test
  void copy_partFails_uploadAbortedAndNotCompleted() {
    s3.onUploadPartCopy = r -> {
      if (r.partNumber() == 2) {
        throw s3Error(500, "InternalError");
      }
      return UploadPartCopyResponse.builder().copyPartResult(CopyPartResult.builder().eTag("\"p1\"").build()).build();
    };

    TaskOutcome outcome = copier.copy(single("lake/a.parquet", SIZE));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(outcome.message()).contains("CopyObject: HTTP 501 NotImplemented", "copy in parts (SSE-KMS (aws:kms)"
        + " source) failed", "part 2 (upload up-1)", "HTTP 500 InternalError");
    assertThat(s3.completeRequests).isEmpty();
    assertThat(s3.abortRequests).singleElement().satisfies(a -> assertThat(a.uploadId()).isEqualTo("up-1"));
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void copy_interruptedDuringAPart_abortedFromAnUninterruptedThreadAndTheFlagKept() {
    List<Boolean> abortSentInterrupted = new CopyOnWriteArrayList<>();
    s3.onUploadPartCopy = r -> {
      Thread.currentThread().interrupt();
      throw AbortedException.builder().message("interrupted").build();
    };
    s3.onAbort = r -> {
      abortSentInterrupted.add(Thread.currentThread().isInterrupted());
      return AbortMultipartUploadResponse.builder().build();
    };

    TaskOutcome outcome;
    try {
      outcome = copier.copy(single("lake/a.parquet", SIZE));
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt flag is kept").isTrue();
    } finally {
      Thread.interrupted();
    }

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.INTERRUPTED);
    assertThat(abortSentInterrupted).containsExactly(false);
    assertThat(s3.uploadPartCopyRequests).hasSize(1);
    assertThat(s3.completeRequests).isEmpty();
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void copy_completeFails_abortedOnceAndFailed() {
    s3.onComplete = r -> {
      throw s3Error(400, "InvalidPart");
    };

    TaskOutcome outcome = copier.copy(single("lake/a.parquet", SIZE));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.REQUEST_REJECTED);
    assertThat(outcome.message()).contains("complete s3://dst-bucket/copy/lake/a.parquet (upload up-1)",
        "HTTP 400 InvalidPart");
    assertThat(s3.abortRequests).as("aborted by the completion, not twice").hasSize(1);
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void copy_abortFailsAfterAPartFailed_failureKeptAndTheUploadNamed() {
    s3.onUploadPartCopy = r -> {
      throw s3Error(500, "InternalError");
    };
    s3.onAbort = r -> {
      throw s3Error(500, "InternalError");
    };

    TaskOutcome outcome = copier.copy(single("lake/a.parquet", SIZE));

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(outcome.message()).contains("part 1 (upload up-1)");
    assertThat(s3.abortRequests).hasSize(1);
    assertThat(registry.liveCount()).as("left for the task's final abortAll").isEqualTo(1);
  }

  private static HeadObjectResponse kmsHead(long size) {
    return HeadObjectResponse.builder().eTag(SOURCE_ETAG).contentLength(size).contentType("application/x-parquet")
        .cacheControl("no-cache").metadata(Map.of("owner", "lake")).storageClass("STANDARD_IA")
        .serverSideEncryption("aws:kms").ssekmsKeyId("testkey-1").build();
  }

  private static CopyTask single(String key, long size) {
    return new CopyTask(7, "src-bucket", key, SOURCE_ETAG, "v7", "dst-bucket", "copy/" + key, "STANDARD_IA", null, 0,
        0, size - 1);
  }
}
