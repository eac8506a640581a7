package io.lakecopy.plan;

import io.lakecopy.s3.S3Limits;

import static io.lakecopy.s3.S3Limits.GiB;
import static io.lakecopy.s3.S3Limits.MiB;
import static org.assertj.core.api.Assertions.assertThat;

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
  }
}
