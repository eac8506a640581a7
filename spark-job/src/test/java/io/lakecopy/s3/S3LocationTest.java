package io.lakecopy.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {

  @Test
  void parse_s3Uri_splitsBucketAndKey() {
    assertThat(S3Location.parse("s3://my-bucket/a/b c.csv", "--source"))
        .isEqualTo(new S3Location("my-bucket", "a/b c.csv"));
    assertThat(S3Location.parse("s3://my-bucket", "--source")).isEqualTo(new S3Location("my-bucket", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3a://my-bucket/x", "s3n://my-bucket/x", "S3://my-bucket/x", "  s3://my-bucket/x  "})
  void parse_hadoopSchemesAndWhitespace_accepted(String uri) {
    assertThat(S3Location.parse(uri, "--source")).isEqualTo(new S3Location("my-bucket", "x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://x/y", "s3://", "s3://UPPER/x", "s3://a/...", "my-bucket/x", "s3://bad_bucket/x",
      "s3://a..b/x", ""})
  void parse_malformedUri_throwsInvalidInputNamingFlag(String uri) {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> S3Location.parse(uri, "--source"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).startsWith("--source: ").contains(uri);
  }

  @Test
  void new_keyOver1024Bytes_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> new S3Location("my-bucket", "é".repeat(513)));
    assertThat(new S3Location("my-bucket", "é".repeat(512)).key()).hasSize(512);
  }

  @Test
  void asPrefix_keyWithoutSlash_addsOne() {
    assertThat(new S3Location("my-bucket", "lake").asPrefix()).isEqualTo(new S3Location("my-bucket", "lake/"));
    assertThat(new S3Location("my-bucket", "lake/").asPrefix()).isEqualTo(new S3Location("my-bucket", "lake/"));
    assertThat(new S3Location("my-bucket", "").asPrefix()).isEqualTo(new S3Location("my-bucket", ""));
  }

  @Test
  void resolveAndToString_relativeKey_appendsToPrefix() {
    S3Location resolved = new S3Location("my-bucket", "lake/").resolve("t/x.parquet");

    assertThat(resolved).isEqualTo(new S3Location("my-bucket", "lake/t/x.parquet"));
    assertThat(resolved).hasToString("s3://my-bucket/lake/t/x.parquet");
  }

  @Test
  void parse_megabyteKey_messageQuotesAnExcerpt() {
    String uri = "s3://my-bucket/" + "k".repeat(1024 * 1024);

    LakecopyException e = org.assertj.core.api.Assertions.catchThrowableOfType(LakecopyException.class,
        () -> S3Location.parse(uri, "--source"));

    assertThat(e.getMessage()).startsWith("--source: 's3://my-bucket/kkk")
        .contains("… (" + uri.length() + " characters)", "key longer than 1024 bytes");
    assertThat(e.getMessage().length()).isLessThan(600);
  }
}
