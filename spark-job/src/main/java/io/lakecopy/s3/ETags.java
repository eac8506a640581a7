package io.lakecopy.s3;

/** ETags as S3 sends them ({@code "abc..."}, quotes included) and as they are compared and stored. */
public final class ETags {
  private ETags() {}

  /** The ETag without its surrounding double quotes. */
  public static String unquote(String eTag) {
    return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1)
        : eTag;
  }

  /** Whether two ETags are the same, quoted or not; false if either is null. */
  public static boolean same(String a, String b) {
    return a != null && b != null && unquote(a).equals(unquote(b));
  }

  /** Whether the ETag is that of an object written in one request (multipart ETags end in {@code -N}). */
  public static boolean isSinglePart(String eTag) {
    return eTag != null && !unquote(eTag).contains("-");
  }
}
