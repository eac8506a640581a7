package io.lakecopy.plan;

import io.lakecopy.s3.S3Limits;

import static io.lakecopy.s3.S3Limits.GiB;
import static io.lakecopy.s3.S3Limits.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CopyMethodTest {
  private static final long THRESHOLD = 128 * MiB;
  private static final String MD5 = "\"9b2cf535f27731c974343645a3985328\"";
  private static final String PARTS = "\"9b2cf535f27731c974343645a3985328-3\"";

  static Stream<Arguments> cases() {
    return Stream.of(
        // size, source ETag, threshold, keep comparable ETags, expected
        Arguments.of(THRESHOLD, MD5, THRESHOLD, false, CopyMethod.COPY_OBJECT),
        Arguments.of(THRESHOLD + 1, MD5, THRESHOLD, false, CopyMethod.MULTIPART),
        Arguments.of(0L, MD5, THRESHOLD, false, CopyMethod.COPY_OBJECT),
        Arguments.of(0L, PARTS, THRESHOLD, true, CopyMethod.COPY_OBJECT),
        Arguments.of(5 * GiB, MD5, 5 * GiB, false, CopyMethod.COPY_OBJECT),
        Arguments.of(5 * GiB + 1, MD5, 5 * GiB, false, CopyMethod.MULTIPART),
        Arguments.of(5 * GiB + 1, MD5, 10 * GiB, false, CopyMethod.MULTIPART),
        Arguments.of(5 * GiB, MD5, Long.MAX_VALUE, false, CopyMethod.COPY_OBJECT),
        Arguments.of(1L, PARTS, THRESHOLD, false, CopyMethod.COPY_OBJECT),
        Arguments.of(1L, PARTS, THRESHOLD, true, CopyMethod.MULTIPART),
        Arguments.of(1L, MD5, THRESHOLD, true, CopyMethod.COPY_OBJECT),
        Arguments.of(THRESHOLD + 1, MD5, THRESHOLD, true, CopyMethod.MULTIPART));
  }

  @ParameterizedTest(name = "{0} bytes, ETag {1}, threshold {2}, keep ETags {3} -> {4}")
  @MethodSource("cases")
  void of_sizeThresholdAndETag_choosesTheMethod(long size, String eTag, long threshold, boolean keep,
      CopyMethod expected) {
    assertThat(CopyMethod.of(size, eTag, threshold, keep)).isEqualTo(expected);
    assertThat(CopyMethod.of(size, eTag, threshold, keep, false)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "streamed: {0} bytes, ETag {1}, threshold {2}, keep ETags {3} -> {4}")
  @MethodSource("cases")
  void of_streamed_choosesTheStreamedCounterpart(long size, String eTag, long threshold, boolean keep,
      CopyMethod serverSide) {
    CopyMethod expected = serverSide == CopyMethod.MULTIPART ? CopyMethod.STREAM_MULTIPART : CopyMethod.STREAM;

    CopyMethod m = CopyMethod.of(size, eTag, threshold, keep, true);

    assertThat(m).isEqualTo(expected);
    assertThat(m.streamed()).isTrue();
    assertThat(m.inParts()).isEqualTo(serverSide.inParts());
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        // method, in parts, streamed, dry-run text for 3 parts
        Arguments.of(CopyMethod.COPY_OBJECT, false, false, "one CopyObject"),
        Arguments.of(CopyMethod.MULTIPART, true, false, "3 UploadPartCopy parts"),
        Arguments.of(CopyMethod.STREAM, false, true, "one GetObject streamed into one PutObject"),
        Arguments.of(CopyMethod.STREAM_MULTIPART, true, true, "3 ranged GetObjects streamed into UploadPart parts"),
        Arguments.of(CopyMethod.NONE, false, false, "nothing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void method_kindAndDescription(CopyMethod m, boolean inParts, boolean streamed, String described) {
    assertThat(m.inParts()).isEqualTo(inParts);
    assertThat(m.streamed()).isEqualTo(streamed);
    assertThat(m.describe(3)).isEqualTo(described);
  }

  @ParameterizedTest(name = "multipart(streamed={0}) -> {1}")
  @MethodSource("multiparts")
  void multipart_followsTheRun(boolean streamed, CopyMethod expected) {
    assertThat(CopyMethod.multipart(streamed)).isEqualTo(expected);
  }

  static Stream<Arguments> multiparts() {
    return Stream.of(Arguments.of(false, CopyMethod.MULTIPART), Arguments.of(true, CopyMethod.STREAM_MULTIPART));
  }

  @ParameterizedTest(name = "{0}: {1} rows")
  @MethodSource("rowCounts")
  void planRows_streamedMethods_rowsAsTheirServerSideCounterparts(CopyMethod method, int rows) {
    SourceObject source = new SourceObject(new io.lakecopy.s3.S3Location("src", "a/b"), "b", 12 * MiB, MD5,
        null, 0);
    Decision copy = new Decision(Decision.Action.COPY, null, "new");

    List<PlanRow> planned = PlanRow.rows(1, 0, source, new io.lakecopy.s3.S3Location("dst", "b"),
        java.util.Optional.empty(), false, copy, method, 5 * MiB, true);

    assertThat(planned).hasSize(rows).allSatisfy(r -> assertThat(r.method()).isEqualTo(method));
    assertThat(planned.get(rows - 1).partCount()).isEqualTo(rows);
  }

  static Stream<Arguments> rowCounts() {
    return Stream.of(Arguments.of(CopyMethod.MULTIPART, 3), Arguments.of(CopyMethod.STREAM_MULTIPART, 3),
        Arguments.of(CopyMethod.STREAM, 1), Arguments.of(CopyMethod.COPY_OBJECT, 1));
  }
}
