package io.lakecopy.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.config.KeyFilter;
import io.lakecopy.copy.ManifestRows;
import io.lakecopy.plan.FilterSettings;
import io.lakecopy.s3.S3Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link InventoryInput} asks of Spark's Parquet and ORC readers, seen in the physical plan: the source bucket
 * and prefix, current versions and the size and time ranges are pushed into the scan; and rows read by several tasks
 * are numbered 1..N without a gap. Local files, no S3 server: this is about the read, not the store.
 */
class InventoryPushdownIT {
  @TempDir Path tmp;

  private static SparkSession spark() {
    return SparkSession.builder().master("local[2,4]").appName("lakecopy-it").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
  }

  /** The session, with plans printed whole (Spark cuts a scan's pushed filters at 100 characters). */
  private static SparkSession sparkShowingWholePlans() {
    SparkSession spark = spark();
    spark.conf().set("spark.sql.maxMetadataStringLength", "100000");
    return spark;
  }

  private Path inventory(SparkSession spark, String format, long rows) throws IOException {
    Path bucket = tmp.resolve(format + "/inv-bucket");
    Path data = bucket.resolve("inventory/src-bucket/all/data");
    spark.range(rows).select(functions.lit("src-bucket").as("bucket"),
        functions.concat(functions.when(functions.col("id").mod(10).equalTo(0), "other/").otherwise("lake/"),
            functions.col("id").cast("string")).as("key"),
        functions.col("id").as("size"),
        functions.lit(Timestamp.from(Instant.parse("2026-11-01T00:00:00Z"))).as("last_modified_date"),
        functions.md5(functions.col("id").cast("string")).as("e_tag"),
        functions.col("id").mod(7).notEqual(0).as("is_latest"), functions.lit(false).as("is_delete_marker"))
        .repartition(4).write().format(format).save(data.toString());
    StringBuilder files = new StringBuilder();
    try (var list = Files.list(data)) {
      for (Path p : list.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        files.append(files.length() == 0 ? "" : ", ").append("{\"key\": \"inventory/src-bucket/all/data/")
            .append(p.getFileName()).append("\"}");
      }
    }
    Path manifest = Files.createDirectories(data.getParent().resolve("2026-11-27T00-00Z")).resolve("manifest.json");
    Files.writeString(manifest, "{\"destinationBucket\": \"arn:aws:s3:::inv-bucket\", \"fileFormat\": \"" + format
        + "\", \"files\": [" + files + "]}");
    return manifest;
  }

  @Test
  void read_parquetAndOrc_sourceLatestAndSizeFiltersPushedIntoTheScan() throws IOException {
    SparkSession spark = sparkShowingWholePlans();
    FilterSettings filter = new FilterSettings(new KeyFilter(List.of()), null, 5, 1_000_000, null,
        Instant.parse("2027-01-01T00:00:00Z"));
    for (String format : List.of("parquet", "orc")) {
      Path manifest = inventory(spark, format, 1000);

      InventoryInput.Inventory inv = InventoryInput.read(spark, null, manifest.toString(),
          new S3Location("src-bucket", "lake/"), filter, "--manifest m");
      String plan = inv.entries().queryExecution().executedPlan().toString();
      String pushed = plan.substring(plan.indexOf("PushedFilters: ["), plan.indexOf("], ReadSchema:"));

      assertThat(pushed).as(format).contains("EqualTo(bucket,src-bucket)", "StringStartsWith(key,lake/)",
          "EqualTo(is_latest,true)", "is_delete_marker", "IsNull(size)", "GreaterThanOrEqual(size,5)",
          "LessThanOrEqual(size,1000000)", "IsNull(last_modified_date)", "LessThan(last_modified_date,");
      long expected = LongStream.range(0, 1000).filter(i -> i % 10 != 0 && i % 7 != 0 && i >= 5).count();
      assertThat(inv.entries().count()).as(format).isEqualTo(expected);
    }
  }

  @Test
  void read_rowsFromSeveralFiles_numberedOneToNWithoutAGap() throws IOException {
    SparkSession spark = spark();
    Path manifest = inventory(spark, "parquet", 5000);

    Dataset<Row> entries = InventoryInput.read(spark, null, manifest.toString(), null, FilterSettings.of(
        io.lakecopy.config.ObjectFilter.globsOnly(new KeyFilter(List.of()))), "--manifest m").entries();
    List<Long> lines = entries.select(functions.col("line")).orderBy("line").as(org.apache.spark.sql.Encoders.LONG())
        .collectAsList();

    assertThat(entries.rdd().getNumPartitions()).isGreaterThan(1);
    long current = LongStream.range(0, 5000).filter(i -> i % 7 != 0).count();
    assertThat(lines).containsExactlyElementsOf(LongStream.rangeClosed(1, current).boxed().toList());
    assertThat(entries.where(functions.col("error").isNotNull()).count()).isZero();
    assertThat(entries.schema()).isEqualTo(ManifestRows.ENTRY);
  }
}
