package io.lakecopy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * S3 Inventory reports written the way S3 writes them (Parquet data files and a manifest.json naming them), in a
 * local directory laid out as the inventory's destination bucket, for tests and benchmarks.
 */
public final class Inventories {
  /** When every object of {@link #writeParquet} was last modified. */
  public static final Instant LAST_MODIFIED = Instant.parse("2026-11-01T00:00:00Z");

  private Inventories() {}

  /** Writes one inventory in local Spark: args bucket directory, source bucket, rows, data files. */
  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("lakecopy-inventory-writer")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      System.out.println(writeParquet(spark, Path.of(args[0]), args[1], Long.parseLong(args[2]),
          Integer.parseInt(args[3])));
    } finally {
      spark.stop();
    }
  }

  /**
   * Writes an inventory of {@code rows} current objects of bucket {@code source}: row {@code i} is
   * {@code other/…} when {@code i % 10 == 0} (outside a {@code lake/} source), else
   * {@code lake/dt=2026-11-DD/part-NNNNNNN.parquet}; its size is {@code i % 1000 + 1}, its ETag the MD5 of
   * {@code i}'s decimal digits. One data file per {@code files}, written by Spark without a shuffle.
   *
   * @param bucketDir the directory standing for the inventory's destination bucket
   * @return the manifest.json
   */
  public static Path writeParquet(SparkSession spark, Path bucketDir, String source, long rows, int files)
      throws IOException {
    String prefix = "inventory/" + source + "/all/";
    Path data = bucketDir.resolve(prefix + "data");
    Column id = functions.col("id");
    spark.range(0, rows, 1, files).select(functions.lit(source).as("bucket"),
        functions.format_string("%s/dt=2026-11-%02d/part-%07d.parquet",
            functions.when(id.mod(10).equalTo(0), "other").otherwise("lake"), id.mod(28).plus(1), id).as("key"),
        functions.lit(null).cast("string").as("version_id"), functions.lit(true).as("is_latest"),
        functions.lit(false).as("is_delete_marker"), id.mod(1000).plus(1).as("size"),
        functions.lit(Timestamp.from(LAST_MODIFIED)).as("last_modified_date"),
        functions.md5(id.cast("string")).as("e_tag"), functions.lit("STANDARD").as("storage_class"))
        .write().parquet(data.toString());
    List<String> keys;
    try (var list = Files.list(data)) {
      keys = list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).sorted()
          .map(n -> prefix + "data/" + n).toList();
    }
    StringBuilder json = new StringBuilder("{\"sourceBucket\": \"" + source + "\", \"destinationBucket\": "
        + "\"arn:aws:s3:::" + bucketDir.getFileName() + "\", \"version\": \"2016-11-30\", \"fileFormat\": \"Parquet\","
        + " \"fileSchema\": \"message s3.inventory { }\", \"files\": [");
    for (int i = 0; i < keys.size(); i++) {
      json.append(i == 0 ? "" : ", ").append("{\"key\": \"").append(keys.get(i)).append("\"}");
    }
    Path manifest = Files.createDirectories(bucketDir.resolve(prefix + "2026-11-27T00-00Z")).resolve("manifest.json");
    Files.writeString(manifest, json.append("]}").toString());
    return manifest;
  }
}
