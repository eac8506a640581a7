package io.lakecopy.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {

  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @CsvSource({
      "412, PreconditionFailed,    SOURCE_CHANGED",
      "412, '',                    SOURCE_CHANGED",
      "404, NoSuchKey,             NOT_FOUND",
      "404, NoSuchBucket,          NOT_FOUND",
      "403, AccessDenied,          ACCESS_DENIED",
      "403, SignatureDoesNotMatch, ACCESS_DENIED",
      "503, SlowDown,              THROTTLED",
      "503, ServiceUnavailable,    THROTTLED",
      "429, TooManyRequests,       THROTTLED",
      "400, Throttling,            THROTTLED",
      "500, InternalError,         SERVER_ERROR",
      "502, BadGateway,            SERVER_ERROR",
      "501, NotImplemented,        REQUEST_REJECTED",
      "400, InvalidRequest,        REQUEST_REJECTED",
      "400, InvalidArgument,       REQUEST_REJECTED",
      "409, Conflict,              REQUEST_REJECTED",
      "409, ConditionalRequestConflict, WRITE_CONFLICT",
      "409, OperationAborted,      REQUEST_REJECTED",
  })
  void classify_s3Exception_mapsStatusAndCode(int status, String code, ErrorKind expected) {
    assertThat(S3Errors.classify(s3Error(status, code))).isEqualTo(expected);
  }

  @Test
  void classify_s3ExceptionWithoutErrorDetails_usesStatus() {
    S3Exception e = (S3Exception) S3Exception.builder().statusCode(404).build();

    assertThat(S3Errors.classify(e)).isEqualTo(ErrorKind.NOT_FOUND);
  }

  @Test
  void classify_clientExceptionCausedByIo_isNetwork() {
    SdkClientException e = SdkClientException.builder().message("Unable to execute HTTP request")
        .cause(new IOException("Connection reset")).build();

    assertThat(S3Errors.classify(e)).isEqualTo(ErrorKind.NETWORK);
  }

  @Test
  void classify_clientExceptionCausedBySocketTimeout_isNetwork() {
    SdkClientException e = SdkClientException.builder().message("timeout")
        .cause(new SocketTimeoutException("Read timed out")).build();

    assertThat(S3Errors.classify(e)).isEqualTo(ErrorKind.NETWORK);
  }

  @Test
  void classify_clientExceptionWithoutIoCause_isOther() {
    SdkClientException e = SdkClientException.builder().message("Unable to load credentials").build();

    assertThat(S3Errors.classify(e)).isEqualTo(ErrorKind.OTHER);
  }

  @Test
  void classify_apiCallTimeout_isNetwork() {
    assertThat(S3Errors.classify(ApiCallTimeoutException.create(1000))).isEqualTo(ErrorKind.NETWORK);
  }

  @Test
  void classify_interruption_isInterrupted() {
    assertThat(S3Errors.classify(AbortedException.builder().message("aborted").build()))
        .isEqualTo(ErrorKind.INTERRUPTED);
    assertThat(S3Errors.classify(new InterruptedException())).isEqualTo(ErrorKind.INTERRUPTED);
    assertThat(S3Errors.classify(new InterruptedIOException())).isEqualTo(ErrorKind.INTERRUPTED);
    assertThat(S3Errors.classify(new SocketTimeoutException())).isEqualTo(ErrorKind.OTHER);
  }

  @Test
  void classify_lakecopyException_keepsItsKind() {
    assertThat(S3Errors.classify(new LakecopyException(ErrorKind.VERIFY_FAILED, "etag differs")))
        .isEqualTo(ErrorKind.VERIFY_FAILED);
  }

  @Test
  void classify_unrelatedException_isOther() {
    assertThat(S3Errors.classify(new IllegalStateException("bug"))).isEqualTo(ErrorKind.OTHER);
  }

  @Test
  void describe_s3Exception_namesStatusCodeAndMessage() {
    assertThat(S3Errors.describe(s3Error(412, "PreconditionFailed")))
        .isEqualTo("HTTP 412 PreconditionFailed: At least one of the pre-conditions you specified did not hold");
  }

  @Test
  void describe_otherException_namesTypeAndMessage() {
    assertThat(S3Errors.describe(new IOException("Connection reset"))).isEqualTo("IOException: Connection reset");
  }

  @Test
  void retryable_kinds_onlyTransientOnesRetry() {
    assertThat(ErrorKind.values()).filteredOn(ErrorKind::retryable).containsExactlyInAnyOrder(
        ErrorKind.THROTTLED, ErrorKind.SERVER_ERROR, ErrorKind.NETWORK, ErrorKind.VERIFY_FAILED,
        ErrorKind.WRITE_CONFLICT);
  }

  private static S3Exception s3Error(int status, String code) {
    return (S3Exception) S3Exception.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code.isEmpty() ? null : code)
            .errorMessage("At least one of the pre-conditions you specified did not hold").build())
        .build();
  }
}
