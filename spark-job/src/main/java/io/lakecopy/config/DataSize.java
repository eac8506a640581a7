package io.lakecopy.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats byte sizes: {@code 5MiB}, {@code 256MiB}, {@code 1GiB}, {@code 1048576}. As in
 * the AWS CLI, {@code KB}/{@code MB}/{@code GB}/{@code TB} and {@code K}/{@code M}/{@code G}/{@code T}
 * are binary units too (1 MB = 1 MiB = 1,048,576 bytes).
 */
public final class DataSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)(I?B)?");

  private DataSize() {}

  /** @throws IllegalArgumentException naming the value when it is not a size */
  public static long parseBytes(String text) {
    Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; use e.g. 5MiB, 256MiB, 1GiB or a byte count");
    }
    if (m.group(2).isEmpty() && "IB".equals(m.group(3))) {
      throw new IllegalArgumentException("'" + text + "' is not a size; use e.g. 5MiB, 256MiB, 1GiB or a byte count");
    }
    int shift = switch (m.group(2)) {
      case "K" -> 10;
      case "M" -> 20;
      case "G" -> 30;
      case "T" -> 40;
      default -> 0;
    };
    try {
      long value = Long.parseLong(m.group(1));
      if (value > (Long.MAX_VALUE >> shift)) {
        throw new IllegalArgumentException("'" + text + "' is too large");
      }
      return value << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large", e);
    }
  }

  /** A short human form: {@code 5 MiB}, {@code 1.5 GiB}, {@code 812 B}. */
  public static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    if (unit == 0) {
      return bytes + " B";
    }
    return (value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value)) + " " + units[unit];
  }
}
