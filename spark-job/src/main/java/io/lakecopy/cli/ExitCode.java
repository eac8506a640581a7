package io.lakecopy.cli;

/** The job's exit codes, documented in the README. */
public enum ExitCode {
  /** Every object was copied (or, in a dry run, planned). */
  OK(0),
  /** The run finished but some objects failed; the report says which and why. */
  SOME_FAILED(1),
  /** Bad input: a flag, config key, URI, manifest line or bucket. Nothing was written. */
  INVALID_INPUT(2),
  /** The job could not run: endpoint unreachable, access denied, Spark failure. */
  CANNOT_RUN(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
