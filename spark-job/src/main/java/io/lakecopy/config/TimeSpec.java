package io.lakecopy.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses points in time: ISO-8601 instants, dates (midnight UTC) or ages before now ({@code 7d}, {@code 12h}). */
public final class TimeSpec {
  private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhd])");

  private TimeSpec() {}

  /** @throws IllegalArgumentException with a message naming the value */
  public static Instant parse(String text, Instant now) {
    String t = text.strip();
    Matcher m = AGE.matcher(t.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        Duration age = switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
        return now.minus(age);
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(t);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time: use 2026-11-01T00:00:00Z, 2026-11-01 or an age"
          + " such as 7d, 12h, 30m");
    }
  }
}
