package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.RequestOptions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

class StreamedCopierTest {
  private static final byte[] BYTES = bytes(20_000);
  private static final String MD5 = md5(BYTES);
  private static final String ETAG = "\"" + MD5 + "\"";

  private final FakeS3Client source = new FakeS3Client();
  private final FakeS3Client dest = new FakeS3Client();

  private StreamedCopier copier(boolean tags) {
    MultipartUploads uploads = new MultipartUploads(source, dest, tags, new UploadRegistry(null));
    return new StreamedCopier(source, dest, uploads, RequestOptions.NONE, null,
        new OwnWrites(dest, DeleteCondition.UNKNOWN, o -> { }), tags);
  }

  private static CopyTask whole(String sourceETag, long size) {
    return new CopyTask(1, "src", "in/a b+c%.bin", sourceETag, null, "dst", "out/a b+c%.bin", null, null, 0, 0,
        size - 1);
  }

  private void sourceServes(byte[] bytes, String eTag) {
    source.onHeadObject = r -> HeadObjectResponse.builder().contentLength((long) bytes.length).eTag(eTag)
        .contentType("application/json").contentEncoding("gzip").contentDisposition("inline")
        .contentLanguage("de").cacheControl("no-cache").metadata(Map.of("writer", "spark"))
        .storageClass("STANDARD_IA").build();
    source.onGetObject = r -> range(bytes, r);
    source.onGetObjectTagging = r -> GetObjectTaggingResponse.builder()
        .tagSet(Tag.builder().key("team").value("data & ml").build()).build();
  }

  private static byte[] range(byte[] bytes, GetObjectRequest r) {
    if (r.range() == null) {
      return bytes;
    }
    String[] ends = r.range().substring("bytes=".length()).split("-");
    return Arrays.copyOfRange(bytes, Integer.parseInt(ends[0]), Integer.parseInt(ends[1]) + 1);
  }

  @Test
  void copy_wholeObject_getPinnedPutCarriesHeadersMetadataTagsAndStorageClass() {
    sourceServes(BYTES, ETAG);
    dest.onPutObject = r -> PutObjectResponse.builder().eTag(ETAG).build();

    TaskOutcome o = copier(true).copy(whole(ETAG, BYTES.length));

    assertThat(o.succeeded()).as(o.message()).isTrue();
    assertThat(o.verifiedBy()).isEqualTo("etag");
    assertThat(source.getRequests).singleElement().satisfies(g -> {
      assertThat(g.bucket()).isEqualTo("src");
      assertThat(g.key()).isEqualTo("in/a b+c%.bin");
      assertThat(g.ifMatch()).isEqualTo(ETAG);
      assertThat(g.range()).isNull();
    });
    assertThat(source.headObjectRequests).singleElement().satisfies(h -> assertThat(h.ifMatch()).isEqualTo(ETAG));
    PutObjectRequest put = dest.putRequests.get(0);
    assertThat(put.bucket()).isEqualTo("dst");
    assertThat(put.key()).isEqualTo("out/a b+c%.bin");
    assertThat(put.contentLength()).isEqualTo(BYTES.length);
    assertThat(put.contentType()).isEqualTo("application/json");
    assertThat(put.contentEncoding()).isEqualTo("gzip");
    assertThat(put.contentDisposition()).isEqualTo("inline");
    assertThat(put.contentLanguage()).isEqualTo("de");
    assertThat(put.cacheControl()).isEqualTo("no-cache");
    assertThat(put.metadata()).isEqualTo(Map.of("writer", "spark"));
    assertThat(put.storageClassAsString()).isEqualTo("STANDARD_IA");
    assertThat(put.tagging()).isEqualTo("team=data%20%26%20ml");
    assertThat(dest.sentBodies).singleElement().isEqualTo(BYTES);
    assertThat(source.events).noneMatch(e -> e.startsWith("PutObject"));
    assertThat(dest.events).noneMatch(e -> e.startsWith("GetObject") || e.startsWith("HeadObject"));
  }

  @Test
  void copy_wholeObjectWithoutTags_readsNoTags() {
    sourceServes(BYTES, ETAG);
    dest.onPutObject = r -> PutObjectResponse.builder().eTag(ETAG).build();

    TaskOutcome o = copier(false).copy(whole(ETAG, BYTES.length));

    assertThat(o.succeeded()).isTrue();
    assertThat(source.getObjectTaggingRequests).isEmpty();
    assertThat(dest.putRequests.get(0).tagging()).isNull();
  }

  @Test
  void copy_destinationETagNotTheMd5Streamed_deletedAndVerifyFailed() {
    sourceServes(BYTES, ETAG);
    dest.onPutObject = r -> PutObjectResponse.builder().eTag("\"00000000000000000000000000000001\"").versionId("w1")
        .build();

    TaskOutcome o = copier(false).copy(whole(ETAG, BYTES.length));

    assertThat(o.succeeded()).isFalse();
    assertThat(o.errorKind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(o.message()).contains(MD5, "deleted");
    assertThat(o.message()).contains("the copy was deleted");
    assertThat(dest.deleteRequests).as("the copy written is deleted, by its version").anySatisfy(d -> {
      assertThat(d.key()).isEqualTo("out/a b+c%.bin");
      assertThat(d.versionId()).isEqualTo("w1");
    });
  }

  @Test
  void copy_sourceAnswers412_sourceChangedAndNothingWritten() {
    sourceServes(BYTES, ETAG);
    source.onGetObject = r -> {
      throw FakeS3Client.s3Error(412, "PreconditionFailed");
    };

    TaskOutcome o = copier(false).copy(whole(ETAG, BYTES.length));

    assertThat(o.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(dest.putRequests).isEmpty();
  }

  @Test
  void copy_sourceServesOtherBytesThanItsPlannedMd5_deletedAndSourceChanged() {
    byte[] other = bytes(BYTES.length + 0);
    other[0] ^= 1;
    sourceServes(other, ETAG); // a store that ignored If-Match: the planned ETag, another version's bytes
    dest.onPutObject = r -> PutObjectResponse.builder().eTag("\"" + md5(other) + "\"").versionId("w1").build();

    TaskOutcome o = copier(false).copy(whole(ETAG, BYTES.length));

    assertThat(o.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(o.message()).contains("the copy was deleted");
    assertThat(dest.deleteRequests).as("the copy written is deleted")
        .anySatisfy(d -> assertThat(d.key()).isEqualTo("out/a b+c%.bin"));
  }

  @Test
  void copy_sourceOfAnotherSize_sourceChangedBeforeAnyGet() {
    sourceServes(BYTES, ETAG);

    TaskOutcome o = copier(false).copy(whole(ETAG, BYTES.length + 1));

    assertThat(o.errorKind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(source.getRequests).isEmpty();
    assertThat(dest.putRequests).isEmpty();
  }

  @Test
  void copy_emptyObject_oneGetWithoutRangeAndTheMd5OfNothing() {
    String empty = "\"d41d8cd98f00b204e9800998ecf8427e\"";
    sourceServes(new byte[0], empty);
    dest.onPutObject = r -> PutObjectResponse.builder().eTag(empty).build();

    TaskOutcome o = copier(false).copy(whole(empty, 0));

    assertThat(o.succeeded()).as(o.message()).isTrue();
    assertThat(source.getRequests).singleElement().satisfies(g -> assertThat(g.range()).isNull());
    assertThat(dest.sentBodies).singleElement().satisfies(b -> assertThat(b).isEmpty());
  }

  @Test
  void copy_part_rangedGetPinnedIntoUploadPartAndItsMd5Checked() {
    String parts = "\"" + MD5 + "-4\"";
    sourceServes(BYTES, parts);
    byte[] part = Arrays.copyOfRange(BYTES, 5000, 10_000);
    dest.onUploadPart = r -> UploadPartResponse.builder().eTag("\"" + md5(part) + "\"").build();
    CopyTask task = new CopyTask(1, "src", "in/k", parts, "v7", "dst", "out/k", null, "up-1", 2, 5000, 9999);

    TaskOutcome o = copier(false).copy(task);

    assertThat(o.succeeded()).as(o.message()).isTrue();
    assertThat(o.eTag()).isEqualTo("\"" + md5(part) + "\"");
    assertThat(o.copiedVersionId()).isEqualTo("v7");
    assertThat(source.getRequests).singleElement().satisfies(g -> {
      assertThat(g.range()).isEqualTo("bytes=5000-9999");
      assertThat(g.ifMatch()).isEqualTo(parts);
      assertThat(g.versionId()).isEqualTo("v7");
    });
    assertThat(dest.sentBodies).singleElement().isEqualTo(part);
    assertThat(source.headObjectRequests).as("a part needs no HEAD").isEmpty();
  }

  @Test
  void copy_partETagNotItsMd5_verifyFailedForTheOwnerToAbort() {
    sourceServes(BYTES, ETAG);
    dest.onUploadPart = r -> UploadPartResponse.builder().eTag("\"" + MD5 + "\"").build();
    CopyTask task = new CopyTask(1, "src", "in/k", ETAG, null, "dst", "out/k", null, "up-1", 1, 0, 4999);

    TaskOutcome o = copier(false).copy(task);

    assertThat(o.errorKind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(o.partNumber()).isEqualTo(1);
    assertThat(dest.abortRequests).as("the upload's owner aborts it").isEmpty();
  }

  private static String md5(byte[] b) {
    return HexFormat.of().formatHex(ReopeningBody.md5().digest(b));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(11).nextBytes(b);
    return b;
  }

}
