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

  /**
   * The exit code of a run that finished: 0 when nothing failed, 1 when some objects failed, 3 when every object
   * failed with access denied (the credentials are wrong for the job, not the objects).
   */
  public static int of(io.lakecopy.report.Summary s) {
    if (allDenied(s)) {
      return CANNOT_RUN.code();
    }
    return s.failed() > 0 ? SOME_FAILED.code() : OK.code();
  }

  /** Whether every object failed with ACCESS_DENIED. */
  public static boolean allDenied(io.lakecopy.report.Summary s) {
    return s.objects() > 0 && s.failed() == s.objects()
        && s.failuresByKind().keySet().equals(java.util.Set.of(io.lakecopy.s3.ErrorKind.ACCESS_DENIED.name()));
  }

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
