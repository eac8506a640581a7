package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.plan.CheckVerdict.Result;
import io.lakecopy.plan.CheckVerdict.Side;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every result of {@link CheckVerdict#of}, as a table of source and destination objects and the exact verdict. */
class CheckVerdictTest {
  private static final String MD5_A = "\"0123456789abcdef0123456789abcdef\"";
  private static final String MD5_B = "fedcba9876543210fedcba9876543210";
  private static final String PARTS3_A = "\"0123456789abcdef0123456789abcdef-3\"";
  private static final String PARTS3_B = "\"fedcba9876543210fedcba9876543210-3\"";
  private static final String PARTS4 = "\"0123456789abcdef0123456789abcdef-4\"";

  static Stream<Arguments> table() {
    return Stream.of(
        row("same MD5", side(10, MD5_A), side(10, MD5_A), Result.SAME, ""),
        row("same MD5, quoted on one side only", side(10, MD5_A), side(10, MD5_A.replace("\"", "")), Result.SAME, ""),
        row("empty objects", side(0, "d41d8cd98f00b204e9800998ecf8427e"), side(0, "d41d8cd98f00b204e9800998ecf8427e"),
            Result.SAME, ""),
        row("same multipart ETag", side(10, PARTS3_A), side(10, PARTS3_A), Result.SAME, ""),
        row("other MD5, same size", side(10, MD5_A), side(10, MD5_B), Result.DIFFER, "ETag differs"),
        row("other multipart ETag, same parts and size", side(10, PARTS3_A), side(10, PARTS3_B), Result.DIFFER,
            "ETag differs"),
        row("other size, same ETag", side(10, MD5_A), side(11, MD5_A), Result.DIFFER, "size differs"),
        row("other size and ETag shapes", side(10, MD5_A), side(11, PARTS4), Result.DIFFER, "size differs"),
        row("single-part source, multipart copy", side(10, MD5_A), side(10, PARTS3_A), Result.UNVERIFIED,
            "same size, ETags not comparable: one written in one request, one in parts"),
        row("multipart source, single-part copy", side(10, PARTS3_A), side(10, MD5_A), Result.UNVERIFIED,
            "same size, ETags not comparable: one written in one request, one in parts"),
        row("other part counts", side(10, PARTS3_A), side(10, PARTS4), Result.UNVERIFIED,
            "same size, ETags not comparable: 3 parts at the source, 4 at the destination"),
        row("source ETag of another shape", side(10, "\"abc\""), side(10, MD5_A), Result.UNVERIFIED,
            "same size, ETags not comparable: not an MD5 ETag at the source"),
        row("destination ETag of another shape", side(10, MD5_A), side(10, "W/\"x\""), Result.UNVERIFIED,
            "same size, ETags not comparable: not an MD5 ETag at the destination"),
        row("equal ETags of another shape", side(10, "\"abc\""), side(10, "\"abc\""), Result.UNVERIFIED,
            "same size, ETags not comparable: not an MD5 ETag at the source"),
        row("no source ETag", side(10, null), side(10, MD5_A), Result.UNVERIFIED,
            "same size, ETags not comparable: no ETag at the source"),
        row("no destination ETag", side(10, MD5_A), side(10, null), Result.UNVERIFIED,
            "same size, ETags not comparable: no ETag at the destination"),
        row("part count 0 is no multipart ETag", side(10, MD5_A.replace("\"", "") + "-0"), side(10, MD5_A),
            Result.UNVERIFIED, "same size, ETags not comparable: not an MD5 ETag at the source"),
        row("source only", side(10, MD5_A), null, Result.MISSING, "not at the destination"),
        row("destination only", null, side(10, MD5_A), Result.EXTRA, "no source maps to this key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void of_sourceAndDestination_givesVerdict(String name, Side source, Side dest, Result result, String reason) {
    CheckVerdict verdict = CheckVerdict.of(Optional.ofNullable(source), Optional.ofNullable(dest));

    assertThat(verdict).isEqualTo(new CheckVerdict(result, reason));
  }

  static Stream<Arguments> recorded() {
    String unverified = "same size, ETags not comparable: one written in one request, one in parts";
    return Stream.of(
        Arguments.of("recorded is the source's ETag", side(10, MD5_A), side(10, PARTS3_B), MD5_A.replace("\"", ""),
            Result.SAME, "recorded source ETag (lakecopy-source-etag) matches"),
        Arguments.of("recorded is another ETag", side(10, MD5_A), side(10, PARTS3_B), MD5_B, Result.DIFFER,
            "recorded source ETag (lakecopy-source-etag) differs"),
        Arguments.of("nothing recorded", side(10, MD5_A), side(10, PARTS3_B), null, Result.UNVERIFIED, unverified),
        Arguments.of("no source ETag to compare with", side(10, null), side(10, PARTS3_B), "x", Result.UNVERIFIED,
            "same size, ETags not comparable: no ETag at the source"),
        Arguments.of("comparable ETags are not overruled", side(10, MD5_A), side(10, MD5_B),
            MD5_A.replace("\"", ""), Result.DIFFER, "ETag differs"),
        Arguments.of("size differs is not overruled", side(10, MD5_A), side(11, PARTS3_B), MD5_A.replace("\"", ""),
            Result.DIFFER, "size differs"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recorded")
  void withRecordedSourceETag_recorded_settlesOnlyUnverified(String name, Side source, Side dest, String recorded,
      Result result, String reason) {
    CheckVerdict first = CheckVerdict.of(Optional.of(source), Optional.of(dest));

    CheckVerdict verdict = first.withRecordedSourceETag(source, recorded);

    assertThat(verdict).isEqualTo(new CheckVerdict(result, reason));
    assertThat(first.wantsRecordedSourceETag(source)).isEqualTo(first.result() == Result.UNVERIFIED
        && source.eTag() != null);
  }

  static Stream<Arguments> encryption() {
    return Stream.of(
        Arguments.of("neither by key", side(10, MD5_A), side(10, MD5_B), false, false, Result.DIFFER, "ETag differs"),
        Arguments.of("SSE-KMS copy", side(10, MD5_A), side(10, MD5_B), false, true, Result.UNVERIFIED,
            "same size, ETags not comparable: SSE-KMS or SSE-C at the destination"),
        Arguments.of("SSE-C source", side(10, MD5_A), side(10, MD5_B), true, false, Result.UNVERIFIED,
            "same size, ETags not comparable: SSE-KMS or SSE-C at the source"),
        Arguments.of("both by key, multipart", side(10, PARTS3_A), side(10, PARTS3_B), true, true, Result.UNVERIFIED,
            "same size, ETags not comparable: SSE-KMS or SSE-C on both sides"),
        Arguments.of("equal ETags are not overruled", side(10, MD5_A), side(10, MD5_A), true, true, Result.SAME, ""),
        Arguments.of("size differs is not overruled", side(10, MD5_A), side(11, MD5_B), true, true, Result.DIFFER,
            "size differs"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encryption")
  void withEncryption_byKey_makesOnlyADifferingETagUnverified(String name, Side source, Side dest,
      boolean sourceByKey, boolean destByKey, Result result, String reason) {
    CheckVerdict first = CheckVerdict.of(Optional.of(source), Optional.of(dest));

    CheckVerdict verdict = first.withEncryption(sourceByKey, destByKey);

    assertThat(verdict).isEqualTo(new CheckVerdict(result, reason));
    assertThat(first.wantsEncryption()).isEqualTo(first.reason().equals("ETag differs"));
  }

  static Stream<Arguments> content() {
    return Stream.of(
        Arguments.of("same ETags, same bytes", side(10, MD5_A), side(10, MD5_A), true, Result.SAME,
            "same bytes (downloaded)"),
        Arguments.of("same ETags, other bytes", side(10, MD5_A), side(10, MD5_A), false, Result.DIFFER,
            "content differs (downloaded)"),
        Arguments.of("other ETags, same bytes", side(10, MD5_A), side(10, MD5_B), true, Result.SAME,
            "same bytes (downloaded)"),
        Arguments.of("incomparable ETags, other bytes", side(10, MD5_A), side(10, PARTS3_A), false, Result.DIFFER,
            "content differs (downloaded)"),
        Arguments.of("size differs needs no download", side(10, MD5_A), side(11, MD5_A), true, Result.DIFFER,
            "size differs"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("content")
  void withContent_comparedBytes_decideEveryKeyOfOneSize(String name, Side source, Side dest, boolean sameBytes,
      Result result, String reason) {
    CheckVerdict first = CheckVerdict.of(Optional.of(source), Optional.of(dest));

    assertThat(first.withContent(sameBytes)).isEqualTo(new CheckVerdict(result, reason));
    assertThat(first.wantsContent()).isEqualTo(source.sizeBytes() == dest.sizeBytes());
  }

  @Test
  void wantsContent_oneSideOnly_isFalse() {
    assertThat(CheckVerdict.of(Optional.of(side(1, MD5_A)), Optional.empty()).wantsContent()).isFalse();
    assertThat(CheckVerdict.of(Optional.empty(), Optional.of(side(1, MD5_A))).wantsContent()).isFalse();
  }

  @Test
  void of_neitherSide_throws() {
    assertThatThrownBy(() -> CheckVerdict.of(Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void side_negativeSize_throws() {
    assertThatThrownBy(() -> new Side(-1, MD5_A)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  void label_isLowerCaseName() {
    assertThat(Stream.of(Result.values()).map(Result::label))
        .containsExactly("same", "differ", "missing", "extra", "unverified");
  }

  static Stream<Arguments> checksums() {
    io.lakecopy.s3.Checksum crcA = new io.lakecopy.s3.Checksum("CRC32", "FULL_OBJECT", "AAAAAA==");
    io.lakecopy.s3.Checksum crcB = new io.lakecopy.s3.Checksum("CRC32", "FULL_OBJECT", "BBBBBB==");
    io.lakecopy.s3.Checksum crc64 = new io.lakecopy.s3.Checksum("CRC64NVME", "FULL_OBJECT", "AAAAAAAAAAA=");
    io.lakecopy.s3.Checksum composite = new io.lakecopy.s3.Checksum("CRC32", "COMPOSITE", "AAAAAA==-2");
    String parts = "\"0123456789abcdef0123456789abcdef-2\"";
    return Stream.of(
        // name, source, dest, source checksum, dest checksum, result, reason
        Arguments.of("unverified, equal CRCs", side(10, parts), side(10, MD5_A), crcA, crcA, Result.SAME,
            "full-object checksums equal (CRC32)"),
        Arguments.of("unverified, other CRCs", side(10, parts), side(10, MD5_A), crcA, crcB, Result.DIFFER,
            "full-object checksums differ (CRC32 AAAAAA== at the source, BBBBBB== at the destination)"),
        Arguments.of("other algorithms stay unverified", side(10, parts), side(10, MD5_A), crcA, crc64, null, null),
        Arguments.of("composite stays unverified", side(10, parts), side(10, parts.replace("-2", "-3")), composite,
            composite, null, null),
        Arguments.of("no checksum at the destination", side(10, parts), side(10, MD5_A), crcA, null, null, null),
        Arguments.of("same ETags: checksums not asked", side(10, MD5_A), side(10, MD5_A), crcA, crcB, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checksums")
  void withChecksums_fullObjectOfOneAlgorithmDecideAnUnverifiedKey(String name, Side source, Side dest,
      io.lakecopy.s3.Checksum sourceChecksum, io.lakecopy.s3.Checksum destChecksum, Result result, String reason) {
    CheckVerdict first = CheckVerdict.of(Optional.of(source), Optional.of(dest));

    CheckVerdict verdict = first.withChecksums(sourceChecksum, destChecksum);

    assertThat(verdict).isEqualTo(result == null ? first : new CheckVerdict(result, reason));
  }

  private static Side side(long size, String eTag) {
    return new Side(size, eTag);
  }

  private static Arguments row(String name, Side source, Side dest, Result result, String reason) {
    return Arguments.of(name, source, dest, result, reason);
  }
}
