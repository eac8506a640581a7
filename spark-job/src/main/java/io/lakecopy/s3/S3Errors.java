package io.lakecopy.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The one place that turns SDK and S3 errors into an {@link ErrorKind}. */
public final class S3Errors {
  private S3Errors() {}

  /** Classifies any throwable raised by an S3 call. */
  public static ErrorKind classify(Throwable t) {
    if (t instanceof LakecopyException e) {
      return e.kind();
    }
    if (t instanceof InterruptedException || t instanceof AbortedException || t instanceof InterruptedIOException
        && !(t instanceof java.net.SocketTimeoutException)) {
      return ErrorKind.INTERRUPTED;
    }
    if (t instanceof AwsServiceException e) {
      return classifyService(e.statusCode(), errorCode(e));
    }
    if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
      return ErrorKind.NETWORK;
    }
    if (t instanceof SdkClientException) {
      return hasCause(t, IOException.class) ? ErrorKind.NETWORK : ErrorKind.OTHER;
    }
    return ErrorKind.OTHER;
  }

  static ErrorKind classifyService(int status, String code) {
    if ("SlowDown".equals(code) || "Throttling".equals(code) || "RequestLimitExceeded".equals(code)
        || status == 429 || status == 503) {
      return ErrorKind.THROTTLED;
    }
    if (status == 412 || "PreconditionFailed".equals(code)) {
      return ErrorKind.SOURCE_CHANGED;
    }
    if (status == 404 || "NoSuchKey".equals(code) || "NoSuchBucket".equals(code)) {
      return ErrorKind.NOT_FOUND;
    }
    if (status == 403 || "AccessDenied".equals(code)) {
      return ErrorKind.ACCESS_DENIED;
    }
    if (status == 501 || "NotImplemented".equals(code)) {
      return ErrorKind.REQUEST_REJECTED; // the store lacks the feature: asking again cannot help
    }
    if (status == 409 && "ConditionalRequestConflict".equals(code)) {
      return ErrorKind.WRITE_CONFLICT; // a conditional write raced another one (S3: retry)
    }
    if (status >= 500 || "InternalError".equals(code)) {
      return ErrorKind.SERVER_ERROR;
    }
    return ErrorKind.REQUEST_REJECTED;
  }

  /** A one-line description for reports and logs: the S3 error code and message, never headers. */
  public static String describe(Throwable t) {
    if (t instanceof AwsServiceException e) {
      String code = errorCode(e);
      String msg = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
          ? e.awsErrorDetails().errorMessage() : "";
      return "HTTP " + e.statusCode() + (code == null ? "" : " " + code) + (msg.isEmpty() ? "" : ": " + msg);
    }
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }

  private static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
