package io.lakecopy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

  @ParameterizedTest(name = "''{0}'' = {1} bytes")
  @CsvSource(delimiter = '|', value = {
      "5MiB          | 5242880",
      "256MiB        | 268435456",
      "1GiB          | 1073741824",
      "5GiB          | 5368709120",
      "1TiB          | 1099511627776",
      "5MB           | 5242880", // binary, as in the AWS CLI
      "5M            | 5242880",
      "64KiB         | 65536",
      "64K           | 65536",
      "1048576       | 1048576",
      "0             | 0",
      "7B            | 7",
      "5mib          | 5242880",
      "5gb           | 5368709120",
      "'5 MiB'       | 5242880",
      "'  128MiB  '  | 134217728",
  })
  void parseBytes_validSize_returnsBytes(String text, long expected) {
    assertThat(DataSize.parseBytes(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"abc", "5XB", "-1", "MiB", "", "  ", "5.5MiB", "5iB", "5 Mi B", "0x10", "5MiBs",
      "99999999999999999999", "8589934592GiB"})
  void parseBytes_badValue_throwsNamingIt(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> DataSize.parseBytes(text))
        .withMessageContaining("'" + text + "'");
  }

  @ParameterizedTest(name = "{0} bytes -> ''{1}''")
  @CsvSource(delimiter = '|', value = {
      "0             | 0 B",
      "812           | 812 B",
      "1024          | 1 KiB",
      "1536          | 1.5 KiB",
      "5242880       | 5 MiB",
      "134217728     | 128 MiB",
      "1610612736    | 1.5 GiB",
      "5368709120    | 5 GiB",
      "1099511627776 | 1 TiB",
  })
  void format_bytes_returnsShortBinaryForm(long bytes, String expected) {
    assertThat(DataSize.format(bytes)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5MiB", "128MiB", "5GiB", "1TiB"})
  void format_thenParse_roundTrips(String text) {
    long bytes = DataSize.parseBytes(text);

    assertThat(DataSize.parseBytes(DataSize.format(bytes))).isEqualTo(bytes);
  }
}
