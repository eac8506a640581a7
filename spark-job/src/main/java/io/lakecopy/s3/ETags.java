package io.lakecopy.s3;

/** ETags as S3 sends them ({@code "abc..."}, quotes included) and as they are compared and stored. */
public final class ETags {
  private ETags() {}

  /** The ETag without its surrounding double quotes. */
  public static String unquote(String eTag) {
    return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1)
        : eTag;
  }
}
