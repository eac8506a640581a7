package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.config.FilterRule;
import io.lakecopy.config.KeyFilter;
import io.lakecopy.config.ObjectFilter;
import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.DeleteScope;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.Status;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;

/** --delete for one destination object: one DeleteObject with If-Match on the listed ETag, and its outcome. */
class DeleterTest {
  private static final S3Location AT = new S3Location("dst-bucket", "copy/orphan 1+%.parquet");
  private static final String LISTED_ETAG = "\"5d41402abc4b2a76b9719d911017c592\"";

  private final FakeS3Client dest = new FakeS3Client();

  static Stream<Arguments> answers() {
    return Stream.of(
        // the delete's answer -> status, kind, message
        Arguments.of("204", ok(), Status.DELETED, null, "no source: deleted (--delete)"),
        Arguments.of("412: rewritten since the listing", failing(412, "PreconditionFailed"), Status.SKIPPED, null,
            "changed after it was listed, so it was kept"),
        Arguments.of("404: already gone", failing(404, "NoSuchKey"), Status.SKIPPED, null, "already gone"),
        Arguments.of("403", failing(403, "AccessDenied"), Status.FAILED, ErrorKind.DELETE_FAILED,
            "delete failed: HTTP 403 AccessDenied"),
        Arguments.of("400", failing(400, "InvalidRequest"), Status.FAILED, ErrorKind.DELETE_FAILED,
            "delete failed: HTTP 400 InvalidRequest"),
        Arguments.of("501: If-Match not implemented", failing(501, "NotImplemented"), Status.FAILED,
            ErrorKind.DELETE_FAILED, "delete failed: HTTP 501"),
        Arguments.of("500", failing(500, "InternalError"), Status.FAILED, ErrorKind.DELETE_FAILED,
            "delete failed: HTTP 500 InternalError"),
        Arguments.of("503 after the SDK's retries", failing(503, "SlowDown"), Status.FAILED, ErrorKind.DELETE_FAILED,
            "delete failed: HTTP 503 SlowDown"),
        Arguments.of("connection refused", (Function<DeleteObjectRequest, DeleteObjectResponse>) r -> {
          throw SdkClientException.create("refused", new java.net.ConnectException("Connection refused"));
        }, Status.FAILED, ErrorKind.DELETE_FAILED, "delete failed: SdkClientException: refused"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void delete_answer_oneIfMatchDeleteAndItsOutcome(String name, Function<DeleteObjectRequest, DeleteObjectResponse>
      answer, Status status, ErrorKind kind, String message) {
    dest.onDeleteObject = answer;

    ObjectOutcome out = new Deleter(dest, null, true).delete(AT, 42, LISTED_ETAG);

    assertThat(dest.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.bucket()).isEqualTo("dst-bucket");
      assertThat(d.key()).isEqualTo("copy/orphan 1+%.parquet");
      assertThat(d.ifMatch()).isEqualTo(LISTED_ETAG);
      assertThat(d.versionId()).isNull();
    });
    assertThat(out.status()).isEqualTo(status);
    assertThat(out.errorKind()).isEqualTo(kind);
    assertThat(out.errorMessage()).contains(message);
    assertThat(out).extracting(ObjectOutcome::from, ObjectOutcome::to, ObjectOutcome::sizeBytes,
        ObjectOutcome::destETag, ObjectOutcome::method).containsExactly(null, AT, 42L, LISTED_ETAG, CopyMethod.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void delete_listedWithoutAnETag_nothingSentAndFailed(String eTag) {
    ObjectOutcome out = new Deleter(dest, null, true).delete(AT, 42, eTag);

    assertThat(dest.deleteRequests).as("an unconditional delete could remove what was written since").isEmpty();
    assertThat(out.status()).isEqualTo(Status.FAILED);
    assertThat(out.errorKind()).isEqualTo(ErrorKind.DELETE_FAILED);
  }

  @Test
  void delete_storeIgnoresIfMatch_nothingSentAndKept() {
    ObjectOutcome out = new Deleter(dest, null, false).delete(AT, 42, LISTED_ETAG);

    assertThat(dest.deleteRequests).as("the condition would not hold: a rewritten object would be lost").isEmpty();
    assertThat(out.status()).isEqualTo(Status.FAILED);
    assertThat(out.errorKind()).isEqualTo(ErrorKind.DELETE_FAILED);
    assertThat(out.errorMessage()).contains("does not honour If-Match on DeleteObject");
  }

  @Test
  void delete_nullETag_nothingSentAndFailed() {
    ObjectOutcome out = new Deleter(dest, null, true).delete(AT, 42, null);

    assertThat(dest.deleteRequests).isEmpty();
    assertThat(out.status()).isEqualTo(Status.FAILED);
  }

  /**
   * The rows --delete acts on are those {@link DeleteScopeFn} lets through when the plan is written: a row the scope
   * keeps never reaches a {@link Deleter}, so no request is sent for it.
   */
  @Test
  void deleteScopeFn_rowsTheScopeKeeps_noDeleteSentForThem() {
    StructType schema = new StructType().add("key", "string").add("size", "long").add("etag", "string")
        .add("last_modified", "timestamp");
    ObjectFilter filter = ObjectFilter.globsOnly(new KeyFilter(List.of(new FilterRule(false, "*.tmp"))));
    DeleteScopeFn scope = new DeleteScopeFn(new DeleteScope("lake/", filter, List.of(), Optional.of("_DONE")),
        "copy/".length());
    List<Row> listed = List.of(
        row(schema, "copy/orphan.parquet"),
        row(schema, "copy/scratch.tmp"), // excluded by the filter: kept
        row(schema, "copy/_DONE"), // the completion marker: kept
        row(schema, "copy/dir/old.csv"));
    Deleter deleter = new Deleter(dest, null, true);

    List<ObjectOutcome> outcomes = listed.stream().filter(scope::call)
        .map(r -> deleter.delete(new S3Location("dst-bucket", r.getAs("key")), r.<Long>getAs("size"), r.getAs("etag")))
        .toList();

    assertThat(dest.deleteRequests).extracting(DeleteObjectRequest::key)
        .containsExactly("copy/orphan.parquet", "copy/dir/old.csv");
    assertThat(outcomes).extracting(ObjectOutcome::status).containsOnly(Status.DELETED);
  }

  private static Row row(StructType schema, String key) {
    return new GenericRowWithSchema(new Object[] {key, 10L, LISTED_ETAG, null}, schema);
  }

  private static Function<DeleteObjectRequest, DeleteObjectResponse> ok() {
    return r -> DeleteObjectResponse.builder().build();
  }

  private static Function<DeleteObjectRequest, DeleteObjectResponse> failing(int status, String code) {
    return r -> {
      throw s3Error(status, code);
    };
  }
}
