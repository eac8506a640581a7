package io.lakecopy.job;

import io.lakecopy.config.ManifestFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  static Stream<Arguments> inventoried() {
    return Stream.of(
        Arguments.of("dst-bucket", "s3://dst-bucket/copy/", null),
        Arguments.of("arn:aws:s3:::dst-bucket", "s3://dst-bucket/", null),
        Arguments.of(" dst-bucket ", "s3://dst-bucket/copy/", null),
        Arguments.of("src-bucket", "s3://dst-bucket/copy/", "--dest-inventory m.json: an inventory of bucket"
            + " 'src-bucket' (its sourceBucket), not of --dest's bucket 'dst-bucket'"),
        Arguments.of("arn:aws:s3:::dst-bucket-2", "s3://dst-bucket/copy/", "--dest-inventory m.json: an inventory of"
            + " bucket 'dst-bucket-2' (its sourceBucket), not of --dest's bucket 'dst-bucket'"));
  }

  @ParameterizedTest
  @MethodSource("inventoried")
  void checkInventoried_sourceBucket_mustBeTheDestinationBucket(String sourceBucket, String dest, String error) {
    S3Location location = S3Location.parse(dest, "--dest");
    if (error == null) {
      InventoryInput.checkInventoried(sourceBucket, location, "--dest-inventory m.json");
    } else {
      assertThatThrownBy(() -> InventoryInput.checkInventoried(sourceBucket, location, "--dest-inventory m.json"))
          .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
          .hasMessage(error);
    }
  }

  static Stream<Arguments> creationTimestamps() {
    return Stream.of(
        Arguments.of("1514944800000", Optional.of(Instant.parse("2018-01-03T02:00:00Z"))),
        Arguments.of(" 1764201600000 ", Optional.of(Instant.parse("2025-11-27T00:00:00Z"))),
        Arguments.of("", Optional.empty()),
        Arguments.of("yesterday", Optional.empty()),
        Arguments.of("99999999999999999999", Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("creationTimestamps")
  void created_creationTimestamp_millisSinceTheEpochOrEmpty(String value, Optional<Instant> expected) {
    assertThat(InventoryInput.created(value)).isEqualTo(expected);
  }

  @Test
  void resolve_auto_manifestJsonIsAnInventory() {
    assertThat(ManifestFormat.AUTO.resolve("s3a://inv/x/2026-11-27T00-00Z/manifest.json"))
        .isEqualTo(ManifestFormat.INVENTORY);
  }}
