package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.Decision;
import io.lakecopy.plan.PlanRow;
import io.lakecopy.plan.SourceObject;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.Status;
import io.lakecopy.s3.AdaptiveLimit;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.CopyPartResult;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * The executor side of a copy wave against fake S3 clients and a journal on a local temporary directory: what is
 * sent, in which order, what is journaled, and what each object's outcome is.
 */
class WaveCopierTest {
  private static final long MiB = 1024L * 1024;
  /** 12 MiB in 5 MiB parts: 5 + 5 + 2. */
  private static final long BIG = 12 * MiB;
  private static final long PART = 5 * MiB;
  private static final String BIG_ETAG = "\"0123456789abcdef0123456789abcdef-3\"";
  /** md5("a"), md5("b"), md5("c"): the part ETags the fake answers, by part number - 1. */
  private static final List<String> PART_ETAGS = List.of("\"0cc175b9c0f1b6a831c399e269772661\"",
      "\"92eb5ffee6ae2fec3ad71c777531578f\"", "\"4a8a08f09d37b73795649038408b5f33\"");
  /** md5(md5("a") || md5("b") || md5("c")) + "-3": what S3 answers for those three parts. */
  private static final String COMPLETED_ETAG = "\"4054c6f7787ecb7b323323155b0c0583-3\"";
  private static final Decision COPY = new Decision(Decision.Action.COPY, null, "not at the destination");

  private final FakeS3Client source = new FakeS3Client();
  private final FakeS3Client dest = new FakeS3Client();
  private final Configuration hadoop = new Configuration();
  private final List<WaveCopier.Result> results = new CopyOnWriteArrayList<>();

  @TempDir
  Path tmp;

  // ---- single copies ----

  @Test
  void copy_singles_pinnedToThePlannedETagWithCopyDirectivesCopiedAndJournaled() throws IOException {
    dest.onCopyObject = r -> copied("\"etag-" + r.sourceKey() + "\"", "v-" + r.sourceKey());
    PlanRow a = single(1, "a b+c.parquet", "\"1111\"");
    PlanRow b = single(2, "ünï/%20.csv", "\"2222\"");

    copier(settings(4, false)).copy(inputs(List.of(a, b)), results::add);

    assertThat(dest.copyObjectRequests).hasSize(2).allSatisfy(r -> {
      assertThat(r.sourceBucket()).isEqualTo("src-bucket");
      assertThat(r.destinationBucket()).isEqualTo("dst-bucket");
      assertThat(r.destinationKey()).isEqualTo("copy/" + r.sourceKey().substring("lake/".length()));
      assertThat(r.metadataDirective()).isEqualTo(MetadataDirective.COPY);
    });
    assertThat(dest.copyObjectRequests).extracting(CopyObjectRequest::sourceKey, CopyObjectRequest::copySourceIfMatch)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("lake/a b+c.parquet", "\"1111\""),
            org.assertj.core.groups.Tuple.tuple("lake/ünï/%20.csv", "\"2222\""));
    assertThat(objects()).extracting(o -> o.to().key(), ObjectOutcome::status, ObjectOutcome::destETag,
        ObjectOutcome::sourceVersionId).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("copy/a b+c.parquet", Status.COPIED, "\"etag-lake/a b+c.parquet\"",
                "v-lake/a b+c.parquet"),
            org.assertj.core.groups.Tuple.tuple("copy/ünï/%20.csv", Status.COPIED, "\"etag-lake/ünï/%20.csv\"",
                "v-lake/ünï/%20.csv"));
    assertThat(journaledDone()).containsExactlyInAnyOrder(
        new Journal.Done(1, "\"etag-lake/a b+c.parquet\"", "v-lake/a b+c.parquet"),
        new Journal.Done(2, "\"etag-lake/ünï/%20.csv\"", "v-lake/ünï/%20.csv"));
    assertThat(dest.createRequests).isEmpty();
    assertThat(dest.headObjectRequests).as("not a resumed wave: no HEAD").isEmpty();
  }

  @Test
  void copy_singleRefusedFromAnEncryptedSource_copiedInPartsReportedSoAndJournaled() throws IOException {
    dest.onCopyObject = r -> {
      throw s3Error(501, "NotImplemented"); // Ceph RGW 16.2, CopyObject from an SSE-KMS source
    };
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(100L).eTag("\"1111\"")
        .serverSideEncryption("aws:kms").ssekmsKeyId("testkey-1").build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("up-k").build();
    dest.onUploadPartCopy = WaveCopierTest::part;
    String completed = "\"b6ff9a06b7e20bcb2858c5b8ff744aea-1\""; // md5(md5("a"))-1: the one part's ETag implies it
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(completed).build();

    copier(settings(4, false)).copy(inputs(List.of(single(1, "k.parquet", "\"1111\""))), results::add);

    assertThat(objects()).singleElement().satisfies(o -> {
      assertThat(o.status()).as(o.errorMessage()).isEqualTo(Status.COPIED);
      assertThat(o.destETag()).isEqualTo(completed);
      assertThat(o.errorMessage()).contains("copied in 1 part (UploadPartCopy)", "refused CopyObject from this"
          + " encrypted source (HTTP 501 NotImplemented");
    });
    assertThat(dest.uploadPartCopyRequests).singleElement().satisfies(p -> {
      assertThat(p.copySourceRange()).isEqualTo("bytes=0-99");
      assertThat(p.copySourceIfMatch()).isEqualTo("\"1111\"");
    });
    assertThat(journaledDone()).containsExactly(new Journal.Done(1, completed, null));
    assertThat(dest.abortRequests).isEmpty();
  }

  static Stream<Arguments> singleFailures() {
    return Stream.of(
        Arguments.of("412 on x-amz-copy-source-if-match", answer(() -> {
          throw s3Error(412, "PreconditionFailed");
        }), ErrorKind.SOURCE_CHANGED),
        Arguments.of("200 without a CopyObjectResult", answer(() -> CopyObjectResponse.builder().build()),
            ErrorKind.SERVER_ERROR),
        Arguments.of("200 with an empty ETag", answer(() -> copied("", null)), ErrorKind.SERVER_ERROR),
        Arguments.of("403", answer(() -> {
          throw s3Error(403, "AccessDenied");
        }), ErrorKind.ACCESS_DENIED),
        Arguments.of("404", answer(() -> {
          throw s3Error(404, "NoSuchKey");
        }), ErrorKind.NOT_FOUND),
        Arguments.of("503 after the SDK's retries", answer(() -> {
          throw s3Error(503, "SlowDown");
        }), ErrorKind.THROTTLED),
        Arguments.of("connection reset", answer(() -> {
          throw SdkClientException.create("reset", new java.net.SocketException("Connection reset"));
        }), ErrorKind.NETWORK));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleFailures")
  void copy_singleFails_failedOutcomeNotAnExceptionAndNotJournaled(String name,
      Function<CopyObjectRequest, CopyObjectResponse> answer, ErrorKind kind) throws IOException {
    dest.onCopyObject = r -> r.sourceKey().endsWith("bad") ? answer.apply(r) : copied("\"ok\"", null);

    copier(settings(2, false)).copy(inputs(List.of(single(1, "bad", "\"1111\""), single(2, "good", "\"2222\""))),
        results::add);

    assertThat(objects()).extracting(o -> o.to().key(), ObjectOutcome::status, ObjectOutcome::errorKind)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("copy/bad", Status.FAILED, kind),
            org.assertj.core.groups.Tuple.tuple("copy/good", Status.COPIED, null));
    assertThat(objects()).filteredOn(o -> o.status() == Status.FAILED).singleElement()
        .satisfies(o -> assertThat(o.destETag()).isNull());
    assertThat(journaledDone()).extracting(Journal.Done::objectId).containsExactly(2L);
  }

  // ---- multipart copies this task owns ----

  @Test
  void copy_ownedMultipart_createdAndJournaledBeforeAnyPartThenCompletedInPartOrder() throws IOException {
    startsUploads();
    List<Boolean> journaledAtPart = partsRecordWhetherTheirUploadIsJournaled();
    List<PlanRow> rows = owned(7, "big.bin");

    // parts out of order: the complete must still list them 1, 2, 3
    copier(settings(2, false)).copy(inputs(List.of(rows.get(2), rows.get(0), rows.get(1))), results::add);

    List<String> events = dest.events;
    int create = events.indexOf("CreateMultipartUpload copy/big.bin");
    int complete = events.indexOf("CompleteMultipartUpload copy/big.bin up-copy/big.bin");
    List<Integer> parts = indexesStartingWith(events, "UploadPartCopy ");
    assertThat(create).isNotNegative();
    assertThat(parts).hasSize(3).allSatisfy(i -> assertThat(i).isGreaterThan(create).isLessThan(complete));
    assertThat(journaledAtPart).as("the upload id was in the journal when each part was sent")
        .containsExactly(true, true, true);
    assertThat(source.headObjectRequests).as("before the create and before the complete").hasSize(2)
        .allSatisfy(h -> assertThat(h.ifMatch()).as("the source HEAD is pinned").isEqualTo(BIG_ETAG));
    assertThat(dest.uploadPartCopyRequests).extracting(UploadPartCopyRequest::partNumber,
        UploadPartCopyRequest::copySourceRange, UploadPartCopyRequest::copySourceIfMatch,
        UploadPartCopyRequest::uploadId).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1, "bytes=0-5242879", BIG_ETAG, "up-copy/big.bin"),
            org.assertj.core.groups.Tuple.tuple(2, "bytes=5242880-10485759", BIG_ETAG, "up-copy/big.bin"),
            org.assertj.core.groups.Tuple.tuple(3, "bytes=10485760-12582911", BIG_ETAG, "up-copy/big.bin"));
    assertThat(dest.completeRequests).singleElement().satisfies(c -> assertThat(c.multipartUpload().parts())
        .extracting(CompletedPart::partNumber, CompletedPart::eTag).containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, PART_ETAGS.get(0)),
            org.assertj.core.groups.Tuple.tuple(2, PART_ETAGS.get(1)),
            org.assertj.core.groups.Tuple.tuple(3, PART_ETAGS.get(2))));
    assertThat(objects()).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(Status.COPIED);
      assertThat(o.destETag()).isEqualTo(COMPLETED_ETAG);
      assertThat(o.method()).isEqualTo(CopyMethod.MULTIPART);
      assertThat(o.parts()).isEqualTo(3);
    });
    assertThat(results).hasSize(1).allMatch(r -> r instanceof WaveCopier.ObjectDone);
    assertThat(journal()).containsExactly(new Journal.Upload(7, "up-copy/big.bin", "copy/big.bin"),
        new Journal.Done(7, COMPLETED_ETAG, null));
    assertThat(dest.abortRequests).isEmpty();
  }

  static Stream<Arguments> partFailures() {
    return Stream.of(
        Arguments.of("part 2: 500", Set.of(2), (Supplier<RuntimeException>) () -> s3Error(500, "InternalError"),
            ErrorKind.SERVER_ERROR, "part 2: "),
        Arguments.of("part 3: 412", Set.of(3), (Supplier<RuntimeException>) () -> s3Error(412, "PreconditionFailed"),
            ErrorKind.SOURCE_CHANGED, "part 3: "),
        Arguments.of("parts 2 and 3: 403, the lowest named", Set.of(3, 2),
            (Supplier<RuntimeException>) () -> s3Error(403, "AccessDenied"), ErrorKind.ACCESS_DENIED, "part 2: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("partFailures")
  void copy_ownedMultipartPartFails_uploadAbortedObjectFailedNothingCompleted(String name, Set<Integer> failing,
      Supplier<RuntimeException> failure, ErrorKind kind, String message) throws IOException {
    startsUploads();
    dest.onUploadPartCopy = r -> {
      if (failing.contains(r.partNumber())) {
        throw failure.get();
      }
      return part(r);
    };

    copier(settings(4, false)).copy(inputs(owned(7, "big.bin")), results::add);

    assertThat(dest.completeRequests).isEmpty();
    assertThat(dest.abortRequests).singleElement().satisfies(a -> {
      assertThat(a.uploadId()).isEqualTo("up-copy/big.bin");
      assertThat(a.key()).isEqualTo("copy/big.bin");
    });
    assertThat(objects()).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(Status.FAILED);
      assertThat(o.errorKind()).isEqualTo(kind);
      assertThat(o.errorMessage()).startsWith(message);
    });
    assertThat(journaledDone()).isEmpty();
  }

  @Test
  void copy_ownedMultipartPartFails_abortedWhenItsBatchIsReceivedNotWhenTheTaskEnds() {
    startsUploads();
    dest.onUploadPartCopy = r -> {
      if (r.partNumber() == 2) {
        throw s3Error(500, "InternalError");
      }
      return part(r);
    };
    dest.onCopyObject = r -> copied("\"s\"", null);
    List<PlanRow> rows = new ArrayList<>(owned(7, "big.bin"));
    for (int i = 0; i < 2 * WaveCopier.BATCH_REQUESTS_PER_SLOT; i++) {
      rows.add(single(100 + i, "s" + i, "\"1\""));
    }

    copier(settings(1, false)).copy(inputs(rows), results::add);

    // an upload that cannot complete costs storage until it is aborted: not left until the task ends
    int abort = dest.events.indexOf("AbortMultipartUpload copy/big.bin up-copy/big.bin");
    int lastCopy = dest.events.lastIndexOf("CopyObject copy/s" + (2 * WaveCopier.BATCH_REQUESTS_PER_SLOT - 1));
    assertThat(abort).isNotNegative().isLessThan(lastCopy);
    assertThat(dest.abortRequests).hasSize(1);
  }

  @Test
  void copy_ownedMultipartPartThrowsAnError_partFailedUploadAborted() throws IOException {
    startsUploads();
    dest.onUploadPartCopy = r -> {
      if (r.partNumber() == 2) {
        throw new Error("fault injected into part 2");
      }
      return part(r);
    };

    copier(settings(4, false)).copy(inputs(owned(7, "big.bin")), results::add);

    assertThat(dest.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("up-copy/big.bin");
    assertThat(dest.completeRequests).isEmpty();
    assertThat(objects()).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(Status.FAILED);
      assertThat(o.errorKind()).isEqualTo(ErrorKind.OTHER);
      assertThat(o.errorMessage()).startsWith("part 2: ").contains("fault injected into part 2");
    });
  }

  @Test
  void copy_completedETagIsNotMd5OfThePartMd5s_failedVerifyAndTheObjectDeleted() throws IOException {
    startsUploads();
    dest.onUploadPartCopy = WaveCopierTest::part;
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder()
        .eTag("\"ffffffffffffffffffffffffffffffff-3\"").build();

    copier(settings(4, false)).copy(inputs(owned(7, "big.bin")), results::add);

    assertThat(objects()).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(Status.FAILED);
      assertThat(o.errorKind()).isEqualTo(ErrorKind.VERIFY_FAILED);
      assertThat(o.errorMessage()).contains("4054c6f7787ecb7b323323155b0c0583-3");
    });
    assertThat(dest.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.key()).isEqualTo("copy/big.bin");
      assertThat(d.ifMatch()).isEqualTo("\"ffffffffffffffffffffffffffffffff-3\"");
    });
    assertThat(journaledDone()).isEmpty();
  }

  static Stream<Arguments> completeUncertain() {
    Function<CompleteMultipartUploadRequest, CompleteMultipartUploadResponse> noSuchUpload = r -> {
      throw s3Error(404, "NoSuchUpload");
    };
    Function<CompleteMultipartUploadRequest, CompleteMultipartUploadResponse> noETag =
        r -> CompleteMultipartUploadResponse.builder().build();
    return Stream.of(
        // a Complete whose response was lost: the SDK's retry finds no upload; copied if the destination holds it
        Arguments.of("NoSuchUpload, implied object there", noSuchUpload, BIG, COMPLETED_ETAG, Status.COPIED, null),
        Arguments.of("NoSuchUpload, another ETag there", noSuchUpload, BIG, "\"4054c6f7787ecb7b323323155b0c0583-2\"",
            Status.FAILED, ErrorKind.NOT_FOUND),
        Arguments.of("NoSuchUpload, another size there", noSuchUpload, BIG - 1, COMPLETED_ETAG, Status.FAILED,
            ErrorKind.NOT_FOUND),
        // 200 without an ETag (an error in the body, or Ceph RGW's empty ETag): only what the destination holds counts
        Arguments.of("200 without ETag, implied object there", noETag, BIG, COMPLETED_ETAG, Status.COPIED, null),
        Arguments.of("200 without ETag, another ETag there", noETag, BIG, "\"4054c6f7787ecb7b323323155b0c0583-2\"",
            Status.FAILED, ErrorKind.SERVER_ERROR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("completeUncertain")
  void copy_completeOutcomeUncertain_copiedOnlyIfTheDestinationHoldsTheImpliedObject(String name,
      Function<CompleteMultipartUploadRequest, CompleteMultipartUploadResponse> complete, long heldSize,
      String heldETag, Status status, ErrorKind kind) throws IOException {
    startsUploads();
    dest.onUploadPartCopy = WaveCopierTest::part;
    dest.onComplete = complete;
    dest.onHeadObjectOf.put("copy/big.bin", r -> HeadObjectResponse.builder().contentLength(heldSize)
        .eTag(heldETag).build());

    copier(settings(4, false)).copy(inputs(owned(7, "big.bin")), results::add);

    assertThat(objects()).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(status);
      assertThat(o.errorKind()).isEqualTo(kind);
    });
    if (status == Status.COPIED) {
      assertThat(objects().get(0).destETag()).isEqualTo(COMPLETED_ETAG);
      assertThat(dest.abortRequests).isEmpty();
      assertThat(journaledDone()).containsExactly(new Journal.Done(7, COMPLETED_ETAG, null));
    } else {
      assertThat(dest.abortRequests).extracting(AbortMultipartUploadRequest::uploadId)
          .containsExactly("up-copy/big.bin");
      assertThat(journaledDone()).isEmpty();
    }
  }

  @Test
  void copy_manyRowsOverTheBatchLimit_theRowsOfOneOwnedObjectStayInOneUpload() {
    dest.onCopyObject = r -> copied("\"s\"", null);
    startsUploads();
    dest.onUploadPartCopy = WaveCopierTest::part;
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(COMPLETED_ETAG).build();
    List<PlanRow> rows = new ArrayList<>();
    for (int i = 0; i < WaveCopier.BATCH_REQUESTS_PER_SLOT - 1; i++) {
      rows.add(single(100 + i, "s" + i, "\"1\""));
    }
    rows.addAll(owned(7, "big.bin")); // the batch reaches its limit at this object's first part
    rows.add(single(200, "after", "\"1\""));

    copier(settings(1, false)).copy(inputs(rows), results::add);

    assertThat(dest.createRequests).hasSize(1);
    assertThat(dest.completeRequests).singleElement()
        .satisfies(c -> assertThat(c.multipartUpload().parts()).hasSize(3));
    assertThat(objects()).hasSize(WaveCopier.BATCH_REQUESTS_PER_SLOT + 1)
        .allSatisfy(o -> assertThat(o.status()).as(o.to().key()).isEqualTo(Status.COPIED));
  }

  // ---- parts of uploads the driver owns ----

  @Test
  void copy_driverOwnedParts_partResultsOnlyNoCreateCompleteOrAbort() throws IOException {
    dest.onUploadPartCopy = r -> {
      if (r.partNumber() == 2) {
        throw s3Error(500, "InternalError");
      }
      return part(r);
    };
    List<WaveCopier.Input> in = new ArrayList<>();
    for (PlanRow r : spread(9, "huge.bin")) {
      in.add(new WaveCopier.Input(r, "driver-upload"));
    }

    copier(settings(4, false)).copy(in.iterator(), results::add);

    assertThat(results).hasSize(3).allMatch(r -> r instanceof WaveCopier.PartDone);
    assertThat(results).map(r -> (WaveCopier.PartDone) r).extracting(p -> p.row().part().partNumber(),
        WaveCopier.PartDone::uploadId, p -> p.outcome().succeeded(), p -> p.outcome().eTag(),
        p -> p.outcome().errorKind()).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1, "driver-upload", true, PART_ETAGS.get(0), null),
            org.assertj.core.groups.Tuple.tuple(2, "driver-upload", false, null, ErrorKind.SERVER_ERROR),
            org.assertj.core.groups.Tuple.tuple(3, "driver-upload", true, PART_ETAGS.get(2), null));
    assertThat(dest.uploadPartCopyRequests).extracting(UploadPartCopyRequest::uploadId).containsOnly("driver-upload");
    assertThat(dest.createRequests).isEmpty();
    assertThat(dest.completeRequests).isEmpty();
    assertThat(dest.abortRequests).as("the driver decides about its own upload").isEmpty();
    assertThat(source.headObjectRequests).isEmpty();
    assertThat(journal()).as("the driver journaled the upload; parts are not journaled").isEmpty();
  }

  // ---- a resumed wave ----

  static Stream<Arguments> destinationOnResume() {
    return Stream.of(
        // what a HEAD of the destination says -> whether the object is copied again
        Arguments.of("same size and ETag", head(100, "\"1111\""), false),
        Arguments.of("same size and ETag, unquoted", head(100, "1111"), false),
        Arguments.of("another ETag", head(100, "\"9999\""), true),
        Arguments.of("another size", head(99, "\"1111\""), true),
        Arguments.of("no such key", failing(404, "NoSuchKey"), true),
        Arguments.of("access denied", failing(403, "AccessDenied"), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("destinationOnResume")
  void copy_resumedWaveSingle_leftAloneOnlyIfTheDestinationHoldsTheSource(String name,
      Function<software.amazon.awssdk.services.s3.model.HeadObjectRequest, HeadObjectResponse> head,
      boolean copiedAgain) throws IOException {
    dest.onHeadObjectOf.put("copy/a", head);
    dest.onCopyObject = r -> copied("\"1111\"", null);

    copier(settings(4, true)).copy(inputs(List.of(single(1, "a", "\"1111\""))), results::add);

    assertThat(dest.headObjectRequests).singleElement().satisfies(h -> {
      assertThat(h.bucket()).isEqualTo("dst-bucket");
      assertThat(h.key()).isEqualTo("copy/a");
    });
    assertThat(dest.copyObjectRequests).hasSize(copiedAgain ? 1 : 0);
    assertThat(objects()).singleElement().satisfies(o -> {
      // either way the destination holds the source now: --move deletes the source of a COPIED object
      assertThat(o.status()).isEqualTo(Status.COPIED);
      assertThat(o.destETag()).isEqualTo("\"1111\"");
      assertThat(o.method()).isEqualTo(CopyMethod.COPY_OBJECT);
    });
  }

  @Test
  void copy_resumedWaveOwnedMultipartAlreadyAtTheDestination_noUploadCreated() {
    dest.onHeadObjectOf.put("copy/big.bin", r -> HeadObjectResponse.builder().contentLength(BIG).eTag(BIG_ETAG)
        .build());

    copier(settings(4, true)).copy(inputs(owned(7, "big.bin")), results::add);

    assertThat(dest.createRequests).isEmpty();
    assertThat(dest.uploadPartCopyRequests).isEmpty();
    assertThat(source.headObjectRequests).isEmpty();
    assertThat(objects()).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(Status.COPIED);
      assertThat(o.destETag()).isEqualTo(BIG_ETAG);
    });
  }

  @Test
  void copy_adoptedUploadWithPartsListed_onlyTheMissingPartsCopiedAndNothingCreated() throws IOException {
    dest.onListParts = r -> ListPartsResponse.builder().isTruncated(false).parts(
        Part.builder().partNumber(1).size(PART).eTag(PART_ETAGS.get(0)).build(),
        Part.builder().partNumber(2).size(PART - 1).eTag("\"copied-with-another-layout\"").build()).build();
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(BIG).eTag(BIG_ETAG).build();
    dest.onUploadPartCopy = WaveCopierTest::part;
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(COMPLETED_ETAG).build();
    List<WaveCopier.Input> in = new ArrayList<>();
    for (PlanRow r : owned(7, "big.bin")) {
      in.add(new WaveCopier.Input(r, "dead-runs-upload"));
    }

    copier(settings(4, true)).copy(in.iterator(), results::add);

    assertThat(dest.listPartsRequests).singleElement().satisfies(l -> {
      assertThat(l.uploadId()).isEqualTo("dead-runs-upload");
      assertThat(l.key()).isEqualTo("copy/big.bin");
    });
    assertThat(dest.headObjectRequests).as("an adopted upload's object is not there yet: no HEAD").isEmpty();
    assertThat(dest.createRequests).isEmpty();
    assertThat(dest.uploadPartCopyRequests).extracting(UploadPartCopyRequest::partNumber,
        UploadPartCopyRequest::uploadId).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(2, "dead-runs-upload"),
            org.assertj.core.groups.Tuple.tuple(3, "dead-runs-upload"));
    assertThat(dest.completeRequests).singleElement().satisfies(c -> assertThat(c.multipartUpload().parts())
        .extracting(CompletedPart::eTag).containsExactlyElementsOf(PART_ETAGS));
    assertThat(objects()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(Status.COPIED));
    assertThat(journal()).as("the dead run journaled the upload already")
        .containsExactly(new Journal.Done(7, COMPLETED_ETAG, null));
    assertThat(dest.abortRequests).isEmpty();
  }

  @Test
  void copy_adoptedUploadGone_newUploadJournaledBeforeItsFirstPart() throws IOException {
    dest.onListParts = r -> {
      throw s3Error(404, "NoSuchUpload");
    };
    startsUploads();
    List<Boolean> journaledAtPart = partsRecordWhetherTheirUploadIsJournaled();
    List<WaveCopier.Input> in = new ArrayList<>();
    for (PlanRow r : owned(7, "big.bin")) {
      in.add(new WaveCopier.Input(r, "aborted-meanwhile"));
    }

    copier(settings(4, true)).copy(in.iterator(), results::add);

    assertThat(dest.createRequests).hasSize(1);
    assertThat(dest.uploadPartCopyRequests).extracting(UploadPartCopyRequest::uploadId).containsOnly("up-copy/big.bin");
    assertThat(journaledAtPart).containsExactly(true, true, true);
    assertThat(journal()).startsWith(new Journal.Upload(7, "up-copy/big.bin", "copy/big.bin"));
    assertThat(objects()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(Status.COPIED));
  }

  // ---- a task that stops mid-batch leaves no upload of its own behind ----

  @Test
  void copy_completeThrowsAnError_thatUploadAbortedTheOtherCompletedAndNotAborted() {
    startsUploads();
    dest.onUploadPartCopy = WaveCopierTest::part;
    dest.onComplete = r -> {
      if (r.key().equals("copy/first.bin")) {
        throw new Error("fault injected into Complete");
      }
      return CompleteMultipartUploadResponse.builder().eTag(COMPLETED_ETAG).build();
    };
    List<PlanRow> rows = new ArrayList<>(owned(7, "first.bin"));
    rows.addAll(owned(8, "second.bin"));

    Throwable thrown = catchThrowable(() -> copier(settings(4, false)).copy(inputs(rows), results::add));

    assertThat(thrown).hasRootCauseMessage("fault injected into Complete");
    assertThat(dest.completeRequests).extracting(CompleteMultipartUploadRequest::key)
        .containsExactlyInAnyOrder("copy/first.bin", "copy/second.bin");
    assertThat(dest.abortRequests).extracting(AbortMultipartUploadRequest::uploadId)
        .containsExactly("up-copy/first.bin");
  }

  @Test
  void copy_interruptedWhilePartsAreInFlight_throwsAbortsItsUploadFromAnUninterruptedThreadKeepsTheFlag() {
    startsUploads();
    Thread task = Thread.currentThread();
    java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch never = new CountDownLatch(1);
    dest.onUploadPartCopy = r -> {
      if (once.compareAndSet(false, true)) {
        // the task is cancelled while its parts are in flight (once: a part that starts late must not interrupt
        // this thread after copy() returned)
        task.interrupt();
      }
      try {
        never.await(); // until the copier gives up on this request and interrupts it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw software.amazon.awssdk.core.exception.AbortedException.create("request interrupted");
    };
    Map<String, Boolean> abortSentInterrupted = new ConcurrentHashMap<>();
    dest.onAbort = r -> {
      abortSentInterrupted.put(r.uploadId(), Thread.currentThread().isInterrupted());
      return software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse.builder().build();
    };

    Throwable thrown = catchThrowable(() -> copier(settings(2, false)).copy(inputs(owned(7, "big.bin")),
        results::add));
    boolean stillInterrupted = Thread.interrupted(); // clears the flag for the other tests

    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted");
    assertThat(stillInterrupted).as("the task's interrupt flag is kept").isTrue();
    assertThat(abortSentInterrupted).containsExactly(Map.entry("up-copy/big.bin", false));
    assertThat(dest.completeRequests).isEmpty();
  }

  @Test
  void copy_journalCannotBeWritten_noPartCopiedAndTheUploadAborted() throws IOException {
    startsUploads();
    dest.onUploadPartCopy = WaveCopierTest::part;
    Journal journal = Journal.open(hadoop, journalDir(), "t1");
    Files.writeString(tmp.resolve("journal/t1-000000.tsv"), "taken\n"); // the journal's next file already exists

    Throwable thrown = catchThrowable(() -> copier(settings(4, false), journal).copy(inputs(owned(7, "big.bin")),
        results::add));

    assertThat(thrown).isInstanceOf(UncheckedIOException.class).hasMessageContaining("journal");
    assertThat(dest.uploadPartCopyRequests).as("no part of an upload the journal does not hold").isEmpty();
    assertThat(dest.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("up-copy/big.bin");
  }

  @Test
  void copy_sinkThrowsBeforeTheOwnedObjectIsCompleted_itsUploadAborted() {
    dest.onCopyObject = r -> copied("\"s\"", null);
    startsUploads();
    dest.onUploadPartCopy = WaveCopierTest::part;
    List<PlanRow> rows = new ArrayList<>(List.of(single(1, "small", "\"1\"")));
    rows.addAll(owned(7, "big.bin"));

    Throwable thrown = catchThrowable(() -> copier(settings(4, false)).copy(inputs(rows), r -> {
      throw new IllegalStateException("the task's output failed");
    }));

    assertThat(thrown).hasMessage("the task's output failed");
    assertThat(dest.completeRequests).isEmpty();
    assertThat(dest.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("up-copy/big.bin");
  }

  // ---- streamed copies ----

  @Test
  void copy_streamedOwnedMultipart_rangedGetsIntoUploadPartsThenCompletedAndNoServerSideCopy() throws IOException {
    byte[] bytes = new byte[(int) BIG];
    new java.util.Random(5).nextBytes(bytes);
    List<String> partMd5s = new ArrayList<>();
    for (long first = 0; first < BIG; first += PART) {
      partMd5s.add(java.util.HexFormat.of().formatHex(ReopeningBody.md5().digest(java.util.Arrays.copyOfRange(bytes,
          (int) first, (int) Math.min(BIG, first + PART)))));
    }
    String completed = "\"" + MultipartUploads.expectedETag(partMd5s).orElseThrow() + "\"";
    streamsFrom(bytes);
    dest.onUploadPart = r -> software.amazon.awssdk.services.s3.model.UploadPartResponse.builder()
        .eTag("\"" + partMd5s.get(r.partNumber() - 1) + "\"").build();
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(completed).build();

    copier(streamed()).copy(inputs(streamedOwned(7, "big.bin")), results::add);

    assertThat(objects()).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(Status.COPIED);
      assertThat(o.destETag()).isEqualTo(completed);
      assertThat(o.method()).isEqualTo(CopyMethod.STREAM_MULTIPART);
    });
    assertThat(source.getRequests).extracting(r -> r.range()).containsExactlyInAnyOrder("bytes=0-5242879",
        "bytes=5242880-10485759", "bytes=10485760-12582911");
    assertThat(source.getRequests).allSatisfy(r -> assertThat(r.ifMatch()).isEqualTo(BIG_ETAG));
    assertThat(dest.completeRequests).singleElement().satisfies(c -> assertThat(c.multipartUpload().parts())
        .extracting(CompletedPart::eTag).containsExactlyElementsOf(partMd5s.stream().map(m -> "\"" + m + "\"")
            .toList()));
    assertThat(dest.uploadPartCopyRequests).isEmpty();
    assertThat(dest.copyObjectRequests).isEmpty();
    assertThat(dest.abortRequests).isEmpty();
  }

  @Test
  void copy_streamedPartETagNotItsMd5_objectFailsAndItsUploadIsAborted() throws IOException {
    byte[] bytes = new byte[(int) BIG];
    streamsFrom(bytes);
    dest.onUploadPart = r -> software.amazon.awssdk.services.s3.model.UploadPartResponse.builder()
        .eTag(PART_ETAGS.get(r.partNumber() - 1)).build();

    copier(streamed()).copy(inputs(streamedOwned(7, "big.bin")), results::add);

    assertThat(objects()).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(Status.FAILED);
      assertThat(o.errorKind()).isEqualTo(io.lakecopy.s3.ErrorKind.VERIFY_FAILED);
    });
    assertThat(dest.completeRequests).isEmpty();
    assertThat(dest.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("up-copy/big.bin");
  }

  /** The source HEADs as planned and serves {@code bytes}' ranges; the destination creates uploads. */
  private void streamsFrom(byte[] bytes) {
    startsUploads();
    source.onGetObject = r -> {
      String[] ends = r.range().substring("bytes=".length()).split("-");
      return java.util.Arrays.copyOfRange(bytes, Integer.parseInt(ends[0]), Integer.parseInt(ends[1]) + 1);
    };
  }

  private static WaveCopier.Settings streamed() {
    return new WaveCopier.Settings(4, false, null, false, 1, SourcePins.UNPROBED, DeleteCondition.HONOURED,
        WriteConditions.OFF, Verification.DEFAULT, true);
  }

  private static List<PlanRow> streamedOwned(long id, String key) {
    return PlanRow.rows(id, 0, source("lake/" + key, BIG, BIG_ETAG), new S3Location("dst-bucket", "copy/" + key),
        Optional.empty(), false, COPY, CopyMethod.STREAM_MULTIPART, PART, false);
  }

  // ---- helpers ----

  private WaveCopier copier(WaveCopier.Settings settings) {
    return copier(settings, Journal.open(hadoop, journalDir(), "t1"));
  }

  private WaveCopier copier(WaveCopier.Settings settings, Journal journal) {
    return new WaveCopier(settings, source, dest, new AdaptiveLimit(settings.maxInFlight()), journal, null);
  }

  private static WaveCopier.Settings settings(int maxInFlight, boolean cautious) {
    // single copies trust the condition, multipart copies check their source before completing
    return new WaveCopier.Settings(maxInFlight, false, null, cautious, 1,
        new SourcePins(SourcePins.Pin.CONDITION, SourcePins.Pin.SOURCE_HEAD), DeleteCondition.HONOURED);
  }

  private String journalDir() {
    return tmp.resolve("journal").toUri().toString();
  }

  /** The source HEADs (the planned size) and creates answer for every owned upload: id "up-" + destination key. */
  private void startsUploads() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(BIG).eTag(BIG_ETAG).build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("up-" + r.key()).build();
  }

  /**
   * Parts and completes succeed; each part notes whether the journal held its upload id when it was sent.
   *
   * @return the notes, in the order the parts were sent
   */
  private List<Boolean> partsRecordWhetherTheirUploadIsJournaled() {
    List<Boolean> journaled = new CopyOnWriteArrayList<>();
    dest.onUploadPartCopy = r -> {
      journaled.add(!Journal.recordedAmong(hadoop, journalDir(), Set.of(r.uploadId())).isEmpty());
      return part(r);
    };
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(COMPLETED_ETAG).build();
    return journaled;
  }

  private static UploadPartCopyResponse part(UploadPartCopyRequest r) {
    return UploadPartCopyResponse.builder()
        .copyPartResult(CopyPartResult.builder().eTag(PART_ETAGS.get(r.partNumber() - 1)).build()).build();
  }

  private static CopyObjectResponse copied(String eTag, String version) {
    return CopyObjectResponse.builder().copyObjectResult(CopyObjectResult.builder().eTag(eTag).build())
        .copySourceVersionId(version).build();
  }

  private static Function<CopyObjectRequest, CopyObjectResponse> answer(Supplier<CopyObjectResponse> answer) {
    return r -> answer.get();
  }

  private static Function<software.amazon.awssdk.services.s3.model.HeadObjectRequest, HeadObjectResponse> head(
      long size, String eTag) {
    return r -> HeadObjectResponse.builder().contentLength(size).eTag(eTag).build();
  }

  private static Function<software.amazon.awssdk.services.s3.model.HeadObjectRequest, HeadObjectResponse> failing(
      int status, String code) {
    return r -> {
      throw s3Error(status, code);
    };
  }

  private static PlanRow single(long id, String key, String eTag) {
    return PlanRow.rows(id, 0, source("lake/" + key, 100, eTag), new S3Location("dst-bucket", "copy/" + key),
        Optional.empty(), false, COPY, CopyMethod.COPY_OBJECT, 0, false).get(0);
  }

  private static List<PlanRow> owned(long id, String key) {
    return PlanRow.rows(id, 0, source("lake/" + key, BIG, BIG_ETAG), new S3Location("dst-bucket", "copy/" + key),
        Optional.empty(), false, COPY, CopyMethod.MULTIPART, PART, false);
  }

  private static List<PlanRow> spread(long id, String key) {
    return PlanRow.rows(id, 0, source("lake/" + key, BIG, BIG_ETAG), new S3Location("dst-bucket", "copy/" + key),
        Optional.empty(), false, COPY, CopyMethod.MULTIPART, PART, true);
  }

  private static SourceObject source(String key, long size, String eTag) {
    return new SourceObject(new S3Location("src-bucket", key), key.substring("lake/".length()), size, eTag, null, 0);
  }

  private static Iterator<WaveCopier.Input> inputs(List<PlanRow> rows) {
    return rows.stream().map(r -> new WaveCopier.Input(r, null)).iterator();
  }

  private List<ObjectOutcome> objects() {
    return results.stream().filter(r -> r instanceof WaveCopier.ObjectDone).map(r -> ((WaveCopier.ObjectDone) r)
        .outcome()).toList();
  }

  private static List<Integer> indexesStartingWith(List<String> events, String prefix) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith(prefix)) {
        out.add(i);
      }
    }
    return out;
  }

  /** Every record of the task's journal files, file by file, in the order written. */
  private List<Object> journal() throws IOException {
    Path dir = tmp.resolve("journal");
    List<Object> out = new ArrayList<>();
    if (!Files.exists(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".tsv")).sorted().toList();
    }
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        Optional<? extends Object> record = Journal.upload(line).map(Object.class::cast)
            .or(() -> Journal.done(line));
        out.add(record.orElseThrow(() -> new AssertionError("not a journal line: " + line)));
      }
    }
    return out;
  }

  private List<Journal.Done> journaledDone() throws IOException {
    return journal().stream().filter(r -> r instanceof Journal.Done).map(Journal.Done.class::cast).toList();
  }
}
