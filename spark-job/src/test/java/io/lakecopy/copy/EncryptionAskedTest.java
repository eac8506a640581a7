package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.SseCustomerKey;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncryptionAskedTest {
  private static RequestOptions options(String sse, String kmsKey, boolean customerKey) {
    return new RequestOptions(false, null, null, customerKey ? SseCustomerKey.parse(new byte[32]) : null, null,
        new Encryption(sse, kmsKey, false, Map.of()), null);
  }

  @ParameterizedTest(name = "--sse {0}, SSE-C {1}, mapped {2} -> {3}")
  @CsvSource(nullValues = "-", value = {
      // --sse,        SSE-C key, mapped mode,    asked
      "-,              false,     -,              -",
      "AES256,         false,     -,              AES256",
      "aws:kms,        false,     -,              aws:kms",
      "aws:kms:dsse,   false,     -,              aws:kms:dsse",
      "-,              false,     aws:kms,        aws:kms",
      "aws:kms:dsse,   false,     aws:kms:dsse,   aws:kms:dsse",
      "AES256,         false,     aws:kms,        aws:kms",
      "-,              true,      -,              SSE-C",
  })
  void of_customerKeyThenMappedModeThenSse(String sse, boolean customerKey, String mapped, String asked) {
    assertThat(EncryptionAsked.of(options(sse, null, customerKey), mapped).mode()).isEqualTo(asked);
  }

  @ParameterizedTest(name = "asked {0}; answered sse={1}, customer algorithm={2} -> {3}")
  @CsvSource(nullValues = "-", value = {
      // asked,        x-amz-server-side-encryption, customer algorithm, shown
      "-,              -,              -,      true",
      "-,              AES256,         -,      true",
      "AES256,         AES256,         -,      true",
      "AES256,         -,              -,      false",
      "AES256,         aws:kms,        -,      false",
      "aws:kms,        aws:kms,        -,      true",
      "aws:kms,        AES256,         -,      false",
      "aws:kms,        aws:kms:dsse,   -,      false",
      "aws:kms:dsse,   aws:kms:dsse,   -,      true",
      "aws:kms:dsse,   aws:kms,        -,      false",
      "SSE-C,          -,              AES256, true",
      "SSE-C,          AES256,         -,      false",
      "SSE-C,          -,              '',     false",
  })
  void shownBy_theAskedModeOrTheCustomerAlgorithm(String asked, String sse, String algorithm, boolean shown) {
    assertThat(new EncryptionAsked(asked).shownBy(sse, algorithm)).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "-", value = {
      "-,            no encryption",
      "AES256,       SSE-S3 (AES256)",
      "aws:kms,      SSE-KMS (aws:kms)",
      "aws:kms:dsse, DSSE-KMS (aws:kms:dsse)",
      "SSE-C,        SSE-C",
  })
  void describe_namesTheModeNeverAKey(String asked, String described) {
    assertThat(new EncryptionAsked(asked).describe()).isEqualTo(described);
  }
}
