package io.lakecopy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.config.ManifestFormat;
import io.lakecopy.s3.LakecopyException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InventoryManifestTest {
  @Test
  void snake_inventoryCsvSchemaNames_matchParquetColumnNames() {
    assertThat(InventoryManifest.snake("Bucket")).isEqualTo("bucket");
    assertThat(InventoryManifest.snake("LastModifiedDate")).isEqualTo("last_modified_date");
    assertThat(InventoryManifest.snake("ETag")).isEqualTo("e_tag");
    assertThat(InventoryManifest.snake("VersionId")).isEqualTo("version_id");
    assertThat(InventoryManifest.snake("IsDeleteMarker")).isEqualTo("is_delete_marker");
  }

  @Test
  void dataRoot_keepsTheManifestsScheme() {
    assertThat(InventoryManifest.dataRoot("s3a://inv/a/manifest.json", "inv-dest")).isEqualTo("s3a://inv-dest/");
    assertThat(InventoryManifest.dataRoot("s3://inv/a/manifest.json", "inv-dest")).isEqualTo("s3://inv-dest/");
  }

  @Test
  void resolve_auto_manifestJsonIsAnInventory() {
    assertThat(ManifestFormat.AUTO.resolve("s3a://inv/x/2026-11-27T00-00Z/manifest.json"))
        .isEqualTo(ManifestFormat.INVENTORY);
  }

  @Test
  void read_notJsonOrMissingFields_rejectedNamingTheManifest() {
    assertThatThrownBy(() -> InventoryManifest.read(null, "s3a://inv/m/manifest.json", "not json", Optional.empty()))
        .isInstanceOf(LakecopyException.class).hasMessageContaining("--manifest s3a://inv/m/manifest.json");
    assertThatThrownBy(() -> InventoryManifest.read(null, "s3a://inv/m/manifest.json",
        "{\"destinationBucket\": \"arn:aws:s3:::inv\", \"files\": []}", Optional.empty()))
        .hasMessageContaining("no 'fileFormat'");
    assertThatThrownBy(() -> InventoryManifest.read(null, "s3a://inv/m/manifest.json",
        "{\"fileFormat\": \"CSV\", \"destinationBucket\": \"arn:aws:s3:::inv\", \"files\": []}", Optional.empty()))
        .hasMessageContaining("lists no data files");
  }
}
