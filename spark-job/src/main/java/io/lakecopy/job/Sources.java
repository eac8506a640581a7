package io.lakecopy.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;

import io.lakecopy.config.JobConfig;
import io.lakecopy.config.KeyFilter;
import io.lakecopy.config.ObjectFilter;
import io.lakecopy.config.Versions;
import io.lakecopy.copy.SourceRows;
import io.lakecopy.copy.VersionAtFn;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The run's first phase: the source objects, as a Dataset of {@link SourceRows#SCHEMA} rows written once under the
 * run's directory and read back: the listing of --source by the executors ({@link Listing}; every listed key,
 * filtered or not: the planner filters), or the entries of --manifest.
 */
final class Sources {
  /**
   * What was found: the rows, the --src-prefixes-file prefixes (relative to --source) that were listed, and the
   * requests the executors sent to list them.
   *
   * @param uniqueKeys whether no two rows share a bucket and key (a listing, which lists every key once and
   *     de-duplicates overlapping prefixes), so that an unchanged key mapping cannot map two rows to one key; a
   *     manifest may name an object twice, or keys of several buckets
   */
  record Found(Dataset<Row> rows, List<String> listedPrefixes, Map<String, Long> requests, boolean uniqueKeys) {}

  /** The destination listing's rows (key, size, etag, last_modified) and the requests the executors sent. */
  record Destination(Dataset<Row> rows, Map<String, Long> requests) {}

  private Sources() {}

  /** Retries: SDK only. */
  static Found find(SparkSession spark, JobConfig config, S3Client source, RunDirectory run) {
    if (config.manifest().isPresent() && config.versions().mode() == Versions.Mode.AT) {
      // an inventory of all versions (ConfigLoader allows no other manifest with --version-at)
      S3Location base = config.source().orElseThrow();
      Dataset<Row> rows = histories(spark, config, source).flatMap(new VersionAtFn(base.bucket(),
          base.key().length(), config.versions().at()), Encoders.row(SourceRows.SCHEMA));
      return new Found(rows, List.of(), Map.of(), true);
    }
    if (config.manifest().isPresent()) {
      return new Found(ManifestInput.read(spark, config, source, run.root()), List.of(), Map.of(), false);
    }
    S3Location base = config.source().orElseThrow();
    List<String> prefixes = config.prefixesFile().isPresent() ? prefixLines(spark, config, source) : List.of();
    List<String> keys = prefixes.isEmpty() && config.prefixesFile().isEmpty() ? List.of(base.key())
        : prefixes.stream().map(p -> base.resolve(p).key()).toList();
    if (keys.isEmpty()) {
      return new Found(spark.createDataFrame(List.<Row>of(), SourceRows.SCHEMA), prefixes, Map.of(), true);
    }
    boolean versions = config.versions().listed();
    Listing.Listed listed = Listing.list(spark, source, new Listing.Request(base.bucket(), keys,
        "--source (source.uri)", config.sourceClient(), config.listPagesPerRange(), config.listPageSize(), config.listParallelism(),
        "listing/source", versions), run);
    Dataset<Row> rows = config.versions().mode() == Versions.Mode.AT
        ? listed.objects().flatMap(new VersionAtFn(base.bucket(), base.key().length(), config.versions().at()),
            Encoders.row(SourceRows.SCHEMA))
        : listed.objects().select(lit(base.bucket()).as("bucket"), col("key"),
        substring(col("key"), base.key().codePointCount(0, base.key().length()) + 1, Integer.MAX_VALUE)
            .as("relative_key"), lit(null).cast("string").as("version_id"), col("size"), col("etag"),
        col("last_modified"), col("storage_class"), lit(0L).as("line"), lit(false).as("missing"));
    if (keys.size() > 1) {
      // the prefixes may overlap: a key listed under two of them is one source
      String at = run.path("listing/source/unique");
      rows.dropDuplicates("key").write().parquet(at);
      run.restrict("listing");
      rows = spark.read().schema(SourceRows.SCHEMA).parquet(at);
    }
    return new Found(rows, prefixes, listed.requests(), true);
  }

  /**
   * The destination listing (key, size, etag, last_modified), listed into the run's directory and read back.
   * Retries: SDK only.
   */
  static Destination destination(SparkSession spark, JobConfig config, S3Client dest, RunDirectory run) {
    S3Location prefix = config.dest();
    Listing.Listed listed = Listing.list(spark, dest, new Listing.Request(prefix.bucket(), List.of(prefix.key()),
        "--dest (dest.uri)", config.destClient(), config.listPagesPerRange(), config.listPageSize(), config.listParallelism(),
        "listing/dest"), run);
    return new Destination(listed.objects().select(col("key"), col("size"), col("etag"), col("last_modified")),
        listed.requests());
  }

  /**
   * The histories (key, versions) of the keys under --source in --manifest, an S3 Inventory of all versions: what
   * --version-at and --all-versions read instead of a listing of versions.
   */
  static Dataset<Row> histories(SparkSession spark, JobConfig config, S3Client source) {
    String manifest = config.manifest().orElseThrow();
    return InventoryInput.histories(spark, source, manifest, config.source().orElseThrow(), "--manifest "
        + io.lakecopy.s3.Excerpt.of(manifest));
  }

  /** --previous-manifest's entries (bucket, key, etag), read on the executors. */
  static Dataset<Row> previous(SparkSession spark, JobConfig config, S3Client source, RunDirectory run) {
    return ManifestInput.readPrevious(spark, config, source, run.root());
  }

  /** The prefixes file's prefixes, relative to --source (a line may be an s3:// URI under it). */
  private static List<String> prefixLines(SparkSession spark, JobConfig config, S3Client source) {
    S3Location base = config.source().orElseThrow();
    String file = config.prefixesFile().orElseThrow();
    List<String> lines = TextFiles.readLines(spark.sparkContext().hadoopConfiguration(), source, file,
        "--src-prefixes-file (source.prefixes-file)");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      S3Location prefix = line.contains("://") ? S3Location.parse(line, "--src-prefixes-file line " + (i + 1))
          : base.resolve(line);
      if (!prefix.bucket().equals(base.bucket()) || !prefix.key().startsWith(base.key())) {
        throw io.lakecopy.s3.LakecopyException.invalidInput("--src-prefixes-file " + file + " line " + (i + 1) + ": '"
            + io.lakecopy.s3.Excerpt.of(line) + "' is not under --source " + base);
      }
      out.add(prefix.key().substring(base.key().length()));
    }
    return out;
  }
}
