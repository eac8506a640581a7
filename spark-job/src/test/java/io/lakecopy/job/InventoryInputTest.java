package io.lakecopy.job;

import io.lakecopy.config.ManifestFormat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryInputTest {
  @TempDir Path tmp;

  @Test
  void snake_inventoryCsvSchemaNames_matchParquetColumnNames() {
    assertThat(InventoryInput.snake("Bucket")).isEqualTo("bucket");
    assertThat(InventoryInput.snake("LastModifiedDate")).isEqualTo("last_modified_date");
    assertThat(InventoryInput.snake("ETag")).isEqualTo("e_tag");
    assertThat(InventoryInput.snake("VersionId")).isEqualTo("version_id");
    assertThat(InventoryInput.snake("IsDeleteMarker")).isEqualTo("is_delete_marker");
    assertThat(InventoryInput.csvSchema("Bucket, Key, Size").fieldNames()).containsExactly("bucket", "key", "size");
  }

  @Test
  void dataRoot_s3Schemes_theDestinationBucketWithTheManifestsScheme() {
    Configuration hadoop = new Configuration();

    assertThat(InventoryInput.dataRoot("s3a://inv/a/manifest.json", "inv-dest", "a/data/x.parquet", hadoop))
        .isEqualTo("s3a://inv-dest/");
    assertThat(InventoryInput.dataRoot("s3://inv/a/manifest.json", "inv-dest", "a/data/x.parquet", hadoop))
        .isEqualTo("s3://inv-dest/");
  }

  @Test
  void dataRoot_localCopyOfTheReport_theDirectoryThatHoldsTheDataFiles() throws IOException {
    Path bucket = tmp.resolve("inv-dest");
    Files.createDirectories(bucket.resolve("inventory/src/all/data"));
    Files.writeString(bucket.resolve("inventory/src/all/data/f1.parquet"), "x");
    Path manifest = Files.createDirectories(bucket.resolve("inventory/src/all/2026-11-27T00-00Z"))
        .resolve("manifest.json");
    Files.writeString(manifest, "{}");

    assertThat(InventoryInput.dataRoot(manifest.toString(), "inv-dest", "inventory/src/all/data/f1.parquet",
        new Configuration())).isEqualTo("file:" + bucket + "/");
    assertThat(InventoryInput.dataRoot(manifest.toString(), "inv-dest", "inventory/src/all/data/absent.parquet",
        new Configuration())).as("no copy of the data: the bucket").isEqualTo("s3a://inv-dest/");
  }

  @Test
  void resolve_auto_manifestJsonIsAnInventory() {
    assertThat(ManifestFormat.AUTO.resolve("s3a://inv/x/2026-11-27T00-00Z/manifest.json"))
        .isEqualTo(ManifestFormat.INVENTORY);
  }}
