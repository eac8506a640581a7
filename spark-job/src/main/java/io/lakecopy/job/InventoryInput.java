package io.lakecopy.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakecopy.config.KeyFilter;
import io.lakecopy.config.ObjectFilter;
import io.lakecopy.config.TextLines;
import io.lakecopy.copy.InventoryRowsFn;
import io.lakecopy.copy.ManifestRows;
import io.lakecopy.plan.FilterSettings;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * An S3 Inventory report as a Dataset of {@link ManifestRows#ENTRY} rows. Its {@code manifest.json} (small) is
 * read on the driver; the CSV, Parquet or ORC data files it names are read by Spark with the filters pushed into
 * the read: the source bucket and key prefix (Parquet and ORC; CSV keys are URL-encoded, so they are decoded and
 * checked after the read), current versions only, no delete markers, and the size and last-modified ranges where
 * those columns exist. Rows are numbered from 1 in the order Spark reads them, for messages.
 */
final class InventoryInput {
  /** The largest manifest.json read (real ones list a few hundred data files in a few KiB). */
  static final int MAX_MANIFEST_JSON_BYTES = 64 * 1024 * 1024;

  /**
   * @param entries the entries
   * @param underSource the current-version rows under {@code --source} before any filter (all current rows
   *     without it): tells a run whose filters leave nothing from one given the wrong inventory
   * @param current the current-version rows
   * @param described whether the report has size and ETag columns (else every object is HEADed)
   */
  record Inventory(Dataset<Row> entries, Dataset<Row> underSource, Dataset<Row> current, boolean described) {}

  private InventoryInput() {}

  /**
   * Retries: SDK only (an {@code s3://} manifest.json is read with one GetObject).
   *
   * @param what names the flag and manifest in messages: {@code "--manifest NAME"}
   * @throws LakecopyException INVALID_INPUT for a manifest.json that cannot be read or is not an inventory's
   */
  static Inventory read(SparkSession spark, S3Client s3, String manifestUri, S3Location source, FilterSettings filter,
      String what) {
    Raw raw = raw(spark, s3, manifestUri, what);
    return select(spark, raw.rows(), raw.csv(), source, filter, what);
  }

  /** An inventory's data files as Spark reads them, and whether they are CSV (URL-encoded keys). */
  private record Raw(Dataset<Row> rows, boolean csv) {}

  private static Raw raw(SparkSession spark, S3Client s3, String manifestUri, String what) {
    JsonNode manifest = json(spark.sparkContext().hadoopConfiguration(), s3, manifestUri, what);
    String format = text(manifest, "fileFormat", what).toUpperCase(Locale.ROOT);
    String bucket = text(manifest, "destinationBucket", what).replaceFirst("^arn:aws:s3:::", "");
    List<String> keys = new ArrayList<>();
    manifest.path("files").forEach(f -> keys.add(f.path("key").asText()));
    if (keys.isEmpty()) {
      throw LakecopyException.invalidInput(what + ": the inventory lists no data files");
    }
    String root = dataRoot(manifestUri, bucket, keys.get(0), spark.sparkContext().hadoopConfiguration());
    String[] paths = keys.stream().map(k -> root + k).toArray(String[]::new);
    Dataset<Row> raw = switch (format) {
      case "CSV" -> spark.read().schema(csvSchema(text(manifest, "fileSchema", what))).csv(paths);
      case "PARQUET" -> spark.read().parquet(paths);
      case "ORC" -> spark.read().orc(paths);
      default -> throw LakecopyException.invalidInput(what + ": inventory format '" + Excerpt.of(format)
          + "' is not CSV, Parquet or ORC");
    };
    return new Raw(raw, format.equals("CSV"));
  }

  /**
   * An inventory that lists every version, as the histories of the keys under {@code source} (--version-at,
   * --all-versions): rows of {@code key} and {@code versions} ({@link io.lakecopy.copy.ListingRows#VERSIONS}, newest
   * first), like a listing of versions. An inventory has no listing order, so a key's entries are ordered by
   * last-modified time, then the current entry (is_latest) first, then a delete marker first: the rules of
   * {@link io.lakecopy.plan.VersionOrder}, and versions of one time by version id.
   *
   * @throws LakecopyException INVALID_INPUT for an inventory without a version_id or last_modified_date column (one
   *     of current versions only), or with rows under --source that have no key or time
   */
  static Dataset<Row> histories(SparkSession spark, S3Client s3, String manifestUri, S3Location source, String what) {
    Raw raw = raw(spark, s3, manifestUri, what);
    Map<String, StructField> fields = new HashMap<>();
    Arrays.stream(raw.rows().schema().fields()).forEach(f -> fields.put(f.name().toLowerCase(Locale.ROOT), f));
    for (String required : List.of("bucket", "key", "version_id", "last_modified_date")) {
      if (!fields.containsKey(required)) {
        throw LakecopyException.invalidInput(what + ": the inventory has no '" + required + "' column"
            + (required.equals("version_id") ? ": it lists current versions only; --version-at and --all-versions"
                + " need an inventory of all versions (IncludedObjectVersions All)" : ""));
      }
    }
    Dataset<Row> entries = raw.rows().where(functions.col(fields.get("bucket").name()).equalTo(source.bucket()))
        .select(functions.col(fields.get("key").name()).as("raw_key"),
            typed(fields, "version_id", DataTypes.StringType).as("version_id"),
            functions.coalesce(typed(fields, "is_delete_marker", DataTypes.BooleanType), functions.lit(false))
                .as("delete_marker"),
            functions.coalesce(typed(fields, "is_latest", DataTypes.BooleanType), functions.lit(false)).as("latest"),
            functions.coalesce(typed(fields, "size", DataTypes.LongType), functions.lit(0L)).as("size"),
            typed(fields, "e_tag", DataTypes.StringType).as("etag"),
            typed(fields, "last_modified_date", DataTypes.TimestampType).as("last_modified"),
            typed(fields, "storage_class", DataTypes.StringType).as("storage_class"))
        .withColumn("key", raw.csv() ? functions.expr("url_decode(raw_key)") : functions.col("raw_key"))
        .where(functions.col("key").startsWith(source.key()));
    long bad = entries.where(functions.col("key").isNull().or(functions.col("key").equalTo(""))
        .or(functions.col("last_modified").isNull()).or(functions.col("etag").isNull()
            .and(functions.not(functions.col("delete_marker"))))).count();
    if (bad > 0) {
      throw LakecopyException.invalidInput(what + ": " + bad + " rows under " + source + " have no key, no"
          + " last_modified_date, or (a version, not a delete marker) no e_tag: a history needs each");
    }
    return entries.groupBy("key").agg(functions.sort_array(functions.collect_list(functions.struct(
            functions.col("last_modified"), functions.col("latest"), functions.col("delete_marker"),
            functions.coalesce(functions.col("version_id"), functions.lit("null")).as("version_id"),
            functions.col("size"), functions.col("etag"), functions.col("storage_class"))), false).as("h"))
        .select(functions.col("key"), functions.expr("transform(h, x -> named_struct('version_id', x.version_id,"
            + " 'delete_marker', x.delete_marker, 'latest', x.latest, 'size', x.size, 'etag', if(x.delete_marker,"
            + " null, concat('\"', trim(both '\"' from x.etag), '\"')), 'last_modified', x.last_modified,"
            + " 'storage_class', if(x.storage_class = 'STANDARD', null, x.storage_class)))").as("versions"));
  }

  private static Inventory select(SparkSession spark, Dataset<Row> raw, boolean csv, S3Location source,
      FilterSettings filter, String what) {
    Map<String, StructField> fields = new HashMap<>();
    Arrays.stream(raw.schema().fields()).forEach(f -> fields.put(f.name().toLowerCase(Locale.ROOT), f));
    for (String required : List.of("bucket", "key")) {
      if (!fields.containsKey(required)) {
        throw LakecopyException.invalidInput(what + ": the inventory has no '" + required + "' column");
      }
    }
    Column bucket = functions.col(fields.get("bucket").name());
    Column key = functions.col(fields.get("key").name());
    Column size = typed(fields, "size", DataTypes.LongType);
    Column modified = typed(fields, "last_modified_date", DataTypes.TimestampType);
    Dataset<Row> current = raw;
    if (fields.containsKey("is_latest")) {
      current = current.where(typed(fields, "is_latest", DataTypes.BooleanType).equalTo(true));
    }
    if (fields.containsKey("is_delete_marker")) {
      current = current.where(typed(fields, "is_delete_marker", DataTypes.BooleanType).equalTo(false));
    }
    Column under = functions.lit(true);
    if (source != null) {
      under = bucket.equalTo(source.bucket());
      if (!csv && !source.key().isEmpty()) {
        under = under.and(key.startsWith(source.key())); // Parquet pushes this down as StringStartsWith
      }
    }
    Dataset<Row> underSource = current.where(under);
    Column wanted = functions.lit(true);
    if (filter.minSizeBytes() > 0) {
      wanted = wanted.and(size.isNull().or(size.geq(filter.minSizeBytes())));
    }
    if (filter.maxSizeBytes() < Long.MAX_VALUE) {
      wanted = wanted.and(size.isNull().or(size.leq(filter.maxSizeBytes())));
    }
    if (filter.modifiedAfter() != null) {
      wanted = wanted.and(modified.isNull().or(modified.gt(functions.lit(Timestamp.from(filter.modifiedAfter())))));
    }
    if (filter.modifiedBefore() != null) {
      wanted = wanted.and(modified.isNull().or(modified.lt(functions.lit(Timestamp.from(filter.modifiedBefore())))));
    }
    Dataset<Row> selected = underSource.where(wanted).select(bucket.as("bucket"), key.as("key"), size.as("size"),
        typed(fields, "e_tag", DataTypes.StringType).as("etag"), modified.as("last_modified"),
        typed(fields, "storage_class", DataTypes.StringType).as("storage_class"));
    Dataset<Row> entries = selected.mapPartitions(new InventoryRowsFn(firstRows(selected), csv, source, filter),
        Encoders.row(ManifestRows.ENTRY));
    return new Inventory(entries, underSource, current, fields.containsKey("size") && fields.containsKey("e_tag"));
  }

  /**
   * The number of each partition's first row: a counting job that reads only what the filters need (Spark plans
   * the same file splits for it as for the read that follows, both being the same scan).
   */
  private static Map<Integer, Long> firstRows(Dataset<Row> selected) {
    Map<Integer, Long> counts = new TreeMap<>();
    for (Row r : selected.select(functions.spark_partition_id().as("p")).groupBy("p").count().collectAsList()) {
      counts.put(r.getInt(0), r.getLong(1));
    }
    Map<Integer, Long> first = new HashMap<>();
    long next = 1;
    for (Map.Entry<Integer, Long> c : counts.entrySet()) {
      first.put(c.getKey(), next);
      next += c.getValue();
    }
    return first;
  }

  /** A column as {@code type}: itself if it has that type, null if absent, else cast (null where it cannot be). */
  private static Column typed(Map<String, StructField> fields, String name, DataType type) {
    StructField f = fields.get(name);
    if (f == null) {
      return functions.lit(null).cast(type);
    }
    if (f.dataType().equals(type)) {
      return functions.col(f.name());
    }
    return functions.expr("try_cast(`" + f.name().replace("`", "``") + "` AS " + type.sql() + ")");
  }

  /** The CSV data files' columns, named as in the Parquet and ORC reports, all read as strings. */
  static StructType csvSchema(String fileSchema) {
    StructType schema = new StructType();
    for (String c : fileSchema.split(",")) {
      schema = schema.add(snake(c.strip()), DataTypes.StringType);
    }
    return schema;
  }

  /** Inventory CSV schema names (LastModifiedDate, ETag) as Parquet/ORC column names (last_modified_date, e_tag). */
  static String snake(String name) {
    return switch (name) {
      case "ETag" -> "e_tag";
      case "IsLatest" -> "is_latest";
      case "IsDeleteMarker" -> "is_delete_marker";
      default -> name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    };
  }

  /**
   * Where the data files are: keys in the manifest are relative to the inventory's destination bucket. For an
   * {@code s3://}, {@code s3a://} or {@code s3n://} manifest that is the bucket, with the manifest's scheme; for a
   * copy of the report elsewhere ({@code file:}, {@code hdfs://}, a local path), the directory above the
   * manifest.json that holds the first data file; failing both, {@code s3a://} on the destination bucket.
   */
  static String dataRoot(String manifestUri, String bucket, String firstKey, Configuration hadoop) {
    int scheme = manifestUri.indexOf("://");
    String s = scheme < 0 ? "" : manifestUri.substring(0, scheme).toLowerCase(Locale.ROOT);
    if (s.equals("s3") || s.equals("s3a") || s.equals("s3n")) {
      return s + "://" + bucket + "/";
    }
    try {
      Path manifest = path(manifestUri, hadoop);
      FileSystem fs = manifest.getFileSystem(hadoop);
      for (Path dir = manifest.getParent(); dir != null; dir = dir.getParent()) {
        if (fs.exists(new Path(dir, firstKey))) {
          return dir.toString().endsWith("/") ? dir.toString() : dir + "/";
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // not a readable file system path: fall back to the bucket
    }
    return "s3a://" + bucket + "/";
  }

  /** The manifest.json as a qualified Hadoop path; one without a scheme is a file on the driver, as for --manifest. */
  private static Path path(String uri, Configuration hadoop) throws IOException {
    if (ManifestFiles.hasScheme(uri)) {
      Path p = new Path(uri);
      return p.getFileSystem(hadoop).makeQualified(p);
    }
    return FileSystem.getLocal(hadoop).makeQualified(new Path(new java.io.File(uri).getAbsolutePath()));
  }

  private static JsonNode json(Configuration hadoop, S3Client s3, String uri, String what) {
    byte[] bytes;
    try {
      if (uri.regionMatches(true, 0, "s3://", 0, 5)) {
        S3Location location = S3Location.parse(uri, what);
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(location.key())
            .build())) {
          bytes = in.readNBytes(MAX_MANIFEST_JSON_BYTES + 1);
        } catch (SdkException e) {
          ErrorKind kind = S3Errors.classify(e);
          throw new LakecopyException(kind == ErrorKind.NOT_FOUND ? ErrorKind.INVALID_INPUT : kind,
              what + ": cannot read it: " + S3Errors.describe(e), e);
        }
      } else {
        Path path = path(uri, hadoop);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
          bytes = in.readNBytes(MAX_MANIFEST_JSON_BYTES + 1);
        }
      }
    } catch (FileNotFoundException e) {
      throw LakecopyException.invalidInput(what + ": file not found");
    } catch (IOException e) {
      throw LakecopyException.invalidInput(what + ": cannot read it: " + e.getMessage());
    }
    if (bytes.length > MAX_MANIFEST_JSON_BYTES) {
      throw LakecopyException.invalidInput(what + ": larger than " + MAX_MANIFEST_JSON_BYTES
          + " bytes: not an inventory's manifest.json");
    }
    try {
      return new ObjectMapper().readTree(TextLines.text(bytes, what));
    } catch (IOException e) {
      throw LakecopyException.invalidInput(what + ": not a JSON inventory manifest: " + e.getMessage());
    }
  }

  /**
   * The destination side of {@code lakecopy check}, from an S3 Inventory of the destination bucket instead of a
   * listing: a snapshot, as of {@code created} (the manifest's {@code creationTimestamp}, empty where it has none).
   *
   * @param rows key, size, etag (quoted), last_modified of the current objects under --dest (read on the executors)
   */
  record Destination(Dataset<Row> rows, Optional<Instant> created) {}

  /**
   * Reads an inventory of {@code dest}'s bucket as the destination side of a check: the current versions, no delete
   * markers, under {@code dest}'s prefix, CSV keys URL-decoded (as {@link #read} reads a source inventory, with no
   * filter: the check scopes extra objects itself). One counting job and one job that looks for bad rows run here;
   * the rows are read again where they are used.
   *
   * <p>Retries: SDK only (an {@code s3://} manifest.json is read with GetObject).
   *
   * @param what names the flag and manifest in messages: {@code "--dest-inventory NAME"}
   * @throws LakecopyException INVALID_INPUT for a manifest.json or data file that cannot be read, one that is not an
   *     inventory's, an inventory of another bucket, one without size and ETag columns, or bad rows under --dest
   */
  static Destination destination(SparkSession spark, S3Client s3, String manifestUri, S3Location dest, String what) {
    JsonNode manifest = json(spark.sparkContext().hadoopConfiguration(), s3, manifestUri, what);
    checkInventoried(text(manifest, "sourceBucket", what), dest, what);
    Optional<Instant> created = created(manifest.path("creationTimestamp").asText(""));
    try {
      Inventory inventory = read(spark, s3, manifestUri, dest,
          FilterSettings.of(ObjectFilter.globsOnly(new KeyFilter(List.of()))), what);
      if (!inventory.described()) {
        throw LakecopyException.invalidInput(what + ": the inventory has no size or no e_tag column (its"
            + " configuration lacks the Size or ETag field): a check compares the sizes and ETags of the destination"
            + " objects, so it needs both");
      }
      ManifestChecks.entries(inventory.entries(), what, "row");
      Dataset<Row> rows = inventory.entries().select(functions.col("key"), functions.col("size"),
          functions.col("etag"), functions.expr("timestamp_micros(last_modified_us)").as("last_modified"));
      return new Destination(rows, created);
    } catch (Exception e) { // Spark's own, often wrapped (its AnalysisException is checked, thrown undeclared)
      throw ManifestChecks.lakecopyCause(e).orElseGet(() -> LakecopyException.invalidInput(what
          + ": cannot read the inventory: " + Excerpt.of(ManifestChecks.rootMessage(e))));
    }
  }

  /**
   * @param sourceBucket the manifest's {@code sourceBucket}: the bucket the inventory lists (a name; an ARN is
   *     accepted too)
   * @throws LakecopyException INVALID_INPUT unless it is {@code dest}'s bucket
   */
  static void checkInventoried(String sourceBucket, S3Location dest, String what) {
    String bucket = sourceBucket.strip().replaceFirst("^arn:aws:s3:::", "");
    if (!bucket.equals(dest.bucket())) {
      throw LakecopyException.invalidInput(what + ": an inventory of bucket '" + Excerpt.of(bucket)
          + "' (its sourceBucket), not of --dest's bucket '" + dest.bucket() + "'");
    }
  }

  /** A manifest's {@code creationTimestamp} (milliseconds since the epoch, as a string); empty if absent or not one. */
  static Optional<Instant> created(String creationTimestamp) {
    try {
      return creationTimestamp.isBlank() ? Optional.empty()
          : Optional.of(Instant.ofEpochMilli(Long.parseLong(creationTimestamp.strip())));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode manifest, String field, String what) {
    JsonNode n = manifest.get(field);
    if (n == null || n.asText().isEmpty()) {
      throw LakecopyException.invalidInput(what + ": inventory manifest has no '" + field + "'");
    }
    return n.asText();
  }
}
