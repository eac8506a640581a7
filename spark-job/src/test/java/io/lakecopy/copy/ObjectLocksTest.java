package io.lakecopy.copy;

import static io.lakecopy.copy.FakeS3Client.s3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;

class ObjectLocksTest {
  private static final Instant UNTIL = Instant.parse("2027-01-01T00:00:00Z");
  private final FakeS3Client s3 = new FakeS3Client();

  @Test
  void lock_describe_andAny() {
    assertThat(new ObjectLocks.Lock("GOVERNANCE", UNTIL, false).describe())
        .isEqualTo("GOVERNANCE until 2027-01-01T00:00:00Z");
    assertThat(new ObjectLocks.Lock(null, null, true).describe()).isEqualTo("legal hold");
    assertThat(ObjectLocks.Lock.NONE.any()).isFalse();
    assertThat(new ObjectLocks.Lock(null, null, true).any()).isTrue();
    assertThatThrownBy(() -> new ObjectLocks.Lock("GOVERNANCE", null, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} {1} -> no lock: {2}")
  @CsvSource({
      "404, NoSuchObjectLockConfiguration, true",
      "404, ObjectLockConfigurationNotFoundError, true",
      "400, InvalidRequest, true",
      "404, NotFound, true",
      "404, NoSuchKey, false",
      "403, AccessDenied, false",
      "500, InternalError, false"})
  void noLock_onlyForAnswersThatSayThereIsNone(int status, String code, boolean none) {
    assertThat(ObjectLocks.noLock(s3Error(status, code))).isEqualTo(none);
  }

  @Test
  void read_deniedRetention_failsNamingTheObject() {
    s3.onGetObjectRetention = r -> {
      throw s3Error(403, "AccessDenied");
    };

    assertThatThrownBy(() -> ObjectLocks.read(s3, "src", "k", "v1", o -> { }))
        .isInstanceOf(LakecopyException.class).hasMessageContaining("s3://src/k")
        .extracting(e -> ((LakecopyException) e).kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
  }

  @Test
  void apply_noLock_sendsNothing() {
    ObjectLocks.apply(s3, "dst", "k", null, "\"e\"", ObjectLocks.Lock.NONE, o -> { });

    assertThat(s3.events).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "404, ObjectLockConfigurationNotFoundError, has no Object Lock",
      "400, InvalidRequest, has no Object Lock",
      "501, NotImplemented, does not implement Object Lock",
      "404, NoSuchBucket, does not exist"})
  void checkDestination_withoutObjectLock_isInvalidInputNamingTheFlag(int status, String code, String says) {
    s3.onGetObjectLockConfiguration = r -> {
      throw s3Error(status, code);
    };

    assertThatThrownBy(() -> ObjectLocks.checkDestination(s3, "dst", "--object-lock (copy.object-lock)"))
        .isInstanceOf(LakecopyException.class).hasMessageContaining("--object-lock (copy.object-lock)")
        .hasMessageContaining(says).extracting(e -> ((LakecopyException) e).kind())
        .isEqualTo(ErrorKind.INVALID_INPUT);
  }

  @Test
  void checkDestination_lockDisabledOrEnabled() {
    s3.onGetObjectLockConfiguration = r -> GetObjectLockConfigurationResponse.builder()
        .objectLockConfiguration(c -> c.objectLockEnabled((String) null)).build();
    assertThatThrownBy(() -> ObjectLocks.checkDestination(s3, "dst", "--object-lock"))
        .hasMessageContaining("has no Object Lock");

    s3.onGetObjectLockConfiguration = r -> GetObjectLockConfigurationResponse.builder()
        .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")).build();
    ObjectLocks.checkDestination(s3, "dst", "--object-lock");
  }
}
