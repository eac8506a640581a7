package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.copy.Verification.By;
import io.lakecopy.s3.Checksum;
import io.lakecopy.s3.LakecopyException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerificationTest {
  private static final String MD5 = "\"9b2cf535f27731c974343645a3985328\"";
  private static final String OTHER_MD5 = "\"0cc175b9c0f1b6a831c399e269772661\"";
  private static final String PARTS_3 = "\"6d1e2a1c9b0b8e3f5c7a4d2e1f0a9b8c-3\"";
  private static final Checksum CRC64 = new Checksum("CRC64NVME", Checksum.FULL_OBJECT, "4YgHcu35g5k=");
  private static final Checksum CRC64_OTHER = new Checksum("CRC64NVME", Checksum.FULL_OBJECT, "5rjag+5LOD8=");
  private static final Checksum CRC32C = new Checksum("CRC32C", Checksum.FULL_OBJECT, "QTbruQ==");
  private static final Checksum CRC32C_COMPOSITE_3 = new Checksum("CRC32C", Checksum.COMPOSITE, "NZoRwQ==-3");
  private static final Checksum CRC32C_COMPOSITE_3B = new Checksum("CRC32C", Checksum.COMPOSITE, "AAAAAA==-3");
  private static final Checksum SHA256 = new Checksum("SHA256", Checksum.FULL_OBJECT, "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=");

  static Stream<Arguments> results() {
    return Stream.of(
        // name, source ETag, dest ETag, encrypted, source checksum, dest checksum, same layout, by, fails
        Arguments.of("equal full-object checksums", PARTS_3, MD5, false, CRC64, CRC64, false, By.CHECKSUM, false),
        Arguments.of("full-object checksums differ", PARTS_3, MD5, false, CRC64, CRC64_OTHER, false, By.CHECKSUM, true),
        Arguments.of("checksum decides over equal MD5s", MD5, MD5, false, CRC64, CRC64_OTHER, true, By.CHECKSUM, true),
        Arguments.of("encrypted copy, equal checksums", MD5, OTHER_MD5, true, CRC32C, CRC32C, true, By.CHECKSUM, false),
        Arguments.of("other algorithms: ETag decides", MD5, MD5, false, CRC64, CRC32C, true, By.ETAG, false),
        Arguments.of("composite over other parts is not compared", PARTS_3, PARTS_3.replace("-3", "-2"), false,
            CRC32C_COMPOSITE_3, CRC32C_COMPOSITE_3B, false, By.SIZE, false),
        Arguments.of("composite over the same parts, equal", PARTS_3, PARTS_3, false, CRC32C_COMPOSITE_3,
            CRC32C_COMPOSITE_3, true, By.CHECKSUM, false),
        Arguments.of("composite over the same parts, differ", PARTS_3, PARTS_3, false, CRC32C_COMPOSITE_3,
            CRC32C_COMPOSITE_3B, true, By.CHECKSUM, true),
        Arguments.of("composite against full-object", PARTS_3, MD5, false, CRC32C_COMPOSITE_3, CRC32C, false,
            By.SIZE, false),
        Arguments.of("no checksum at the destination", MD5, MD5, false, CRC64, null, true, By.ETAG, false),
        Arguments.of("no checksum anywhere, MD5s equal", MD5, MD5, false, null, null, true, By.ETAG, false),
        Arguments.of("MD5s of an encrypted copy prove nothing", MD5, MD5, true, null, null, true, By.SIZE, false),
        Arguments.of("MD5s differ: no proof, no mismatch", MD5, OTHER_MD5, true, null, null, true, By.SIZE, false),
        Arguments.of("multipart ETags over the same parts", PARTS_3, PARTS_3, false, null, null, true, By.ETAG, false),
        Arguments.of("multipart ETags over other parts", PARTS_3, PARTS_3, false, null, null, false, By.SIZE, false),
        Arguments.of("multipart source, single copy, no checksum", PARTS_3, MD5, false, null, null, false, By.SIZE,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("results")
  void of_decidesWhatProvesACopy(String name, String sourceETag, String destETag, boolean encrypted, Checksum source,
      Checksum dest, boolean sameLayout, By by, boolean fails) {
    Verification.Result r = Verification.of(sourceETag, destETag, encrypted, Optional.ofNullable(source),
        Optional.ofNullable(dest), sameLayout);

    assertThat(r.by()).isEqualTo(by);
    assertThat(r.failed()).isEqualTo(fails);
    if (fails) {
      assertThat(r.mismatch()).contains(source.value()).contains(dest.value());
    }
  }

  static Stream<Arguments> asks() {
    return Stream.of(
        // source checksum, --checksum-algorithm, multipart, asked
        Arguments.of(CRC64, null, false, "CRC64NVME"),
        Arguments.of(CRC64, "CRC32C", true, "CRC64NVME"),
        Arguments.of(SHA256, null, false, "SHA256"),
        Arguments.of(SHA256, null, true, null),
        Arguments.of(SHA256, "CRC32", true, "CRC32"),
        Arguments.of(CRC32C_COMPOSITE_3, null, true, null),
        Arguments.of(CRC32C_COMPOSITE_3, "CRC64NVME", false, "CRC64NVME"),
        Arguments.of(null, null, true, null),
        Arguments.of(null, "CRC32C", false, "CRC32C"));
  }

  @ParameterizedTest
  @MethodSource("asks")
  void askFor_theSourcesAlgorithmWhereComparable(Checksum source, String flag, boolean multipart, String asked) {
    assertThat(new Verification(true, flag).askFor(Optional.ofNullable(source), multipart)).isEqualTo(asked);
  }

  @Test
  void expectedOnComplete_onlyTheAskedFullObjectValue() {
    assertThat(Verification.expectedOnComplete(Optional.of(CRC64), "CRC64NVME")).contains(CRC64.value());
    assertThat(Verification.expectedOnComplete(Optional.of(CRC64), "CRC32C")).isEmpty();
    assertThat(Verification.expectedOnComplete(Optional.of(CRC32C_COMPOSITE_3), "CRC32C")).isEmpty();
    assertThat(Verification.expectedOnComplete(Optional.empty(), "CRC32C")).isEmpty();
  }

  @Test
  void headBeforeSingleCopy_onlyForASourceWrittenInParts_andNeverWhenOff() {
    assertThat(Verification.DEFAULT.headBeforeSingleCopy(PARTS_3)).isTrue();
    assertThat(Verification.DEFAULT.headBeforeSingleCopy(MD5)).isFalse();
    assertThat(new Verification(false, null).headBeforeSingleCopy(PARTS_3)).isFalse();
    assertThat(Verification.DEFAULT.headAfterSingleCopy(true, Optional.of(CRC64))).isTrue();
    assertThat(Verification.DEFAULT.headAfterSingleCopy(true, Optional.empty())).isFalse();
    assertThat(Verification.DEFAULT.headAfterSingleCopy(false, Optional.of(CRC64))).isFalse();
    assertThat(new Verification(false, null).headAfterSingleCopy(true, Optional.of(CRC64))).isFalse();
  }

  @Test
  void checksum_readsResponseFields_andInfersTheType() {
    assertThat(Checksum.of(null, null, "4YgHcu35g5k=", null, null, null)).contains(CRC64);
    assertThat(Checksum.of(null, "NZoRwQ==-3", null, null, null, null)).contains(CRC32C_COMPOSITE_3);
    assertThat(Checksum.of(null, "QTbruQ==", null, null, null, "FULL_OBJECT")).contains(CRC32C);
    assertThat(Checksum.of(null, null, null, null, null, "FULL_OBJECT")).isEmpty();
    assertThat(Checksum.of("", " ", null, null, null, null)).isEmpty();
  }

  @Test
  void checksum_textFormRoundTrips_andBadTextIsNull() {
    assertThat(CRC32C_COMPOSITE_3.render()).isEqualTo("CRC32C:COMPOSITE:NZoRwQ==-3");
    assertThat(Checksum.parse(CRC64.render())).isEqualTo(CRC64);
    assertThat(Checksum.parse(null)).isNull();
    assertThat(Checksum.parse("MD5:FULL_OBJECT:x")).isNull();
    assertThat(Checksum.parse("CRC32")).isNull();
  }

  @Test
  void algorithmFlag_takesFullObjectCrcsOnly_andNamesTheFlag() {
    assertThat(Checksum.algorithmFlag("--checksum-algorithm", "crc64nvme")).isEqualTo("CRC64NVME");
    assertThat(Checksum.algorithmFlag("--checksum-algorithm", "CRC-32C")).isEqualTo("CRC32C");
    assertThatThrownBy(() -> Checksum.algorithmFlag("--checksum-algorithm", "sha256"))
        .isInstanceOf(LakecopyException.class).hasMessageContaining("--checksum-algorithm")
        .hasMessageContaining("no full-object type");
    assertThatThrownBy(() -> Checksum.algorithmFlag("--checksum-algorithm", "md5"))
        .hasMessageContaining("'md5'");
  }
}
