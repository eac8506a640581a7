package io.lakecopy.report;

/** The outcome of one object. */
public enum Status {
  /** Copied and verified. */
  COPIED,
  /** Not copied; the report row says why. */
  FAILED,
  /** Deliberately not copied (e.g. a manifest entry whose object no longer exists, with --skip-missing). */
  SKIPPED,
  /** Dry run: would be copied (or, with --delete / --move, deleted). */
  PLANNED,
  /** Copied, verified at the destination, and the source deleted (--move). */
  MOVED,
  /** A destination object with no source, deleted by --delete. */
  DELETED
}
