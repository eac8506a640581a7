package io.lakecopy.plan;

import io.lakecopy.config.TextLines;
import io.lakecopy.s3.S3Limits;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.io.Serializable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses CSV manifests. Without a header, rows are S3 Batch Operations manifests:
 * {@code bucket,key[,versionId]} with URL-encoded keys. With a header naming the columns (any order,
 * case-insensitive: {@code bucket}, {@code key}, {@code version_id}/{@code versionId}, {@code size},
 * {@code etag}/{@code e_tag}) — the shape of S3 Inventory CSV exports and of lakecopy's own output
 * manifests — rows that carry size and ETag need no HEAD at all. Fields may be double-quoted.
 */
public final class CsvManifestParser {
  private CsvManifestParser() {}

  /**
   * Which field of a row holds what: an index from 0, or -1 where the manifest has no such column.
   *
   * @param modified the last-modified time ({@code last_modified_date}), ISO-8601
   */
  public record Columns(int bucket, int key, int version, int size, int etag, int modified) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The columns of a CSV without a header: S3 Batch Operations' {@code bucket,key[,versionId]}. */
    public static final Columns BATCH_OPERATIONS = new Columns(0, 1, 2, -1, -1, -1);

    public Columns {
      if (bucket < 0 || key < 0) {
        throw new IllegalArgumentException("bucket and key columns are required: " + bucket + ", " + key);
      }
    }
  }

  /** @throws LakecopyException INVALID_INPUT naming every bad line (up to 10) by number */
  public static List<ManifestEntry> parse(List<String> lines, String name, Optional<S3Location> source) {
    Columns columns = Columns.BATCH_OPERATIONS;
    int first = 0;
    String firstLine = lines.isEmpty() ? "" : TextLines.stripBom(lines.get(0));
    Optional<Columns> header = lines.isEmpty() ? Optional.empty() : header(firstLine);
    if (header.isPresent()) {
      columns = header.get();
      first = 1;
    }
    List<ManifestEntry> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int errorCount = 0;
    Set<ObjectVersion> seen = new HashSet<>();
    for (int i = first; i < lines.size(); i++) {
      try {
        ManifestEntry e = parseRow(i == 0 ? firstLine : lines.get(i), columns, i + 1L, source);
        if (e != null && seen.add(new ObjectVersion(e.location(), e.versionId()))) {
          entries.add(e);
        }
      } catch (LakecopyException ex) {
        errorCount++;
        if (errors.size() < ManifestParser.MAX_REPORTED_ERRORS) {
          errors.add("line " + (i + 1) + ": " + ex.getMessage());
        }
      }
    }
    if (errorCount > 0) {
      throw LakecopyException.invalidInput(ManifestParser.badLines("--manifest " + name, "line", errorCount, errors));
    }
    return entries;
  }

  /** One object version: a repeated row is kept once (a null version is the current one). */
  private record ObjectVersion(S3Location location, String versionId) {}

  /**
   * Parses one row.
   *
   * @param line the row, decoded, without its line ending (a trailing carriage return is dropped here)
   * @param columns the file's header ({@link #header}), or {@link Columns#BATCH_OPERATIONS}
   * @param lineNumber the row's line number, from 1
   * @param source the {@code --source} prefix, if given: every row must lie under it
   * @return the entry, or null for a blank line
   * @throws LakecopyException INVALID_INPUT saying what is wrong with the row (the caller adds its number)
   */
  public static ManifestEntry parseRow(String line, Columns columns, long lineNumber, Optional<S3Location> source) {
    requireNonNull(columns, "columns is null");
    if (line.isBlank()) {
      return null;
    }
    try {
      return row(fields(line), columns, lineNumber, source);
    } catch (IllegalArgumentException e) { // URLDecoder: a bad %-escape
      throw LakecopyException.invalidInput(e.getMessage());
    }
  }

  private static ManifestEntry row(List<String> f, Columns columns, long line, Optional<S3Location> source) {
    String bucket = get(f, columns.bucket());
    String rawKey = get(f, columns.key());
    if (bucket == null || bucket.isEmpty() || rawKey == null || rawKey.isEmpty()) {
      throw LakecopyException.invalidInput("needs at least bucket,key");
    }
    String key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
    bucket = bucket.intern(); // a few buckets, a million rows: one string per bucket
    S3Location location;
    try {
      location = new S3Location(bucket, key);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(e.getMessage());
    }
    String relative = key;
    if (source.isPresent()) {
      S3Location base = source.get();
      if (!bucket.equals(base.bucket()) || !key.startsWith(base.key())) {
        throw LakecopyException.invalidInput(Excerpt.of("s3://" + bucket + "/" + key) + " is not under --source " + base);
      }
      relative = key.substring(base.key().length());
    }
    String version = blankToNull(get(f, columns.version()));
    String size = blankToNull(get(f, columns.size()));
    String eTag = blankToNull(get(f, columns.etag()));
    long sizeBytes = size == null ? -1 : sizeBytes(size);
    String modified = blankToNull(get(f, columns.modified()));
    java.time.Instant lastModified = null;
    if (modified != null) {
      try {
        lastModified = java.time.Instant.parse(modified);
      } catch (java.time.format.DateTimeParseException e) {
        throw LakecopyException.invalidInput("last modified '" + Excerpt.of(modified) + "' is not an ISO-8601 time");
      }
    }
    return new ManifestEntry(line, location, relative, version, eTag == null ? -1 : sizeBytes, sizeBytes < 0 ? null
        : eTag, lastModified);
  }

  private static long sizeBytes(String size) {
    long sizeBytes;
    try {
      sizeBytes = Long.parseLong(size);
    } catch (NumberFormatException e) {
      throw LakecopyException.invalidInput("size '" + Excerpt.of(size) + "' is not a number");
    }
    if (sizeBytes < 0) {
      throw LakecopyException.invalidInput("size '" + size + "' is negative");
    }
    if (sizeBytes > S3Limits.MAX_OBJECT_SIZE_BYTES) {
      throw LakecopyException.invalidInput("size " + size + " is larger than S3's largest object ("
          + S3Limits.MAX_OBJECT_SIZE_BYTES + " bytes)");
    }
    return sizeBytes;
  }

  /**
   * The columns a first line names, if it is a header (it names at least {@code bucket} and {@code key});
   * empty for a data row, or a line that is not even a CSV row (then it is reported as a bad row).
   *
   * @param firstLine the first line of a file, decoded, its byte order mark dropped
   */
  public static Optional<Columns> header(String firstLine) {
    List<String> f;
    try {
      f = fields(firstLine);
    } catch (LakecopyException e) {
      return Optional.empty();
    }
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < f.size(); i++) {
      String c = f.get(i).strip().toLowerCase(Locale.ROOT).replace("_", "");
      switch (c) {
        case "bucket" -> columns.put("bucket", i);
        case "key" -> columns.put("key", i);
        case "versionid", "version" -> columns.put("version", i);
        case "size" -> columns.put("size", i);
        case "etag" -> columns.put("etag", i);
        case "lastmodifieddate", "lastmodified" -> columns.put("modified", i);
        default -> { } // other inventory columns (storage_class, ...) are not needed
      }
    }
    boolean named = f.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).anyMatch(s -> s.equals("key"))
        && f.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).anyMatch(s -> s.equals("bucket"));
    if (!named) {
      return Optional.empty();
    }
    return Optional.of(new Columns(columns.get("bucket"), columns.get("key"), columns.getOrDefault("version", -1),
        columns.getOrDefault("size", -1), columns.getOrDefault("etag", -1), columns.getOrDefault("modified", -1)));
  }

  private static String get(List<String> f, int column) {
    return column < 0 || column >= f.size() ? null : f.get(column);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Splits one CSV row; double-quoted fields may hold commas and doubled quotes. */
  static List<String> fields(String line) {
    String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < l.length() && l.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw LakecopyException.invalidInput("unclosed quote");
    }
    out.add(cur.toString());
    return out;
  }
}
