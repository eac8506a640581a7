package io.lakecopy.s3;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type of the job. Its {@link ErrorKind} decides what happens next; its message names
 * the flag, key, line or {@code s3://bucket/key} at fault and never contains a credential.
 */
public final class LakecopyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  public LakecopyException(ErrorKind kind, String message) {
    this(kind, message, null);
  }

  public LakecopyException(ErrorKind kind, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.kind = requireNonNull(kind, "kind is null");
  }

  /** Shorthand for bad input: the message must name the flag, key or line. */
  public static LakecopyException invalidInput(String message) {
    return new LakecopyException(ErrorKind.INVALID_INPUT, message);
  }

  public ErrorKind kind() {
    return kind;
  }
}
