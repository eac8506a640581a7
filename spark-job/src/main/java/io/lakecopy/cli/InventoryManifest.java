package io.lakecopy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakecopy.plan.ManifestEntry;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads an S3 Inventory report: its {@code manifest.json} names the data files (CSV, Parquet or ORC) in
 * the inventory's destination bucket, which Spark reads in parallel. Rows give bucket, key, size, ETag
 * and last-modified time, so no object is HEADed; delete markers and non-current versions are left out.
 */
final class InventoryManifest {

  private InventoryManifest() {}

  /**
   * @param manifestUri the manifest.json location; its scheme (s3a://, s3://, file:) is used for the data files
   * @param json the manifest.json content
   */
  static List<ManifestEntry> read(SparkSession spark, String manifestUri, String json, Optional<S3Location> source) {
    JsonNode manifest;
    try {
      manifest = new ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw LakecopyException.invalidInput("--manifest " + manifestUri + ": not a JSON inventory manifest: "
          + e.getMessage());
    }
    String format = text(manifest, "fileFormat", manifestUri).toUpperCase(Locale.ROOT);
    String bucket = text(manifest, "destinationBucket", manifestUri).replaceFirst("^arn:aws:s3:::", "");
    String base = dataRoot(manifestUri, bucket);
    List<String> paths = new ArrayList<>();
    manifest.path("files").forEach(f -> paths.add(base + f.path("key").asText()));
    if (paths.isEmpty()) {
      throw LakecopyException.invalidInput("--manifest " + manifestUri + ": the inventory lists no data files");
    }
    Dataset<Row> rows = switch (format) {
      case "CSV" -> csv(spark, paths, text(manifest, "fileSchema", manifestUri));
      case "PARQUET" -> spark.read().parquet(paths.toArray(String[]::new));
      case "ORC" -> spark.read().orc(paths.toArray(String[]::new));
      default -> throw LakecopyException.invalidInput("--manifest " + manifestUri + ": inventory format '" + format
          + "' is not CSV, Parquet or ORC");
    };
    return entries(rows, format.equals("CSV"), source, manifestUri);
  }

  private static Dataset<Row> csv(SparkSession spark, List<String> paths, String schema) {
    String[] columns = Arrays.stream(schema.split(",")).map(c -> snake(c.strip())).toArray(String[]::new);
    return spark.read().csv(paths.toArray(String[]::new)).toDF(columns);
  }

  private static List<ManifestEntry> entries(Dataset<Row> rows, boolean urlEncodedKeys, Optional<S3Location> source,
      String manifestUri) {
    List<String> names = Arrays.asList(rows.columns());
    Dataset<Row> current = rows;
    if (names.contains("is_delete_marker")) {
      current = current.where(functions.not(functions.col("is_delete_marker").cast("boolean")));
    }
    if (names.contains("is_latest")) {
      current = current.where(functions.col("is_latest").cast("boolean"));
    }
    String modified = names.contains("last_modified_date") ? "last_modified_date" : null;
    Dataset<Row> selected = current.select(functions.col("bucket"), functions.col("key"),
        functions.col("size").cast("long"), functions.col("e_tag"),
        modified == null ? functions.lit(null).cast("timestamp") : functions.col(modified).cast("timestamp"));
    List<ManifestEntry> entries = new ArrayList<>();
    long line = 0;
    for (Row r : selected.collectAsList()) {
      line++;
      String key = urlEncodedKeys ? URLDecoder.decode(r.getString(1), StandardCharsets.UTF_8) : r.getString(1);
      S3Location location = new S3Location(r.getString(0).intern(), key);
      String relative = key;
      if (source.isPresent()) {
        S3Location s = source.get();
        if (!location.bucket().equals(s.bucket()) || !key.startsWith(s.key())) {
          continue; // an inventory covers a whole bucket; --source narrows it
        }
        relative = key.substring(s.key().length());
      }
      Timestamp ts = r.isNullAt(4) ? null : r.getTimestamp(4);
      Instant lastModified = ts == null ? null : ts.toInstant();
      entries.add(new ManifestEntry(line, location, relative, null, r.isNullAt(2) ? -1 : r.getLong(2),
          r.isNullAt(3) ? null : r.getString(3), lastModified));
    }
    if (entries.isEmpty() && line > 0 && source.isPresent()) {
      throw LakecopyException.invalidInput("--manifest " + manifestUri + ": no inventory row is under --source "
          + source.get());
    }
    return entries;
  }

  /** The inventory's data files live in its destination bucket: same scheme as the manifest.json URI. */
  static String dataRoot(String manifestUri, String bucket) {
    int scheme = manifestUri.indexOf("://");
    String s = scheme < 0 ? "s3a" : manifestUri.substring(0, scheme);
    return s + "://" + bucket + "/";
  }

  private static String text(JsonNode manifest, String field, String uri) {
    JsonNode n = manifest.get(field);
    if (n == null || n.asText().isEmpty()) {
      throw LakecopyException.invalidInput("--manifest " + uri + ": inventory manifest has no '" + field + "'");
    }
    return n.asText();
  }

  /** Inventory CSV schema names (LastModifiedDate, ETag) as the Parquet/ORC column names (last_modified_date, e_tag). */
  static String snake(String name) {
    return switch (name) {
      case "ETag" -> "e_tag";
      case "IsLatest" -> "is_latest";
      case "IsDeleteMarker" -> "is_delete_marker";
      default -> name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    };
  }

}
