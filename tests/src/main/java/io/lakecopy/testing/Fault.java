package io.lakecopy.testing;

/** What the fault proxy does instead of (or after) forwarding a request. */
public enum Fault {
  /** 503 SlowDown, not forwarded. */
  SLOW_DOWN,
  /** 500 InternalError, not forwarded. */
  INTERNAL_ERROR,
  /** 200 whose body is an S3 {@code <Error>} (as CopyObject, UploadPartCopy and Complete can answer), not forwarded. */
  ERROR_IN_200,
  /** The connection is closed before any response: the server never saw the request. */
  RESET_BEFORE_RESPONSE,
  /** Forwarded, then the connection is closed halfway through the response body: the server did the work. */
  RESET_MID_RESPONSE,
  /** 403 AccessDenied, not forwarded. */
  ACCESS_DENIED
}
