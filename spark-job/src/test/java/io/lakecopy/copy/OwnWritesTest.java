package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

class OwnWritesTest {
  private static final String ETAG = "\"9b2cf535f27731c974343645a3985328\"";

  private final FakeS3Client s3 = new FakeS3Client();

  @ParameterizedTest(name = "version {0}, ETag {1}, If-Match {2} -> {3}")
  @CsvSource(nullValues = "null", value = {
      // a version the write named is that write, whatever the store does with If-Match
      "v1,   \"e\", HONOURED, BY_VERSION",
      "v1,   \"e\", IGNORED,  BY_VERSION",
      "v1,   \"e\", UNKNOWN,  BY_VERSION",
      "v1,   null,  IGNORED,  BY_VERSION",
      // no version (unversioned bucket: none, empty, or the literal "null"): the ETag holds only where honoured
      "null, \"e\", HONOURED, IF_MATCH",
      "'',   \"e\", HONOURED, IF_MATCH",
      "null, \"e\", HONOURED, IF_MATCH",
      "null, \"e\", IGNORED,  KEEP",
      "null, \"e\", UNKNOWN,  PROBE_FIRST",
      // the literal version id "null" names no version
      "'null', \"e\", IGNORED, KEEP",
      "'null', \"e\", HONOURED, IF_MATCH",
      // neither: nothing can be held to the write
      "null, null,  HONOURED, KEEP",
      "null, '',    HONOURED, KEEP",
      "null, null,  UNKNOWN,  KEEP"})
  void how_versionFirstThenIfMatchOnlyWhereHonoured(String version, String eTag, DeleteCondition condition,
      OwnWrites.How how) {
    assertThat(OwnWrites.how(version, eTag, condition)).isEqualTo(how);
  }

  @ParameterizedTest(name = "{0} -> ''{1}''")
  @CsvSource(value = {"a.bin, ''", "lake/a.bin, lake/", "lake/x/a b.bin, lake/x/", "lake/, lake/", "/a, /"})
  void parent_isTheKeysDirectory(String key, String parent) {
    assertThat(OwnWrites.parent(key)).isEqualTo(parent);
  }

  @Test
  void delete_ignored_unversioned_sendsNothingAndSaysWhy() {
    Optional<String> kept = new OwnWrites(s3, DeleteCondition.IGNORED, o -> { }).delete("dst-bucket", "lake/a", ETAG, null);

    assertThat(kept).hasValueSatisfying(why -> assertThat(why).contains("does not hold DeleteObject to If-Match"));
    assertThat(s3.deleteRequests).isEmpty();
    assertThat(s3.putRequests).as("no probe either: the store is known").isEmpty();
  }

  @Test
  void delete_unknown_probesOnceNextToTheKey_thenDeletesIfMatch() {
    s3.onPutObject = r -> PutObjectResponse.builder().eTag("\"probe\"").build();
    s3.onDeleteObject = r -> {
      if (CopySourceProbe.NO_OBJECT_HAS_IT.equals(r.ifMatch())) {
        throw s3Error(412, "PreconditionFailed");
      }
      return DeleteObjectResponse.builder().build();
    };
    OwnWrites own = new OwnWrites(s3, DeleteCondition.UNKNOWN, o -> { });

    assertThat(own.delete("dst-bucket", "lake/x/a", ETAG, null)).isEmpty();
    assertThat(own.delete("dst-bucket", "lake/x/c", ETAG, null)).isEmpty();

    assertThat(own.known()).isEqualTo(DeleteCondition.HONOURED);
    assertThat(s3.putRequests).singleElement().satisfies(p -> assertThat(p.key()).startsWith("lake/x/_lakecopy-probe-"));
    assertThat(s3.deleteRequests).filteredOn(d -> !d.key().contains("_lakecopy-probe-"))
        .extracting(DeleteObjectRequest::key, DeleteObjectRequest::ifMatch, DeleteObjectRequest::versionId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("lake/x/a", ETAG, null),
            org.assertj.core.groups.Tuple.tuple("lake/x/c", ETAG, null));
  }

  @Test
  void delete_unknown_probeFindsTheConditionIgnored_keepsTheWrite() {
    s3.onPutObject = r -> PutObjectResponse.builder().eTag("\"probe\"").build();
    OwnWrites own = new OwnWrites(s3, DeleteCondition.UNKNOWN, o -> { }); // the fake deletes whatever If-Match says

    assertThat(own.delete("dst-bucket", "a", ETAG, null)).isPresent();

    assertThat(own.known()).isEqualTo(DeleteCondition.IGNORED);
    assertThat(s3.deleteRequests).as("only the probe's own delete").singleElement()
        .satisfies(d -> assertThat(d.key()).startsWith("_lakecopy-probe-"));
  }

  @Test
  void delete_unknown_probeCannotBeWritten_keepsTheWrite() {
    s3.onPutObject = r -> {
      throw s3Error(403, "AccessDenied");
    };
    OwnWrites own = new OwnWrites(s3, DeleteCondition.UNKNOWN, o -> { });

    assertThat(own.delete("dst-bucket", "a", ETAG, null)).isPresent();
    assertThat(own.known()).isEqualTo(DeleteCondition.IGNORED);
    assertThat(s3.deleteRequests).isEmpty();
  }

  @Test
  void delete_version_deletesThatVersionWithoutAProbe() {
    OwnWrites own = new OwnWrites(s3, DeleteCondition.UNKNOWN, o -> { });

    assertThat(own.delete("dst-bucket", "a", ETAG, "v7")).isEmpty();

    assertThat(s3.putRequests).isEmpty();
    assertThat(s3.deleteRequests).singleElement().satisfies(d -> {
      assertThat(d.versionId()).isEqualTo("v7");
      assertThat(d.ifMatch()).isNull();
    });
  }

  @Test
  void delete_fails_saysSoAndNamesTheError() {
    s3.onDeleteObject = r -> {
      throw s3Error(403, "AccessDenied");
    };

    assertThat(new OwnWrites(s3, DeleteCondition.HONOURED, o -> { }).delete("dst-bucket", "a", ETAG, null))
        .hasValueSatisfying(why -> assertThat(why).startsWith("the delete failed (").contains("AccessDenied"));
  }
}
