package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.Status;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * --move for one object, as a table over what the destination HEAD, the source HEAD and the delete answer: which
 * delete is sent (never an unconditional one), and the object's outcome.
 */
class MoverTest {
  private static final S3Location FROM = new S3Location("src-bucket", "lake/a.parquet");
  private static final S3Location TO = new S3Location("dst-bucket", "copy/a.parquet");
  private static final String SOURCE_ETAG = "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"";

  /** The delete the row expects: by version id, or If-Match on the source ETag; or none at all. */
  record Delete(String versionId, String ifMatch) {
    static final Delete NONE = null;

    static Delete version(String v) {
      return new Delete(v, null);
    }

    static Delete onETag() {
      return new Delete(null, SOURCE_ETAG);
    }
  }

  static Stream<Arguments> table() {
    Function<HeadObjectRequest, HeadObjectResponse> same = head(100, SOURCE_ETAG, null, null);
    Function<HeadObjectRequest, HeadObjectResponse> noSourceHead = r -> {
      throw new AssertionError("no source HEAD expected: " + r);
    };
    Function<DeleteObjectRequest, DeleteObjectResponse> deleted = r -> DeleteObjectResponse.builder().build();
    return Stream.of(
        // name, outcome so far, destination HEAD, source HEAD, delete -> delete sent, status, kind, message
        row("verified, version known: delete that version", copied("v1", CopyMethod.COPY_OBJECT, SOURCE_ETAG), same,
            noSourceHead, deleted, Delete.version("v1"), Status.MOVED, null, "verified: size and ETag; source deleted"),
        row("verified, no version: If-Match on the source ETag", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG),
            same, noSourceHead, deleted, Delete.onETag(), Status.MOVED, null, "verified: size and ETag; source deleted"),
        row("version 'null' (unversioned or suspended): If-Match", copied("null", CopyMethod.COPY_OBJECT, SOURCE_ETAG),
            same, noSourceHead, deleted, Delete.onETag(), Status.MOVED, null, "source deleted"),
        row("blank version: If-Match", copied("", CopyMethod.COPY_OBJECT, SOURCE_ETAG), same, noSourceHead, deleted,
            Delete.onETag(), Status.MOVED, null, "source deleted"),
        row("multipart copy: its own ETag verified", copied("v1", CopyMethod.MULTIPART, "\"cccc-2\""),
            head(100, "\"cccc-2\"", null, null), noSourceHead, deleted, Delete.version("v1"), Status.MOVED, null,
            "verified: size and the copy's own ETag (a copy in parts has another ETag); source deleted"),
        row("not copied, the destination held it already", notCopied(), same, noSourceHead, deleted, Delete.onETag(),
            Status.MOVED, null, "not copied: identical at the destination; verified: size and ETag; source deleted"),
        // the destination cannot be read: never delete
        row("destination HEAD 500", copied("v1", CopyMethod.COPY_OBJECT, SOURCE_ETAG), failing(500, "InternalError"),
            noSourceHead, deleted, Delete.NONE, Status.FAILED, ErrorKind.VERIFY_FAILED, "the source was kept"),
        row("destination HEAD 404", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), failing(404, "NoSuchKey"),
            noSourceHead, deleted, Delete.NONE, Status.FAILED, ErrorKind.VERIFY_FAILED, "the source was kept"),
        row("destination HEAD 403", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), failing(403, "AccessDenied"),
            noSourceHead, deleted, Delete.NONE, Status.FAILED, ErrorKind.VERIFY_FAILED, "the source was kept"),
        row("destination HEAD network failure", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG),
            r -> {
              throw SdkClientException.create("timed out", new java.net.SocketTimeoutException("read timed out"));
            }, noSourceHead, deleted, Delete.NONE, Status.FAILED, ErrorKind.VERIFY_FAILED, "the source was kept"),
        // the destination does not hold the copy
        row("destination size differs", copied("v1", CopyMethod.COPY_OBJECT, SOURCE_ETAG),
            head(101, SOURCE_ETAG, null, null), noSourceHead, deleted, Delete.NONE, Status.FAILED,
            ErrorKind.SOURCE_CHANGED, "the source was kept"),
        row("destination rewritten after the copy", copied("v1", CopyMethod.COPY_OBJECT, SOURCE_ETAG),
            head(100, "\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"", null, null), noSourceHead, deleted, Delete.NONE,
            Status.FAILED, ErrorKind.VERIFY_FAILED, "the source was kept"),
        // the delete's answer
        row("delete 412: the source changed since its copy", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), same,
            noSourceHead, failingDelete(412, "PreconditionFailed"), Delete.onETag(), Status.FAILED,
            ErrorKind.SOURCE_CHANGED, "so it was kept"),
        row("delete 404 without a version: already gone", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), same,
            noSourceHead, failingDelete(404, "NoSuchKey"), Delete.onETag(), Status.MOVED, null,
            "verified: size and ETag; the source was already gone"),
        // the version copied and verified no longer exists: what a move is to achieve (as AWS, which answers 204
        // for a version that does not exist, and a retried task whose first attempt deleted it)
        row("delete 404 with a version: that version already gone", copied("v1", CopyMethod.COPY_OBJECT, SOURCE_ETAG),
            same, noSourceHead, failingDelete(404, "NoSuchVersion"), Delete.version("v1"), Status.MOVED, null,
            "verified: size and ETag; source version v1 was already gone"),
        row("delete 403", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), same, noSourceHead,
            failingDelete(403, "AccessDenied"), Delete.onETag(), Status.FAILED, ErrorKind.DELETE_FAILED,
            "deleting the source failed: HTTP 403 AccessDenied"),
        row("delete 403 with a version (Object Lock)", copied("v1", CopyMethod.COPY_OBJECT, SOURCE_ETAG), same,
            noSourceHead, failingDelete(403, "AccessDenied"), Delete.version("v1"), Status.FAILED,
            ErrorKind.DELETE_FAILED, "the source was kept"),
        row("delete 500", copied("v1", CopyMethod.COPY_OBJECT, SOURCE_ETAG), same, noSourceHead,
            failingDelete(500, "InternalError"), Delete.version("v1"), Status.FAILED, ErrorKind.DELETE_FAILED,
            "deleting the source failed: HTTP 500 InternalError"),
        row("delete 503 after the SDK's retries", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), same,
            noSourceHead, failingDelete(503, "SlowDown"), Delete.onETag(), Status.FAILED, ErrorKind.DELETE_FAILED,
            "the source was kept"),
        // encrypted destinations: ETags are no MD5s, the size and the copy's own ETag are verified, no source HEAD
        row("SSE-KMS destination", copied("v1", CopyMethod.COPY_OBJECT, "\"kkkk\""),
            head(100, "\"kkkk\"", "aws:kms", null), noSourceHead, deleted, Delete.version("v1"), Status.MOVED, null,
            "verified: size and the copy's own ETag (SSE-KMS or SSE-C: ETags are not MD5s); source deleted"),
        row("SSE-C destination", copied(null, CopyMethod.COPY_OBJECT, "\"cccc\""),
            head(100, "\"cccc\"", null, "AES256"), noSourceHead, deleted, Delete.onETag(), Status.MOVED, null,
            "(SSE-KMS or SSE-C: ETags are not MD5s)"),
        // a plain destination with another MD5: only an encrypted source explains it, so the source is read
        row("plain destination, SSE-KMS source", copied("v1", CopyMethod.COPY_OBJECT, "\"dddd\""),
            head(100, "\"dddd\"", null, null), head(100, SOURCE_ETAG, "aws:kms", null), deleted, Delete.version("v1"),
            Status.MOVED, null, "(the source is aws:kms: its ETag is not an MD5); source deleted"),
        row("plain destination, SSE-C source", copied(null, CopyMethod.COPY_OBJECT, "\"dddd\""),
            head(100, "\"dddd\"", "AES256", null), head(100, SOURCE_ETAG, null, "AES256"), deleted, Delete.onETag(),
            Status.MOVED, null, "(the source is SSE-C: its ETag is not an MD5)"),
        row("plain destination, plain source, ETags differ", copied("v1", CopyMethod.COPY_OBJECT, "\"dddd\""),
            head(100, "\"dddd\"", null, null), head(100, SOURCE_ETAG, null, null), deleted, Delete.NONE, Status.FAILED,
            ErrorKind.VERIFY_FAILED, "differs from the source's"),
        row("plain destination, source HEAD fails", copied("v1", CopyMethod.COPY_OBJECT, "\"dddd\""),
            head(100, "\"dddd\"", null, null), failing(403, "AccessDenied"), deleted, Delete.NONE, Status.FAILED,
            ErrorKind.VERIFY_FAILED, "the source was kept"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void move_verdictAndDeleteAnswer_deleteSentAndOutcome(String name, ObjectOutcome in,
      Function<HeadObjectRequest, HeadObjectResponse> destHead,
      Function<HeadObjectRequest, HeadObjectResponse> sourceHead,
      Function<DeleteObjectRequest, DeleteObjectResponse> delete, Delete expected, Status status, ErrorKind kind,
      String message) {
    Moved moved = move(in, destHead, sourceHead, delete, true);
    FakeS3Client source = moved.source();
    FakeS3Client dest = moved.dest();
    ObjectOutcome out = moved.out();

    assertThat(dest.headObjectRequests).singleElement().satisfies(h -> {
      assertThat(h.bucket()).isEqualTo(TO.bucket());
      assertThat(h.key()).isEqualTo(TO.key());
    });
    assertThat(dest.deleteRequests).as("the destination is never deleted").isEmpty();
    assertThat(source.deleteRequests).as("never an unconditional delete")
        .allSatisfy(d -> assertThat(d.versionId() != null || d.ifMatch() != null).isTrue());
    if (expected == Delete.NONE) {
      assertThat(source.deleteRequests).isEmpty();
    } else {
      assertThat(source.deleteRequests).singleElement().satisfies(d -> {
        assertThat(d.bucket()).isEqualTo(FROM.bucket());
        assertThat(d.key()).isEqualTo(FROM.key());
        assertThat(d.versionId()).isEqualTo(expected.versionId());
        assertThat(d.ifMatch()).isEqualTo(expected.ifMatch());
      });
    }
    source.headObjectRequests.forEach(h -> {
      assertThat(h.key()).isEqualTo(FROM.key());
      assertThat(h.versionId()).as("the source HEAD reads the copied version").isEqualTo(in.sourceVersionId());
    });
    assertThat(out.status()).isEqualTo(status);
    assertThat(out.errorKind()).isEqualTo(kind);
    assertThat(out.errorMessage()).contains(message);
    assertThat(out).extracting(ObjectOutcome::from, ObjectOutcome::to, ObjectOutcome::destETag,
        ObjectOutcome::sourceVersionId, ObjectOutcome::method).containsExactly(in.from(), in.to(), in.destETag(),
            in.sourceVersionId(), in.method());
  }

  static Stream<Arguments> ifMatchIgnored() {
    Function<HeadObjectRequest, HeadObjectResponse> same = head(100, SOURCE_ETAG, null, null);
    return Stream.of(
        // name, outcome so far, source HEAD (pinned to the copied ETag) -> delete sent, status, kind, message
        row("version known: delete it, no HEAD", copied("v1", CopyMethod.COPY_OBJECT, SOURCE_ETAG), same, r -> {
          throw new AssertionError("no source HEAD expected: " + r);
        }, r -> DeleteObjectResponse.builder().build(), Delete.version("v1"), Status.MOVED, null, "source deleted"),
        row("versioned bucket: delete the version the pinned HEAD found", copied(null, CopyMethod.COPY_OBJECT,
            SOURCE_ETAG), same, versionHead("v-current"), r -> DeleteObjectResponse.builder().build(),
            Delete.version("v-current"), Status.MOVED, null, "verified: size and ETag; source deleted"),
        row("unversioned bucket: kept", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), same, versionHead("null"),
            r -> DeleteObjectResponse.builder().build(), Delete.NONE, Status.FAILED, ErrorKind.DELETE_FAILED,
            "does not honour If-Match on DeleteObject and s3://src-bucket/lake/a.parquet has no version id"),
        row("no version id header: kept", notCopied(), same, versionHead(null),
            r -> DeleteObjectResponse.builder().build(), Delete.NONE, Status.FAILED, ErrorKind.DELETE_FAILED,
            "the source was kept"),
        row("pinned HEAD 412: changed since its copy", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), same,
            failing(412, "PreconditionFailed"), r -> DeleteObjectResponse.builder().build(), Delete.NONE,
            Status.FAILED, ErrorKind.SOURCE_CHANGED, "so it was kept"),
        row("pinned HEAD 404: already gone", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), same,
            failing(404, "NoSuchKey"), r -> DeleteObjectResponse.builder().build(), Delete.NONE, Status.MOVED, null,
            "the source was already gone"),
        row("pinned HEAD 403: kept", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), same,
            failing(403, "AccessDenied"), r -> DeleteObjectResponse.builder().build(), Delete.NONE, Status.FAILED,
            ErrorKind.DELETE_FAILED, "the source was kept"),
        row("version delete 403 (Object Lock): kept", copied(null, CopyMethod.COPY_OBJECT, SOURCE_ETAG), same,
            versionHead("v-locked"), failingDelete(403, "AccessDenied"), Delete.version("v-locked"), Status.FAILED,
            ErrorKind.DELETE_FAILED, "deleting the source failed: HTTP 403 AccessDenied"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ifMatchIgnored")
  void move_storeIgnoresIfMatchOnDelete_onlyVersionDeletes(String name, ObjectOutcome in,
      Function<HeadObjectRequest, HeadObjectResponse> destHead,
      Function<HeadObjectRequest, HeadObjectResponse> sourceHead,
      Function<DeleteObjectRequest, DeleteObjectResponse> delete, Delete expected, Status status, ErrorKind kind,
      String message) {
    Moved moved = move(in, destHead, sourceHead, delete, false);
    FakeS3Client source = moved.source();
    ObjectOutcome out = moved.out();

    assertThat(source.deleteRequests).as("never a delete that relies on If-Match")
        .allSatisfy(d -> assertThat(d.versionId()).isNotNull());
    if (expected == Delete.NONE) {
      assertThat(source.deleteRequests).isEmpty();
    } else {
      assertThat(source.deleteRequests).singleElement().satisfies(d -> {
        assertThat(d.key()).isEqualTo(FROM.key());
        assertThat(d.versionId()).isEqualTo(expected.versionId());
        assertThat(d.ifMatch()).isNull();
      });
    }
    assertThat(source.headObjectRequests).allSatisfy(h -> {
      assertThat(h.key()).isEqualTo(FROM.key());
      assertThat(h.ifMatch()).as("the HEAD is pinned to the copied ETag").isEqualTo(SOURCE_ETAG);
    });
    assertThat(out.status()).isEqualTo(status);
    assertThat(out.errorKind()).isEqualTo(kind);
    assertThat(out.errorMessage()).contains(message);
  }

  /** What one move sent (to the fake source and destination) and its outcome. */
  record Moved(FakeS3Client source, FakeS3Client dest, ObjectOutcome out) {}

  private static Moved move(ObjectOutcome in, Function<HeadObjectRequest, HeadObjectResponse> destHead,
      Function<HeadObjectRequest, HeadObjectResponse> sourceHead,
      Function<DeleteObjectRequest, DeleteObjectResponse> delete, boolean ifMatchHonoured) {
    FakeS3Client source = new FakeS3Client();
    FakeS3Client dest = new FakeS3Client();
    dest.onHeadObject = destHead;
    source.onHeadObject = sourceHead;
    source.onDeleteObject = delete;
    return new Moved(source, dest, new Mover(source, dest, null, ifMatchHonoured).move(in));
  }

  private static Function<HeadObjectRequest, HeadObjectResponse> versionHead(String versionId) {
    return r -> HeadObjectResponse.builder().contentLength(100L).eTag(SOURCE_ETAG).versionId(versionId).build();
  }

  private static Arguments row(String name, ObjectOutcome in, Function<HeadObjectRequest, HeadObjectResponse> destHead,
      Function<HeadObjectRequest, HeadObjectResponse> sourceHead,
      Function<DeleteObjectRequest, DeleteObjectResponse> delete, Delete expected, Status status, ErrorKind kind,
      String message) {
    return Arguments.of(name, in, destHead, sourceHead, delete, expected, status, kind, message);
  }

  private static ObjectOutcome copied(String version, CopyMethod method, String destETag) {
    return new ObjectOutcome(FROM, TO, 100, SOURCE_ETAG, version, destETag, method,
        method == CopyMethod.MULTIPART ? 2 : 1, Status.COPIED, null, null, 12, 1);
  }

  private static ObjectOutcome notCopied() {
    return new ObjectOutcome(FROM, TO, 100, SOURCE_ETAG, null, SOURCE_ETAG, CopyMethod.NONE, 0, Status.SKIPPED, null,
        "identical at the destination", 0, 0);
  }

  private static Function<HeadObjectRequest, HeadObjectResponse> head(long size, String eTag, String sse,
      String customerAlgorithm) {
    return r -> HeadObjectResponse.builder().contentLength(size).eTag(eTag).serverSideEncryption(sse)
        .sseCustomerAlgorithm(customerAlgorithm).build();
  }

  private static Function<HeadObjectRequest, HeadObjectResponse> failing(int status, String code) {
    return r -> {
      throw s3Error(status, code);
    };
  }

  private static Function<DeleteObjectRequest, DeleteObjectResponse> failingDelete(int status, String code) {
    return r -> {
      throw s3Error(status, code);
    };
  }
}
