package io.lakecopy.job;

import io.lakecopy.config.JobConfig;
import io.lakecopy.config.KeyFilter;
import io.lakecopy.config.ObjectFilter;
import io.lakecopy.copy.SourceRows;
import io.lakecopy.plan.Lister;
import io.lakecopy.plan.SourceObject;
import io.lakecopy.s3.S3Location;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The run's first phase: the source objects, as a Dataset of {@link SourceRows#SCHEMA} rows written once under the
 * run's directory and read back: the listing of --source (every listed key, filtered or not: the planner filters),
 * or the entries of --manifest.
 */
final class Sources {
  /** What was found: the rows, and the --src-prefixes-file prefixes (relative to --source) that were listed. */
  record Found(Dataset<Row> rows, List<String> listedPrefixes) {}

  private Sources() {}

  /** Retries: SDK only. */
  static Found find(SparkSession spark, JobConfig config, S3Client source, RunDirectory run) {
    if (config.manifest().isPresent()) {
      return new Found(ManifestInput.read(spark, config, source, run.root()), List.of());
    }
    List<Row> rows = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    S3Location base = config.source().orElseThrow();
    List<S3Location> listed = new ArrayList<>();
    if (config.prefixesFile().isPresent()) {
      for (String p : prefixLines(spark, config, source)) {
        listed.add(base.resolve(p));
        prefixes.add(p);
      }
    } else {
      listed.add(base);
    }
    ObjectFilter all = ObjectFilter.globsOnly(new KeyFilter(List.of()));
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (S3Location prefix : listed) {
      for (SourceObject o : Buckets.onBucket(base.bucket(), "--source (source.uri)",
          () -> Lister.list(source, prefix, base, all, config.listParallelism(), k -> { }))) {
        if (seen.add(o.location().key())) {
          rows.add(row(o, false));
        }
      }
    }
    String at = run.path("input/sources");
    spark.createDataFrame(rows, SourceRows.SCHEMA).write().parquet(at);
    run.restrict("input");
    return new Found(spark.read().schema(SourceRows.SCHEMA).parquet(at), prefixes);
  }

  /**
   * The destination listing (key, size, etag, last_modified), written under the run's directory and read back.
   * Retries: SDK only.
   */
  static Dataset<Row> destination(SparkSession spark, JobConfig config, S3Client dest, RunDirectory run) {
    S3Location prefix = config.dest();
    List<Row> rows = new ArrayList<>();
    ObjectFilter all = ObjectFilter.globsOnly(new KeyFilter(List.of()));
    for (SourceObject o : Buckets.onBucket(prefix.bucket(), "--dest (dest.uri)",
        () -> Lister.list(dest, prefix, prefix, all, config.listParallelism(), k -> { }))) {
      rows.add(RowFactory.create(o.location().key(), o.sizeBytes(), o.eTag(),
          o.lastModified() == null ? null : Timestamp.from(o.lastModified())));
    }
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("key", "string", false).add("size", "long", false).add("etag", "string", false)
        .add("last_modified", "timestamp", true);
    String at = run.path("listing/dest/round=0");
    spark.createDataFrame(rows, schema).write().parquet(at);
    run.restrict("listing");
    return spark.read().schema(schema).parquet(at);
  }

  /** --previous-manifest's entries (bucket, key, etag), read on the executors. */
  static Dataset<Row> previous(SparkSession spark, JobConfig config, S3Client source, RunDirectory run) {
    return ManifestInput.readPrevious(spark, config, source, run.root());
  }

  private static Row row(SourceObject o, boolean missing) {
    return RowFactory.create(o.location().bucket(), o.location().key(), o.relativeKey(), o.versionId(), o.sizeBytes(),
        o.eTag(), o.lastModified() == null ? null : Timestamp.from(o.lastModified()), o.storageClass(), o.line(),
        missing);
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
