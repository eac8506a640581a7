package io.lakecopy.plan;

/**
 * S3's key order: UTF-8 byte order, which ListObjectsV2 pages in and {@code start-after} compares by. It equals
 * code point order, not {@link String#compareTo} (UTF-16 units), which puts a supplementary character before
 * U+E000..U+FFFF.
 */
public final class KeyOrder {
  private KeyOrder() {}

  /** Negative, zero or positive as {@code a} sorts before, with or after {@code b} in UTF-8 byte order. */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; ) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(i);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
    }
    return Integer.compare(a.length(), b.length());
  }

  /** The later of two keys in S3's order. */
  public static String max(String a, String b) {
    return compare(a, b) >= 0 ? a : b;
  }
}
