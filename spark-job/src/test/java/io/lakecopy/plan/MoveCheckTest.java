package io.lakecopy.plan;

import static io.lakecopy.plan.MoveCheck.Outcome.FAILED;
import static io.lakecopy.plan.MoveCheck.Outcome.HEAD_SOURCE;
import static io.lakecopy.plan.MoveCheck.Outcome.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.plan.MoveCheck.DestinationHead;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When --move may delete a source, as a table; and exactly which version its delete names. */
class MoveCheckTest {
  private static final S3Location LOC = new S3Location("src", "data/a");
  private static final SourceObject SINGLE = new SourceObject(LOC, "a", 100, "\"aaa\"", null, 0);
  private static final SourceObject PARTS = new SourceObject(LOC, "a", 100, "\"aaa-2\"", null, 0);
  private static final Optional<String> UNREAD = Optional.empty();

  static Stream<Arguments> table() {
    return Stream.of(
        // source, method, the copy's ETag, destination HEAD, source encryption -> outcome, failure kind
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"aaa\"", head(100, "\"aaa\"", null), UNREAD, VERIFIED, null),
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"aaa\"", head(100, "\"aaa\"", "AES256"), UNREAD, VERIFIED, null),
        // the listed or manifest size was smaller (or larger) than the object the copy found
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"aaa\"", head(150, "\"aaa\"", null), UNREAD, FAILED,
            ErrorKind.SOURCE_CHANGED),
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"aaa\"", head(99, "\"aaa\"", null), UNREAD, FAILED,
            ErrorKind.SOURCE_CHANGED),
        // someone wrote the destination after the copy
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"aaa\"", head(100, "\"zzz\"", null), UNREAD, FAILED,
            ErrorKind.VERIFY_FAILED),
        row(SINGLE, CopyMethod.MULTIPART, "\"ccc-2\"", head(100, "\"ddd-2\"", null), UNREAD, FAILED,
            ErrorKind.VERIFY_FAILED),
        // a copy in parts has its own ETag: size and the copy's ETag are verified
        row(SINGLE, CopyMethod.MULTIPART, "\"ccc-2\"", head(100, "\"ccc-2\"", null), UNREAD, VERIFIED, null),
        // a source uploaded in parts copied with one CopyObject gets an MD5 ETag
        row(PARTS, CopyMethod.COPY_OBJECT, "\"ccc\"", head(100, "\"ccc\"", null), UNREAD, VERIFIED, null),
        // SSE-KMS destination: ETags are not MD5s
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"kkk\"", head(100, "\"kkk\"", "aws:kms"), UNREAD, VERIFIED, null),
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"kkk\"", head(100, "\"kkk\"", "aws:kms:dsse"), UNREAD, VERIFIED, null),
        // plain or SSE-S3 destination with another MD5: only an encrypted source explains it
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"bbb\"", head(100, "\"bbb\"", "AES256"), UNREAD, HEAD_SOURCE, null),
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"bbb\"", head(100, "\"bbb\"", null), Optional.of("aws:kms"), VERIFIED,
            null),
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"bbb\"", head(100, "\"bbb\"", null), Optional.of("SSE-C"), VERIFIED,
            null),
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"bbb\"", head(100, "\"bbb\"", null), Optional.of("AES256"), FAILED,
            ErrorKind.VERIFY_FAILED),
        row(SINGLE, CopyMethod.COPY_OBJECT, "\"bbb\"", head(100, "\"bbb\"", null), Optional.of(""), FAILED,
            ErrorKind.VERIFY_FAILED),
        // not copied by this run: planning proved the destination identical; it must still hold that ETag
        row(SINGLE, CopyMethod.NONE, "\"aaa\"", head(100, "\"aaa\"", null), UNREAD, VERIFIED, null),
        row(PARTS, CopyMethod.NONE, "\"eee-3\"", head(100, "\"eee-3\"", null), UNREAD, VERIFIED, null),
        row(SINGLE, CopyMethod.NONE, "\"aaa\"", head(100, "\"fff\"", null), UNREAD, FAILED, ErrorKind.VERIFY_FAILED));
  }

  private static DestinationHead head(long size, String eTag, String sse) {
    return new DestinationHead(size, eTag, sse);
  }

  private static Arguments row(SourceObject source, CopyMethod method, String copyETag, DestinationHead head,
      Optional<String> sourceEncryption, MoveCheck.Outcome outcome, ErrorKind kind) {
    return Arguments.of(source, method, copyETag, head, sourceEncryption, outcome, kind);
  }

  @ParameterizedTest(name = "{0} {1}, copy wrote {2}, destination {3}, source encryption {4} -> {5} {6}")
  @MethodSource("table")
  void verify_table(SourceObject source, CopyMethod method, String copyETag, DestinationHead head,
      Optional<String> sourceEncryption, MoveCheck.Outcome outcome, ErrorKind kind) {
    MoveCheck.Verdict v = MoveCheck.verify(source, method, copyETag, head, sourceEncryption);

    assertThat(v.outcome()).as(v.message()).isEqualTo(outcome);
    assertThat(v.failureKind()).isEqualTo(kind);
  }

  @Test
  void deleteOf_manifestNamedVersion_deletesThatVersionOnly() {
    SourceObject versioned = new SourceObject(LOC, "a", 100, "\"aaa\"", null, 3, "v-old");

    assertThat(MoveCheck.deleteOf(versioned, "v-other")).isEqualTo(new MoveCheck.SourceDelete(LOC, "v-old", null));
  }

  @Test
  void deleteOf_copyNamedTheVersionItCopied_deletesThatVersion() {
    assertThat(MoveCheck.deleteOf(SINGLE, "v-7")).isEqualTo(new MoveCheck.SourceDelete(LOC, "v-7", null));
  }

  @Test
  void deleteOf_noVersion_deletesOnlyIfTheETagStillMatches() {
    assertThat(MoveCheck.deleteOf(SINGLE, null)).isEqualTo(new MoveCheck.SourceDelete(LOC, null, "\"aaa\""));
    assertThat(MoveCheck.deleteOf(SINGLE, "")).isEqualTo(new MoveCheck.SourceDelete(LOC, null, "\"aaa\""));
    // an unversioned bucket's version id is the literal "null"
    assertThat(MoveCheck.deleteOf(SINGLE, "null")).isEqualTo(new MoveCheck.SourceDelete(LOC, null, "\"aaa\""));
  }

  @ParameterizedTest(name = "HEAD version {0}")
  @org.junit.jupiter.params.provider.NullSource
  @org.junit.jupiter.params.provider.ValueSource(strings = {"", " ", "null"})
  void versionOf_storeIgnoresIfMatchAndTheSourceHasNoVersion_noDelete(String headVersion) {
    assertThat(MoveCheck.versionOf(MoveCheck.deleteOf(SINGLE, null), headVersion)).isEmpty();
  }

  @Test
  void versionOf_storeIgnoresIfMatch_deletesExactlyTheVersionThePinnedHeadFound() {
    assertThat(MoveCheck.versionOf(MoveCheck.deleteOf(SINGLE, null), "v-9"))
        .contains(new MoveCheck.SourceDelete(LOC, "v-9", null));
  }

  @Test
  void sourceDelete_neitherOrBoth_rejected() {
    assertThatThrownBy(() -> new MoveCheck.SourceDelete(LOC, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MoveCheck.SourceDelete(LOC, "v", "\"e\"")).isInstanceOf(IllegalArgumentException.class);
  }
}
