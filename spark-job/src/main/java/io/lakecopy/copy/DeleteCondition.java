package io.lakecopy.copy;

/**
 * What is known of whether the destination's store holds a DeleteObject to its {@code If-Match} ETag (AWS S3 does;
 * Ceph RGW 16.2 ignores the header and deletes whatever the key holds). {@link DeleteConditionProbe} finds out: the
 * driver before the first delete of a run that deletes (--move, --delete), and an executor the first time it must
 * delete one of the run's own writes that has no version id ({@link OwnWrites}).
 */
public enum DeleteCondition {
  /** The probe's failing If-Match was answered 412: a delete can be held to an ETag. */
  HONOURED,
  /** The probe was deleted despite its failing If-Match, or the probe could not be run: only version ids hold. */
  IGNORED,
  /** Not probed yet. */
  UNKNOWN;

  /**
   * For the run's summary: what holds a delete to what was verified on this store (no secret, no key). Empty when
   * not probed (the run deletes nothing).
   */
  public String describe() {
    return switch (this) {
      case HONOURED -> "If-Match honoured on DeleteObject: each delete names the version id where known, else the"
          + " verified ETag";
      case IGNORED -> "If-Match ignored on DeleteObject: deletes only by version id (--move keeps a source that has"
          + " none; --delete keeps every object)";
      case UNKNOWN -> "";
    };
  }

  /** What a probe found. */
  public static DeleteCondition of(boolean honoured) {
    return honoured ? HONOURED : IGNORED;
  }
}
