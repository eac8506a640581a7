package io.lakecopy.s3;

/**
 * How messages quote user input (a key, a manifest line, a flag's value): at most {@value #MAX_CHARS}
 * characters, then {@code … (N characters)}, with control characters written as escapes, so that a
 * 10 MB manifest line makes a one-line message and a key holding a carriage return cannot garble the
 * terminal.
 */
public final class Excerpt {
  /** The most characters of a value a message quotes. */
  public static final int MAX_CHARS = 200;

  private Excerpt() {}

  /** {@code value} as a message quotes it; null as {@code null}. */
  public static String of(String value) {
    if (value == null) {
      return "null";
    }
    int end = value.length() <= MAX_CHARS ? value.length() : MAX_CHARS;
    if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never cut a character in half
    }
    StringBuilder b = new StringBuilder(end + 32);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\r' -> b.append("\\r");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    if (end < value.length()) {
      b.append("… (").append(value.length()).append(" characters)");
    }
    return b.toString();
  }
}
