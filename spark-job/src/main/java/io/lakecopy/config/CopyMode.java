package io.lakecopy.config;

import io.lakecopy.s3.LakecopyException;
import java.util.Locale;

/**
 * {@code --copy-mode}: how the bytes reach the destination. A server-side copy (CopyObject, UploadPartCopy) is sent
 * to the destination's endpoint, which reads the source itself, so it needs one service holding both buckets; a
 * streamed copy reads the source with the source's client and writes with the destination's, so it works between
 * any two services, at the price of the bytes passing through the executors.
 */
public enum CopyMode {
  /** Server-side where both sides are one service (the same endpoint, or both AWS), streamed otherwise. */
  AUTO,
  /** Server-side only; two services are refused. */
  SERVER,
  /** Streamed, even within one service. */
  STREAM;

  /**
   * Parses the flag's value.
   *
   * @throws LakecopyException INVALID_INPUT naming the flag and the value
   */
  public static CopyMode parse(String value, String flag) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "server" -> SERVER;
      case "stream" -> STREAM;
      default -> throw LakecopyException.invalidInput(flag + ": '" + value
          + "' is not a copy mode; use auto, server or stream");
    };
  }

  /**
   * Whether a run in this mode streams its copies, given whether its two sides are one service. Pure.
   *
   * @throws LakecopyException INVALID_INPUT for {@link #SERVER} between two services, with {@code why}
   */
  public boolean streams(boolean sameService, String why) {
    return switch (this) {
      case AUTO -> !sameService;
      case STREAM -> true;
      case SERVER -> {
        if (!sameService) {
          throw LakecopyException.invalidInput(why);
        }
        yield false;
      }
    };
  }
}
