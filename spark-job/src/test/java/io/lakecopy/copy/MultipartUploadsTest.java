package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.plan.SourceObject;
import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.S3Location;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

class MultipartUploadsTest {
  private static final long MiB = 1024L * 1024;
  private static final String SOURCE_ETAG = "\"0123456789abcdef0123456789abcdef-3\"";
  private static final String HELLO_MD5 = "5d41402abc4b2a76b9719d911017c592"; // md5("hello")
  private static final String WORLD_MD5 = "7d793037a0760186574b0282f2f435e7"; // md5("world")
  private static final String HELLO_WORLD_MULTIPART = "065947336a2f2a95ba8899f3675c3be6-2"; // md5(bin||bin)-2
  private static final ObjectPlan PLAN = new ObjectPlan(0,
      new SourceObject(new S3Location("src-bucket", "lake/big.parquet"), "big.parquet", 300 * MiB, SOURCE_ETAG, null, 0),
      new S3Location("dst-bucket", "copy/big.parquet"), CopyMethod.MULTIPART, 128 * MiB);

  private final FakeS3Client source = new FakeS3Client();

  {
    // Uploads registered with registry.started(...) alone are adopted ones (resume): their completion reads the
    // source's tags; an untagged source unless a test says otherwise.
    source.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().build();
  }
  private final FakeS3Client dest = new FakeS3Client();
  private final UploadRegistry registry = new UploadRegistry();

  {
    // The source as planned, for the HEADs before create and before complete (tests that change it say so).
    source.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).contentLength(300 * MiB).build();
  }

  @Test
  void complete_sourceChangedWhileThePartsWereCopied_abortsWithoutCompletingAndFailsSourceChanged() {
    for (int status : new int[] {412, 404}) {
      FakeS3Client target = new FakeS3Client();
      registry.started(PLAN.dest(), "upload-" + status);
      source.onHeadObject = r -> {
        throw s3Error(status, status == 412 ? "PreconditionFailed" : "NoSuchKey");
      };

      LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> new MultipartUploads(source, target,
          false, registry).complete(PLAN, "upload-" + status, List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))));

      assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
      assertThat(e.getMessage()).contains("no longer has the planned ETag", "upload-" + status);
      assertThat(source.headObjectRequests).last().satisfies(h -> {
        assertThat(h.key()).isEqualTo("lake/big.parquet");
        assertThat(h.ifMatch()).isEqualTo(SOURCE_ETAG);
      });
      assertThat(target.completeRequests).as("nothing completed").isEmpty();
      assertThat(target.abortRequests).singleElement().extracting(AbortMultipartUploadRequest::uploadId)
          .isEqualTo("upload-" + status);
    }
  }

  @Test
  void complete_storeHonoursTheCondition_completesWithoutAskingTheSource() {
    registry.started(PLAN.dest(), "upload-c");
    source.onHeadObject = r -> {
      throw new AssertionError("the parts' conditions held them to the planned source");
    };
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();

    new MultipartUploads(source, dest, false, registry, null, RequestOptions.NONE, null, SourcePins.Pin.CONDITION)
        .complete(PLAN, "upload-c", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(source.headObjectRequests).isEmpty();
    assertThat(dest.completeRequests).hasSize(1);
  }

  @Test
  void complete_versionPinnedPlan_completesWithoutAskingTheSource() {
    ObjectPlan pinned = new ObjectPlan(0, new SourceObject(new S3Location("src-bucket", "lake/big.parquet"),
        "big.parquet", 300 * MiB, SOURCE_ETAG, null, 0, "v1"), PLAN.dest(), CopyMethod.MULTIPART, 128 * MiB);
    registry.started(PLAN.dest(), "upload-v");
    source.onHeadObject = r -> {
      throw new AssertionError("a pinned version cannot change");
    };
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();

    new MultipartUploads(source, dest, false, registry).complete(pinned, "upload-v",
        List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(source.headObjectRequests).isEmpty();
    assertThat(dest.completeRequests).hasSize(1);
  }

  @Test
  void expectedETag_md5PartETags_isMd5OfBinaryDigestsDashCount() {
    assertThat(MultipartUploads.expectedETag(List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))))
        .contains(HELLO_WORLD_MULTIPART);
    assertThat(MultipartUploads.expectedETag(List.of(HELLO_MD5, WORLD_MD5))).contains(HELLO_WORLD_MULTIPART);
    assertThat(MultipartUploads.expectedETag(List.of(quoted(HELLO_MD5))))
        .contains("62109206880d38a4010a98e11243924a-1");
    assertThat(MultipartUploads.expectedETag(List.of(
        "\"0cc175b9c0f1b6a831c399e269772661\"", "\"92eb5ffee6ae2fec3ad71c777531578f\"",
        "\"4a8a08f09d37b73795649038408b5f33\""))) // md5 of "a", "b", "c"
        .contains("4054c6f7787ecb7b323323155b0c0583-3");
  }

  @Test
  void expectedETag_nonMd5PartETag_isEmpty() {
    assertThat(MultipartUploads.expectedETag(List.of(quoted(HELLO_MD5), "\"kms-opaque-etag\""))).isEmpty();
    assertThat(MultipartUploads.expectedETag(List.of(quoted(HELLO_WORLD_MULTIPART)))).isEmpty();
    assertThat(MultipartUploads.expectedETag(List.of(quoted(HELLO_MD5 + "00")))).isEmpty();
  }

  @Test
  void start_sourceLargerOrSmallerThanPlanned_sourceChangedAndNothingCreated() {
    for (long actual : new long[] {300 * MiB + 1, 300 * MiB - 1, 0}) {
      source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(actual).build();

      assertThatThrownBy(() -> new MultipartUploads(source, dest, false, registry).start(PLAN))
          .isInstanceOfSatisfying(LakecopyException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED))
          .hasMessageContaining("the source is " + actual + " bytes, not the planned " + 300 * MiB);
    }
    assertThat(dest.createRequests).isEmpty();
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void start_sourceWithHeadersMetadataClassAndTags_carriesThemIntoCreate() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(300 * MiB)
        .contentType("application/vnd.apache.parquet")
        .contentEncoding("gzip")
        .contentDisposition("attachment; filename=\"big.parquet\"")
        .contentLanguage("en-GB")
        .cacheControl("max-age=3600")
        .expiresString("Wed, 21 Oct 2026 07:28:00 GMT")
        .metadata(Map.of("owner", "team-a", "schema-version", "3"))
        .storageClass("STANDARD_IA")
        .build();
    source.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().tagSet(
        Tag.builder().key("team name").value("a&b=c").build(),
        Tag.builder().key("pii").value("no").build()).build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("upload-42").build();

    String uploadId = new MultipartUploads(source, dest, true, registry).start(PLAN);

    assertThat(uploadId).isEqualTo("upload-42");
    HeadObjectRequest head = source.headObjectRequests.get(0);
    assertThat(head.bucket()).isEqualTo("src-bucket");
    assertThat(head.key()).isEqualTo("lake/big.parquet");
    assertThat(head.ifMatch()).isEqualTo(SOURCE_ETAG);
    assertThat(source.getObjectTaggingRequests).singleElement().satisfies(t -> {
      assertThat(t.bucket()).isEqualTo("src-bucket");
      assertThat(t.key()).isEqualTo("lake/big.parquet");
    });
    CreateMultipartUploadRequest create = dest.createRequests.get(0);
    assertThat(create.bucket()).isEqualTo("dst-bucket");
    assertThat(create.key()).isEqualTo("copy/big.parquet");
    assertThat(create.contentType()).isEqualTo("application/vnd.apache.parquet");
    assertThat(create.contentEncoding()).isEqualTo("gzip");
    assertThat(create.contentDisposition()).isEqualTo("attachment; filename=\"big.parquet\"");
    assertThat(create.contentLanguage()).isEqualTo("en-GB");
    assertThat(create.cacheControl()).isEqualTo("max-age=3600");
    assertThat(create.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "team-a", "schema-version", "3"));
    assertThat(create.storageClassAsString()).isEqualTo("STANDARD_IA");
    assertThat(create.tagging()).isEqualTo("team%20name=a%26b%3Dc&pii=no");
    assertThat(create.overrideConfiguration()).hasValueSatisfying(o ->
        assertThat(o.headers()).containsEntry("Expires", List.of("Wed, 21 Oct 2026 07:28:00 GMT")));
    assertThat(registry.liveCount()).isEqualTo(1);
  }

  @Test
  void start_standardClassAndTagsOff_sendsNeitherClassNorTagging() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(300 * MiB).contentType("text/csv")
        .storageClass("STANDARD").build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("upload-7").build();

    new MultipartUploads(source, dest, false, registry).start(PLAN);

    CreateMultipartUploadRequest create = dest.createRequests.get(0);
    assertThat(create.storageClassAsString()).isNull();
    assertThat(create.tagging()).isNull();
    assertThat(create.overrideConfiguration().map(o -> o.headers()).orElse(Map.of())).as("no Expires header").isEmpty();
    assertThat(create.contentType()).isEqualTo("text/csv");
    assertThat(source.getObjectTaggingRequests).isEmpty();
  }

  @Test
  void start_sourceWithoutTags_sendsNoTagging() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(300 * MiB).build();
    source.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().tagSet(List.of()).build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("upload-8").build();

    new MultipartUploads(source, dest, true, registry).start(PLAN);

    assertThat(source.getObjectTaggingRequests).hasSize(1);
    assertThat(dest.createRequests).singleElement().extracting(CreateMultipartUploadRequest::tagging).isNull();
  }

  @Test
  void start_storeWithoutTaggingApi_createsWithoutTagsAndStopsAsking() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(300 * MiB).build();
    source.onGetObjectTagging = r -> {
      throw s3Error(501, "NotImplemented");
    };
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("upload-9").build();
    MultipartUploads uploads = new MultipartUploads(source, dest, true, registry);

    assertThat(uploads.start(PLAN)).isEqualTo("upload-9");
    assertThat(uploads.start(PLAN)).isEqualTo("upload-9");

    assertThat(source.getObjectTaggingRequests).hasSize(1);
    assertThat(dest.createRequests).hasSize(2).allSatisfy(c -> assertThat(c.tagging()).isNull());
  }

  @Test
  void start_taggingDenied_failsTheObject() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(300 * MiB).build();
    source.onGetObjectTagging = r -> {
      throw s3Error(403, "AccessDenied");
    };

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> new MultipartUploads(source, dest, true, registry).start(PLAN));

    assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
    assertThat(dest.createRequests).isEmpty();
  }

  @Test
  void start_sourceChangedSincePlanning_throwsSourceChangedAndCreatesNothing() {
    source.onHeadObject = r -> {
      throw s3Error(412, "PreconditionFailed");
    };

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> new MultipartUploads(source, dest, true, registry).start(PLAN));

    assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(e.getMessage()).contains("s3://src-bucket/lake/big.parquet", "s3://dst-bucket/copy/big.parquet");
    assertThat(dest.createRequests).isEmpty();
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void start_createDenied_throwsAccessDeniedAndRegistersNothing() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(300 * MiB).build();
    source.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().build();
    dest.onCreate = r -> {
      throw s3Error(403, "AccessDenied");
    };

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> new MultipartUploads(source, dest, true, registry).start(PLAN));

    assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
    assertThat(registry.liveCount()).isZero();
  }

  private static ObjectPlan held(io.lakecopy.plan.WriteCondition condition) {
    return new ObjectPlan(0, PLAN.source(), PLAN.dest(), CopyMethod.MULTIPART, 128 * MiB, condition);
  }

  @Test
  void complete_heldToTheListing_sendsTheCondition() {
    registry.started(PLAN.dest(), "upload-n");
    registry.started(PLAN.dest(), "upload-m");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();
    MultipartUploads uploads = new MultipartUploads(source, dest, true, registry);

    uploads.complete(held(io.lakecopy.plan.WriteCondition.of(java.util.Optional.empty())), "upload-n",
        List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));
    uploads.complete(held(new io.lakecopy.plan.WriteCondition(false, "\"old\"")), "upload-m",
        List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(dest.completeRequests).extracting(CompleteMultipartUploadRequest::ifNoneMatch,
        CompleteMultipartUploadRequest::ifMatch).containsExactly(org.assertj.core.groups.Tuple.tuple("*", null),
            org.assertj.core.groups.Tuple.tuple(null, "\"old\""));
  }

  @Test
  void complete_heldToTheListing_anotherWriterWroteTheKey_abortsAndFailsDestinationChanged() {
    registry.started(PLAN.dest(), "upload-x");
    dest.onComplete = r -> {
      throw s3Error(412, "PreconditionFailed");
    };
    dest.onHeadObject = r -> HeadObjectResponse.builder().eTag("\"another-writer\"").contentLength(300 * MiB).build();

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> new MultipartUploads(source, dest, true,
        registry).complete(held(io.lakecopy.plan.WriteCondition.of(java.util.Optional.empty())), "upload-x",
        List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))));

    assertThat(e.kind()).isEqualTo(ErrorKind.DESTINATION_CHANGED);
    assertThat(e.getMessage()).contains("s3://dst-bucket/copy/big.parquet", "If-None-Match: *", "not overwritten");
    assertThat(dest.abortRequests).singleElement().extracting(AbortMultipartUploadRequest::uploadId)
        .isEqualTo("upload-x");
    assertThat(dest.deleteRequests).as("another writer's object is never deleted").isEmpty();
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void complete_heldToTheListing_412ButTheKeyHoldsExactlyThisUploadsObject_succeedsAndLeavesNoUpload() {
    registry.started(PLAN.dest(), "upload-r");
    dest.onComplete = r -> {
      throw s3Error(412, "PreconditionFailed"); // a retry of a Complete whose first attempt wrote the object
    };
    dest.onHeadObject = r -> HeadObjectResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).contentLength(300 * MiB)
        .build();

    String eTag = new MultipartUploads(source, dest, true, registry).complete(
        held(io.lakecopy.plan.WriteCondition.of(java.util.Optional.empty())), "upload-r",
        List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(eTag).isEqualTo(quoted(HELLO_WORLD_MULTIPART));
    assertThat(dest.abortRequests).singleElement().extracting(AbortMultipartUploadRequest::uploadId)
        .isEqualTo("upload-r");
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void complete_partsWithMatchingETag_completesInPartOrder() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();

    String eTag = new MultipartUploads(source, dest, true, registry)
        .complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(eTag).isEqualTo(quoted(HELLO_WORLD_MULTIPART));
    CompleteMultipartUploadRequest request = dest.completeRequests.get(0);
    assertThat(request.bucket()).isEqualTo("dst-bucket");
    assertThat(request.key()).isEqualTo("copy/big.parquet");
    assertThat(request.uploadId()).isEqualTo("upload-42");
    assertThat(request.multipartUpload().parts()).extracting(CompletedPart::partNumber, CompletedPart::eTag)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, quoted(HELLO_MD5)),
            org.assertj.core.groups.Tuple.tuple(2, quoted(WORLD_MD5)));
    assertThat(dest.abortRequests).isEmpty();
    assertThat(registry.liveCount()).isZero();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "created with {0}, completed with {1} -> put {2}")
  @org.junit.jupiter.params.provider.CsvSource({
      "2, 0, true",   // the store dropped x-amz-tagging on CreateMultipartUpload (Ceph RGW 16.2)
      "2, 2, false",  // it kept them (S3)
      "0, 0, false",  // nothing to keep
      "1, 3, false"}) // tags of its own (a bucket default): never replaced
  void tagsDropped_onlyWhereTheUploadHadTagsAndTheObjectHasNone(int created, int completed, boolean put) {
    assertThat(MultipartUploads.tagsDropped(tags(created), tags(completed))).isEqualTo(put);
  }

  private static List<Tag> tags(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> Tag.builder().key("k" + i).value("v" + i).build())
        .toList();
  }

  @Test
  void complete_storeDroppedTheUploadsTags_putsThemOnTheCompletedObject_andTrustsAStoreThatKeepsThem() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(PLAN.source().sizeBytes()).build();
    source.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().tagSet(tags(2)).build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("upload-" + dest.createRequests.size())
        .build();
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART))
        .versionId("v-" + r.uploadId()).build();
    dest.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().tagSet(List.of()).build();
    dest.onPutObjectTagging = r -> software.amazon.awssdk.services.s3.model.PutObjectTaggingResponse.builder().build();
    MultipartUploads uploads = new MultipartUploads(source, dest, true, registry, null, RequestOptions.NONE, null,
        SourcePins.Pin.CONDITION);

    uploads.complete(PLAN, uploads.start(PLAN), List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(dest.getObjectTaggingRequests).singleElement().satisfies(g -> {
      assertThat(g.key()).isEqualTo(PLAN.dest().key());
      assertThat(g.versionId()).as("the current version: no s3:*VersionTagging permission needed").isNull();
    });
    assertThat(dest.putObjectTaggingRequests).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo(PLAN.dest().key());
      assertThat(p.versionId()).isNull();
      assertThat(p.tagging().tagSet()).isEqualTo(tags(2));
    });

    dest.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().tagSet(tags(2)).build();
    uploads.complete(PLAN, uploads.start(PLAN), List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));
    uploads.complete(PLAN, uploads.start(PLAN), List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(dest.getObjectTaggingRequests).as("checked until a completed object shows its tags").hasSize(2);
    assertThat(dest.putObjectTaggingRequests).hasSize(1);
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void complete_storeDroppedTheTagsAndPuttingThemFails_failsNamingTheObject() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(PLAN.source().sizeBytes()).build();
    source.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().tagSet(tags(1)).build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("upload-42").build();
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();
    dest.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().tagSet(List.of()).build();
    dest.onPutObjectTagging = r -> {
      throw s3Error(403, "AccessDenied");
    };
    MultipartUploads uploads = new MultipartUploads(source, dest, true, registry, null, RequestOptions.NONE, null,
        SourcePins.Pin.CONDITION);

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> uploads.complete(PLAN,
        uploads.start(PLAN), List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))));

    assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
    assertThat(e.getMessage()).contains("setting its 1 tags failed", PLAN.dest().toString());
  }

  @Test
  void complete_checkingTheTagsDenied_trustsTheCreateAndSucceeds() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(PLAN.source().sizeBytes()).build();
    source.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().tagSet(tags(1)).build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("upload-42").build();
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();
    dest.onGetObjectTagging = r -> {
      throw s3Error(403, "AccessDenied");
    };
    MultipartUploads uploads = new MultipartUploads(source, dest, true, registry, null, RequestOptions.NONE, null,
        SourcePins.Pin.CONDITION);

    assertThat(uploads.complete(PLAN, uploads.start(PLAN), List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))))
        .isEqualTo(quoted(HELLO_WORLD_MULTIPART));
    assertThat(dest.putObjectTaggingRequests).isEmpty();
  }

  @Test
  void complete_adoptedUploadOfATaggedSource_storeDroppedThem_readsTheSourcesTagsAndPutsThem() {
    registry.started(PLAN.dest(), "upload-7"); // created by a killed run, adopted on resume
    source.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().tagSet(tags(2)).build();
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();
    dest.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().tagSet(List.of()).build();
    dest.onPutObjectTagging = r -> software.amazon.awssdk.services.s3.model.PutObjectTaggingResponse.builder().build();

    new MultipartUploads(source, dest, true, registry, null, RequestOptions.NONE, null, SourcePins.Pin.CONDITION)
        .complete(PLAN, "upload-7", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(source.getObjectTaggingRequests).singleElement().satisfies(g -> {
      assertThat(g.key()).isEqualTo(PLAN.source().location().key());
      assertThat(g.versionId()).isEqualTo(PLAN.source().versionId());
    });
    assertThat(dest.putObjectTaggingRequests).singleElement()
        .satisfies(p -> assertThat(p.tagging().tagSet()).isEqualTo(tags(2)));
  }

  @Test
  void complete_uploadCreatedWithoutTags_noTaggingRequest() {
    registry.started(PLAN.dest(), "upload-42");
    registry.tagged("upload-42", List.of());
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();

    new MultipartUploads(source, dest, true, registry, null, RequestOptions.NONE, null, SourcePins.Pin.CONDITION)
        .complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(dest.getObjectTaggingRequests).isEmpty();
    assertThat(dest.putObjectTaggingRequests).isEmpty();
    assertThat(source.getObjectTaggingRequests).as("its tags are known: none").isEmpty();
  }

  @Test
  void complete_nonMd5PartETags_acceptsAnyResultETag() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag("\"kms-result-2\"").build();

    String eTag = new MultipartUploads(source, dest, true, registry)
        .complete(PLAN, "upload-42", List.of("\"kms-part-1\"", "\"kms-part-2\""));

    assertThat(eTag).isEqualTo("\"kms-result-2\"");
    assertThat(dest.abortRequests).isEmpty();
  }

  @Test
  void complete_completeFails_abortsUploadAndRethrows() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> {
      throw s3Error(500, "InternalError");
    };

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> new MultipartUploads(source, dest,
        true, registry).complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))));

    assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(e.getMessage()).contains("upload-42", "s3://dst-bucket/copy/big.parquet");
    assertThat(e.getCause()).isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
    assertThat(e.getSuppressed()).isEmpty();
    assertThat(dest.abortRequests).singleElement().satisfies(a -> {
      assertThat(a.bucket()).isEqualTo("dst-bucket");
      assertThat(a.key()).isEqualTo("copy/big.parquet");
      assertThat(a.uploadId()).isEqualTo("upload-42");
    });
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void complete_completeAndAbortFail_attachesAbortFailureAsSuppressed() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> {
      throw s3Error(500, "InternalError");
    };
    dest.onAbort = r -> {
      throw s3Error(503, "SlowDown");
    };

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> new MultipartUploads(source, dest,
        true, registry).complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))));

    assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(e.getSuppressed()).singleElement().satisfies(s ->
        assertThat(s).isInstanceOf(LakecopyException.class).hasMessageContaining("abort of upload upload-42"));
    assertThat(dest.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("upload-42");
    // Still live, so the run's final abortAll (or the shutdown hook) tries again.
    assertThat(registry.liveCount()).isEqualTo(1);
  }

  @Test
  void complete_resultETagDiffersFromParts_throwsVerifyFailed() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder()
        .eTag("\"ffffffffffffffffffffffffffffffff-2\"").build();

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> honouringDeletes()
        .complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))));

    assertThat(e.kind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(e.getMessage()).contains("ffffffffffffffffffffffffffffffff-2", HELLO_WORLD_MULTIPART);
    // The completed object does not hold what was copied: it must not stay visible.
    // Only while the key still holds that object: a writer who replaced it since keeps theirs.
    assertThat(dest.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.key()).isEqualTo(PLAN.dest().key());
      assertThat(d.ifMatch()).isEqualTo("\"ffffffffffffffffffffffffffffffff-2\"");
    });
  }

  @Test
  void complete_resultETagDiffersFromParts_versioned_deletesThatVersionEvenWhereIfMatchIsIgnored() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder()
        .eTag("\"ffffffffffffffffffffffffffffffff-2\"").versionId("v-completed").build();

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ignoringDeletes()
        .complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))));

    assertThat(e.kind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(e.getMessage()).contains("the object was deleted");
    assertThat(dest.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.versionId()).isEqualTo("v-completed");
      assertThat(d.ifMatch()).isNull();
    });
  }

  @Test
  void complete_resultETagDiffersFromParts_unversionedWhereIfMatchIsIgnored_keepsItAndNamesTheKey() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder()
        .eTag("\"ffffffffffffffffffffffffffffffff-2\"").build();

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ignoringDeletes()
        .complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))));

    assertThat(e.kind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(e.getMessage()).contains("it was not deleted", "does not hold DeleteObject to If-Match",
        PLAN.dest().toString());
    assertThat(dest.deleteRequests).as("an unconditional delete could remove another writer's object").isEmpty();
  }

  private MultipartUploads honouringDeletes() {
    return withDeletes(DeleteCondition.HONOURED);
  }

  private MultipartUploads ignoringDeletes() {
    return withDeletes(DeleteCondition.IGNORED);
  }

  private MultipartUploads withDeletes(DeleteCondition condition) {
    return new MultipartUploads(source, dest, true, registry, null, RequestOptions.NONE, null,
        SourcePins.Pin.SOURCE_HEAD, new OwnWrites(dest, condition, o -> { }));
  }

  @Test
  void complete_noSuchUploadButDestinationHoldsTheExpectedObject_countsAsCompleted() {
    // A Complete whose response was lost: the SDK retries it, and S3 no longer knows the upload.
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> {
      throw FakeS3Client.s3Error(404, "NoSuchUpload");
    };
    dest.onHeadObject = r -> HeadObjectResponse.builder().contentLength(PLAN.source().sizeBytes())
        .eTag(quoted(HELLO_WORLD_MULTIPART)).build();

    String eTag = new MultipartUploads(source, dest, true, registry)
        .complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(eTag).isEqualTo(quoted(HELLO_WORLD_MULTIPART));
    assertThat(dest.abortRequests).isEmpty();
    assertThat(registry.liveCount()).isZero();
  }

  @Test
  void complete_noSuchUploadAndDestinationDiffers_failsNotFound() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> {
      throw FakeS3Client.s3Error(404, "NoSuchUpload");
    };
    dest.onHeadObject = r -> HeadObjectResponse.builder().contentLength(PLAN.source().sizeBytes())
        .eTag("\"00000000000000000000000000000000-2\"").build();

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> new MultipartUploads(source, dest,
        true, registry).complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))));

    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
  }

  @Test
  void complete_200WithoutETag_throwsServerErrorAndAborts() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().build();
    dest.onHeadObject = r -> {
      throw FakeS3Client.s3Error(404, "NoSuchKey");
    };

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> new MultipartUploads(source, dest,
        true, registry).complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5))));

    assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(e.getMessage()).contains("upload-42", "ETag");
    assertThat(dest.abortRequests).extracting(AbortMultipartUploadRequest::uploadId).containsExactly("upload-42");
  }

  @Test
  void start_withKmsKeyMap_createsTheUploadUnderTheKeyTheSourceKeyMapsTo() {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength(300 * MiB)
        .ssekmsKeyId("arn:aws:kms:eu-west-1:111122223333:key/src-1").build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("upload-9").build();
    RequestOptions options = new RequestOptions(false, null, null, null, null,
        new Encryption("aws:kms", null, false, Map.of("src-1", "arn:aws:kms:eu-west-1:444455556666:key/dst-1")), null);

    new MultipartUploads(source, dest, false, registry, null, options).start(PLAN);

    CreateMultipartUploadRequest create = dest.createRequests.get(0);
    assertThat(create.serverSideEncryptionAsString()).isEqualTo("aws:kms");
    assertThat(create.ssekmsKeyId()).isEqualTo("arn:aws:kms:eu-west-1:444455556666:key/dst-1");
  }

  @Test
  void complete_destinationSseCWithMd5LookingPartETags_doesNotCheckTheResultAgainstThem() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag("\"0123456789abcdef0123456789abcdef-2\"")
        .build();
    RequestOptions sseC = new RequestOptions(false, null, null, io.lakecopy.s3.SseCustomerKey.parse(new byte[32]), null,
        Encryption.NONE, null);
    dest.onHeadObject = r -> HeadObjectResponse.builder().sseCustomerAlgorithm("AES256").build();

    String eTag = new MultipartUploads(source, dest, true, registry, null, sseC)
        .complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(eTag).isEqualTo("\"0123456789abcdef0123456789abcdef-2\"");
    assertThat(dest.abortRequests).isEmpty();
    assertThat(dest.deleteRequests).isEmpty();
    assertThat(dest.headObjectRequests).as("a Complete response names no SSE-C algorithm: the copy is HEADed")
        .singleElement().extracting(HeadObjectRequest::ifMatch).isEqualTo("\"0123456789abcdef0123456789abcdef-2\"");
  }

  @Test
  void complete_sseAskedButStoredUnencrypted_failsVerifyAndDeletesThatVersion() {
    registry.started(PLAN.dest(), "upload-43");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART))
        .versionId("v-copy").build();
    dest.onHeadObject = r -> HeadObjectResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();
    RequestOptions sseS3 = new RequestOptions(false, null, null, null, null,
        new Encryption("AES256", null, false, Map.of()), null);

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> new MultipartUploads(source, dest,
        true, registry, null, sseS3).complete(PLAN, "upload-43", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5))));

    assertThat(e.kind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(e.getMessage()).contains("SSE-S3 (AES256) was asked for", "unencrypted", "the copy was deleted");
    assertThat(dest.headObjectRequests).singleElement().extracting(HeadObjectRequest::versionId).isEqualTo("v-copy");
    assertThat(dest.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.key()).isEqualTo("copy/big.parquet");
      assertThat(d.versionId()).isEqualTo("v-copy");
    });
  }

  @Test
  void complete_sseAskedAndShownByTheComplete_sendsNoHead() {
    registry.started(PLAN.dest(), "upload-44");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART))
        .serverSideEncryption("AES256").build();
    RequestOptions sseS3 = new RequestOptions(false, null, null, null, null,
        new Encryption("AES256", null, false, Map.of()), null);

    new MultipartUploads(source, dest, true, registry, null, sseS3)
        .complete(PLAN, "upload-44", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(dest.headObjectRequests).isEmpty();
    assertThat(dest.deleteRequests).isEmpty();
  }

  @Test
  void complete_bucketDefaultKmsReportedByComplete_doesNotCheckTheResultAgainstThePartETags() {
    registry.started(PLAN.dest(), "upload-42");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag("\"fedcba9876543210fedcba9876543210-2\"")
        .serverSideEncryption("aws:kms").build();

    String eTag = new MultipartUploads(source, dest, true, registry)
        .complete(PLAN, "upload-42", List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)));

    assertThat(eTag).isEqualTo("\"fedcba9876543210fedcba9876543210-2\"");
    assertThat(dest.deleteRequests).as("a KMS object is not taken for a bad copy").isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}, key {1} -> {2}")
  @org.junit.jupiter.params.provider.CsvSource({
      "CONDITION,   lake/a%d.parquet,   true",
      "CONDITION,   lake/a%41.parquet,  true",
      "CONDITION,   lake/a.parquet,     true",
      "SOURCE_HEAD, lake/a.parquet,     true",
      "SOURCE_HEAD, lake/a b+c=d.bin,   true",
      "SOURCE_HEAD, lake/a%d.parquet,   false",
      "SOURCE_HEAD, lake/a%41.parquet,  false",
      "SOURCE_HEAD, %,                  false",
  })
  void readsCopySourceAsSent_percentOnlyWhereTheStoreIsKnownToFollowS3(SourcePins.Pin pin, String key,
      boolean sent) {
    assertThat(MultipartUploads.readsCopySourceAsSent(pin, key)).isEqualTo(sent);
  }

  @Test
  void start_percentKeyOnAStoreNotKnownToFollowS3_refusedBeforeAnyRequest() {
    ObjectPlan percent = new ObjectPlan(0, new SourceObject(new S3Location("src-bucket", "lake/100%.parquet"),
        "100%.parquet", 300 * MiB, SOURCE_ETAG, null, 0), new S3Location("dst-bucket", "copy/100%.parquet"),
        CopyMethod.MULTIPART, 128 * MiB);

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> new MultipartUploads(source, dest,
        true, registry).start(percent));

    assertThat(e.kind()).isEqualTo(ErrorKind.REQUEST_REJECTED);
    assertThat(e.getMessage()).contains("s3://src-bucket/lake/100%.parquet", "not sent", "--multipart-threshold");
    assertThat(source.headObjectRequests).isEmpty();
    assertThat(dest.createRequests).isEmpty();
  }

  private static String quoted(String eTag) {
    return "\"" + eTag + "\"";
  }

  private MultipartUploads startedWithCrc64(String uploadId) {
    source.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).contentLength(300 * MiB)
        .checksumCRC64NVME("4YgHcu35g5k=").checksumType("FULL_OBJECT").build();
    source.onGetObjectTagging = r -> GetObjectTaggingResponse.builder().build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId(uploadId).build();
    MultipartUploads uploads = honouringDeletes();
    uploads.start(PLAN);
    return uploads;
  }

  @Test
  void start_sourceWithAFullObjectCrc_createsTheUploadWithIt_andCompleteNamesTheSourcesValue() {
    MultipartUploads uploads = startedWithCrc64("upload-7");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART))
        .checksumCRC64NVME("4YgHcu35g5k=").checksumType("FULL_OBJECT").build();

    MultipartUploads.Completed done = uploads.complete(PLAN, "upload-7", List.of(quoted(HELLO_MD5),
        quoted(WORLD_MD5)), java.util.Arrays.asList("CRC64NVME:FULL_OBJECT:AAAAAAAAAAA=",
            "CRC64NVME:FULL_OBJECT:BBBBBBBBBBB="));

    assertThat(source.headObjectRequests.get(0).checksumModeAsString()).isEqualTo("ENABLED");
    CreateMultipartUploadRequest create = dest.createRequests.get(0);
    assertThat(create.checksumAlgorithmAsString()).isEqualTo("CRC64NVME");
    assertThat(create.checksumTypeAsString()).isEqualTo("FULL_OBJECT");
    CompleteMultipartUploadRequest complete = dest.completeRequests.get(0);
    assertThat(complete.checksumCRC64NVME()).isEqualTo("4YgHcu35g5k=");
    assertThat(complete.checksumTypeAsString()).isEqualTo("FULL_OBJECT");
    assertThat(complete.multipartUpload().parts()).extracting(CompletedPart::checksumCRC64NVME)
        .containsExactly("AAAAAAAAAAA=", "BBBBBBBBBBB=");
    assertThat(done.by()).isEqualTo(Verification.By.CHECKSUM);
    assertThat(done.sourceChecksum()).isEqualTo("CRC64NVME:FULL_OBJECT:4YgHcu35g5k=");
    assertThat(done.destChecksum()).isEqualTo("CRC64NVME:FULL_OBJECT:4YgHcu35g5k=");
  }

  @Test
  void complete_aPartWithoutAChecksum_noPartChecksumsAreSent_theSourcesValueStillIs() {
    MultipartUploads uploads = startedWithCrc64("upload-8");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();

    MultipartUploads.Completed done = uploads.complete(PLAN, "upload-8", List.of(quoted(HELLO_MD5),
        quoted(WORLD_MD5)), java.util.Arrays.asList("CRC64NVME:FULL_OBJECT:AAAAAAAAAAA=", null));

    CompleteMultipartUploadRequest complete = dest.completeRequests.get(0);
    assertThat(complete.multipartUpload().parts()).extracting(CompletedPart::checksumCRC64NVME)
        .containsExactly(null, null);
    assertThat(complete.checksumCRC64NVME()).isEqualTo("4YgHcu35g5k=");
    assertThat(done.by()).as("the store answered no checksum").isEqualTo(Verification.By.SIZE);
  }

  @Test
  void complete_storeRefusesTheSourcesChecksum_failsVerifyFailed_andAbortsTheUpload() {
    MultipartUploads uploads = startedWithCrc64("upload-9");
    dest.onComplete = r -> {
      throw s3Error(400, "BadDigest");
    };

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> uploads.complete(PLAN, "upload-9",
        List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)), null));

    assertThat(e.kind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(e.getMessage()).contains("4YgHcu35g5k=").contains("aborted");
    assertThat(dest.abortRequests).singleElement().extracting(AbortMultipartUploadRequest::uploadId)
        .isEqualTo("upload-9");
  }

  @Test
  void complete_completedChecksumDiffers_deletesTheObject_andFailsVerifyFailed() {
    MultipartUploads uploads = startedWithCrc64("upload-10");
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART))
        .checksumCRC64NVME("5rjag+5LOD8=").checksumType("FULL_OBJECT").build();

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> uploads.complete(PLAN, "upload-10",
        List.of(quoted(HELLO_MD5), quoted(WORLD_MD5)), null));

    assertThat(e.kind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(e.getMessage()).contains("5rjag+5LOD8=").contains("4YgHcu35g5k=");
    assertThat(dest.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.key()).isEqualTo("copy/big.parquet");
      assertThat(d.ifMatch()).isEqualTo(quoted(HELLO_WORLD_MULTIPART));
    });
  }

  @Test
  void start_compositeSourceChecksum_asksNone_andTheCopyIsVerifiedBySize() {
    source.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).contentLength(300 * MiB)
        .checksumCRC32C("NZoRwQ==-3").checksumType("COMPOSITE").build();
    dest.onCreate = r -> CreateMultipartUploadResponse.builder().uploadId("upload-11").build();
    dest.onComplete = r -> CompleteMultipartUploadResponse.builder().eTag(quoted(HELLO_WORLD_MULTIPART)).build();
    MultipartUploads uploads = new MultipartUploads(source, dest, true, registry);

    uploads.start(PLAN);
    MultipartUploads.Completed done = uploads.complete(PLAN, "upload-11", List.of(quoted(HELLO_MD5),
        quoted(WORLD_MD5)), null);

    assertThat(dest.createRequests.get(0).checksumAlgorithm()).isNull();
    assertThat(dest.completeRequests.get(0).checksumType()).isNull();
    assertThat(done.by()).isEqualTo(Verification.By.SIZE);
    assertThat(done.sourceChecksum()).isEqualTo("CRC32C:COMPOSITE:NZoRwQ==-3");
  }

  @Test
  void start_storeRefusesChecksumsOnCreate_createsWithout_andStopsAsking() {
    source.onHeadObject = r -> HeadObjectResponse.builder().eTag(SOURCE_ETAG).contentLength(300 * MiB)
        .checksumCRC32("AAAAAA==").build();
    dest.onCreate = r -> {
      if (r.checksumAlgorithm() != null) {
        throw s3Error(501, "NotImplemented");
      }
      return CreateMultipartUploadResponse.builder().uploadId("upload-" + dest.createRequests.size()).build();
    };
    MultipartUploads uploads = new MultipartUploads(source, dest, true, registry);

    uploads.start(PLAN);
    uploads.start(PLAN);

    assertThat(dest.createRequests).extracting(CreateMultipartUploadRequest::checksumAlgorithmAsString)
        .containsExactly("CRC32", null, null);
  }

  @Test
  void refusedChecksum_onlyA400ForTheDigest() {
    assertThat(MultipartUploads.refusedChecksum(s3Error(400, "BadDigest"))).isTrue();
    assertThat(MultipartUploads.refusedChecksum(s3Error(400, "InvalidPart"))).isFalse();
    assertThat(MultipartUploads.refusedChecksum(s3Error(500, "BadDigest"))).isFalse();
  }
}
