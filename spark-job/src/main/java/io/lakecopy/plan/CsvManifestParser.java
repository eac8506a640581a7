package io.lakecopy.plan;

import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
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

  /** @throws LakecopyException INVALID_INPUT naming every bad line (up to 10) by number */
  public static List<ManifestEntry> parse(List<String> lines, String name, Optional<S3Location> source) {
    Map<String, Integer> columns = Map.of("bucket", 0, "key", 1, "version", 2);
    int first = 0;
    String firstLine = lines.isEmpty() ? "" : TextLines.stripBom(lines.get(0));
    if (!lines.isEmpty() && isHeader(firstLine)) {
      columns = header(fields(firstLine), name);
      first = 1;
    }
    List<ManifestEntry> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int errorCount = 0;
    Set<ObjectVersion> seen = new HashSet<>();
    for (int i = first; i < lines.size(); i++) {
      String line = i == 0 ? firstLine : lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        ManifestEntry e = row(fields(line), columns, i + 1L, source);
        if (seen.add(new ObjectVersion(e.location(), e.versionId()))) {
          entries.add(e);
        }
      } catch (LakecopyException | IllegalArgumentException ex) {
        errorCount++;
        if (errors.size() < ManifestParser.MAX_REPORTED_ERRORS) {
          errors.add("line " + (i + 1) + ": " + ex.getMessage());
        }
      }
    }
    if (errorCount > 0) {
      throw LakecopyException.invalidInput("--manifest " + name + ": " + errorCount + " bad line"
          + (errorCount == 1 ? "" : "s") + (errorCount > errors.size() ? " (first " + errors.size() + " shown)" : "")
          + "\n  " + String.join("\n  ", errors));
    }
    return entries;
  }

  /** One object version: a repeated row is kept once (a null version is the current one). */
  private record ObjectVersion(S3Location location, String versionId) {}

  private static ManifestEntry row(List<String> f, Map<String, Integer> columns, long line,
      Optional<S3Location> source) {
    String bucket = get(f, columns, "bucket");
    String rawKey = get(f, columns, "key");
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
    String version = blankToNull(get(f, columns, "version"));
    String size = blankToNull(get(f, columns, "size"));
    String eTag = blankToNull(get(f, columns, "etag"));
    long sizeBytes = -1;
    if (size != null) {
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
    }
    String modified = blankToNull(get(f, columns, "modified"));
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

  /** Whether the first line names the columns; a line that is not even a CSV row is reported as a bad row. */
  private static boolean isHeader(String line) {
    List<String> f;
    try {
      f = fields(line);
    } catch (LakecopyException e) {
      return false;
    }
    return f.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).anyMatch(s -> s.equals("key"))
        && f.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).anyMatch(s -> s.equals("bucket"));
  }

  private static Map<String, Integer> header(List<String> f, String name) {
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
        default -> { } // other inventory columns (last_modified, storage_class, ...) are not needed
      }
    }
    return columns;
  }

  private static String get(List<String> f, Map<String, Integer> columns, String column) {
    Integer i = columns.get(column);
    return i == null || i >= f.size() ? null : f.get(i);
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
