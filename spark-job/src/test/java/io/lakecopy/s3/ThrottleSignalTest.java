package io.lakecopy.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;

class ThrottleSignalTest {
  private final AdaptiveLimit limit = new AdaptiveLimit(8);
  private final ThrottleSignal signal = new ThrottleSignal(limit);

  @ParameterizedTest
  @ValueSource(ints = {503, 429})
  void afterTransmission_throttlingStatus_halvesTheLimit(int status) {
    answer(status);

    assertThat(limit.limit()).isEqualTo(4);
    assertThat(limit.throttles()).isEqualTo(1);
  }

  @Test
  void afterTransmission_200AfterA503_growsTheLimitBackToTheMaximum() {
    answer(503);
    assertThat(limit.limit()).isEqualTo(4);

    for (int i = 0; i < 4; i++) {
      answer(200); // +1/limit each: 4 -> 4.25 -> 4.49 -> 4.71 -> 4.92
    }
    assertThat(limit.limit()).isEqualTo(4);
    answer(200);
    assertThat(limit.limit()).isEqualTo(5);
    for (int i = 0; i < 100; i++) {
      answer(200);
    }

    assertThat(limit.limit()).isEqualTo(8);
    assertThat(limit.throttles()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 412, 403})
  void afterTransmission_clientError_countsAsAnAnswerNotAThrottle(int status) {
    answer(503);

    for (int i = 0; i < 5; i++) {
      answer(status);
    }

    assertThat(limit.limit()).isEqualTo(5);
    assertThat(limit.throttles()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 504})
  void afterTransmission_serverErrorOtherThanThrottling_leavesTheLimitAlone(int status) {
    answer(503);

    for (int i = 0; i < 20; i++) {
      answer(status);
    }

    assertThat(limit.limit()).isEqualTo(4);
    assertThat(limit.throttles()).isEqualTo(1);
  }

  private void answer(int status) {
    InterceptorContext context = InterceptorContext.builder()
        .request(UploadPartCopyRequest.builder().destinationBucket("dst-bucket").destinationKey("k").build())
        .httpResponse(SdkHttpResponse.builder().statusCode(status).build())
        .build();
    signal.afterTransmission(context, new ExecutionAttributes());
  }
}
