package io.lakecopy.plan;

import io.lakecopy.config.TextLines;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses manifest lines: {@code s3://bucket/key}, or a key relative to {@code --source}. Blank lines
 * and lines starting with {@code #} are ignored; a repeated object is kept once. Keys are taken
 * verbatim (spaces included); only a trailing carriage return is removed. Pure: reading the file is
 * the caller's job. {@link #parseLine} is the rule for one line, callable wherever the line was read
 * (an executor reading a split of the file); {@link #parse} applies it to a whole file held in memory.
 */
public final class ManifestParser {
  /** How many bad lines one error message lists. */
  public static final int MAX_REPORTED_ERRORS = 10;

  private ManifestParser() {}

  /**
   * @param name how messages name the manifest, e.g. its path
   * @param source the {@code --source} prefix, if given: plain keys are relative to it and URIs must
   *     lie under it
   * @throws LakecopyException INVALID_INPUT naming every bad line (up to 10) by number
   */
  public static List<ManifestEntry> parse(List<String> lines, String name, Optional<S3Location> source) {
    List<ManifestEntry> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int errorCount = 0;
    Set<S3Location> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      long lineNumber = i + 1L;
      try {
        String raw = lines.get(i);
        ManifestEntry entry = parseLine(i == 0 ? TextLines.stripBom(raw) : raw, lineNumber, source);
        if (entry != null && seen.add(entry.location())) {
          entries.add(entry);
        }
      } catch (LakecopyException e) {
        errorCount++;
        if (errors.size() < MAX_REPORTED_ERRORS) {
          errors.add("line " + lineNumber + ": " + e.getMessage());
        }
      }
    }
    if (errorCount > 0) {
      throw LakecopyException.invalidInput(badLines("--manifest " + name, "line", errorCount, errors));
    }
    return entries;
  }

  /**
   * The message of an input with bad lines: {@code "--manifest m.txt: 3 bad lines\n  line 7: ..."}.
   *
   * @param what the flag and the file, e.g. {@code "--manifest m.txt"}
   * @param noun what the input is made of: {@code "line"}, or {@code "row"} for an inventory
   * @param count how many are bad
   * @param shown the first of them (at most {@link #MAX_REPORTED_ERRORS}), each {@code "line N: why"}
   */
  public static String badLines(String what, String noun, long count, List<String> shown) {
    return what + ": " + count + " bad " + noun + (count == 1 ? "" : "s")
        + (count > shown.size() ? " (first " + shown.size() + " shown)" : "") + "\n  " + String.join("\n  ", shown);
  }

  /**
   * Parses one manifest line.
   *
   * @param raw the line, decoded, without its line ending (a trailing carriage return is dropped here);
   *     a byte order mark is the caller's to drop (it is not part of a line but of the file)
   * @param lineNumber the line's number, from 1
   * @param source the {@code --source} prefix, if given
   * @return the entry, or null for a blank line or a comment
   * @throws LakecopyException INVALID_INPUT saying what is wrong with the line (the caller adds its number)
   */
  public static ManifestEntry parseLine(String raw, long lineNumber, Optional<S3Location> source) {
    String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return null;
    }
    if (line.indexOf('\0') >= 0) {
      throw LakecopyException.invalidInput("contains a NUL character");
    }
    if (trimmed.matches("(?is)^s3[an]?://.*")) {
      return fromUri(trimmed, lineNumber, source);
    }
    if (trimmed.contains("://")) {
      throw LakecopyException.invalidInput("'" + Excerpt.of(trimmed) + "' is not an s3:// URI");
    }
    S3Location base = source.orElseThrow(() -> LakecopyException.invalidInput("'" + Excerpt.of(line)
        + "' is a bare key, which needs --source (or write s3://bucket/key)"));
    if (line.endsWith("/")) {
      throw LakecopyException.invalidInput("'" + Excerpt.of(line) + "' names a prefix, not an object");
    }
    try {
      return new ManifestEntry(lineNumber, base.resolve(line), line);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(e.getMessage());
    }
  }

  private static ManifestEntry fromUri(String uri, long lineNumber, Optional<S3Location> source) {
    S3Location location;
    try {
      location = S3Location.parse(uri, "");
    } catch (LakecopyException e) {
      // S3Location's message already quotes the URI; drop the empty label.
      throw LakecopyException.invalidInput(e.getMessage().replaceFirst("^: ", ""));
    }
    if (location.key().isEmpty() || location.key().endsWith("/")) {
      throw LakecopyException.invalidInput("'" + Excerpt.of(uri) + "' names a bucket or prefix, not an object");
    }
    if (source.isEmpty()) {
      return new ManifestEntry(lineNumber, location, location.key());
    }
    S3Location base = source.get();
    if (!location.bucket().equals(base.bucket()) || !location.key().startsWith(base.key())) {
      throw LakecopyException.invalidInput("'" + Excerpt.of(uri) + "' is not under --source " + base);
    }
    return new ManifestEntry(lineNumber, location, location.key().substring(base.key().length()));
  }
}
