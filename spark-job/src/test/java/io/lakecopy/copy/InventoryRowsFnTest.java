package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.config.KeyFilter;
import io.lakecopy.config.ObjectFilter;
import io.lakecopy.plan.FilterSettings;
import io.lakecopy.s3.S3Location;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class InventoryRowsFnTest {
  private static final FilterSettings ALL = FilterSettings.of(ObjectFilter.globsOnly(new KeyFilter(List.of())));
  private static final Instant T = Instant.parse("2026-11-01T00:00:00.123Z");

  @Test
  void call_csvInventoryRows_keysDecodedETagsQuotedAndRowsNumbered() {
    InventoryRowsFn fn = new InventoryRowsFn(Map.of(0, 41L), true, new S3Location("src-bucket", "lake/"), ALL);

    List<Row> rows = run(fn, List.of(
        RowFactory.create("src-bucket", "lake/a%20b%2Bc.csv", 12L, "abc", Timestamp.from(T), "STANDARD"),
        RowFactory.create("src-bucket", "other/x", 1L, "e", null, null),
        RowFactory.create("src-bucket", "lake/g", null, "", Instant.EPOCH, "GLACIER"),
        RowFactory.create("src-bucket", "lake/bad%zz", 1L, "e", null, null)));

    assertThat(rows).hasSize(3);
    Row a = rows.get(0);
    assertThat(a.getString(ManifestRows.KEY)).isEqualTo("lake/a b+c.csv");
    assertThat(a.getString(ManifestRows.RELATIVE_KEY)).isEqualTo("a b+c.csv");
    assertThat(a.getString(ManifestRows.ETAG)).isEqualTo("\"abc\"");
    assertThat(a.getLong(ManifestRows.LAST_MODIFIED_MICROS)).isEqualTo(ManifestRows.micros(T));
    assertThat(a.isNullAt(ManifestRows.STORAGE_CLASS)).isTrue();
    assertThat(a.getLong(ManifestRows.LINE)).isEqualTo(41);
    Row g = rows.get(1);
    assertThat(g.getLong(ManifestRows.LINE)).as("the row outside --source still counts").isEqualTo(43);
    assertThat(g.isNullAt(ManifestRows.ETAG)).isTrue();
    assertThat(g.getLong(ManifestRows.LAST_MODIFIED_MICROS)).isZero();
    assertThat(g.getString(ManifestRows.STORAGE_CLASS)).isEqualTo("GLACIER");
    assertThat(rows.get(2).getString(ManifestRows.ENTRY_ERROR)).startsWith("row 44: URLDecoder");
  }

  @Test
  void call_parquetKeys_takenVerbatim() {
    InventoryRowsFn fn = new InventoryRowsFn(Map.of(), false, null, ALL);

    List<Row> rows = run(fn, List.of(RowFactory.create("src-bucket", "a%20b", 1L, "e", null, null)));

    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.getString(ManifestRows.KEY)).isEqualTo("a%20b");
      assertThat(r.getLong(ManifestRows.LINE)).isEqualTo(1);
    });
  }

  @Test
  void call_negativeSizeOrBadBucket_errorRows() {
    InventoryRowsFn fn = new InventoryRowsFn(Map.of(0, 1L), false, null, ALL);

    List<Row> rows = run(fn, List.of(RowFactory.create("src-bucket", "k", -1L, "e", null, null),
        RowFactory.create("Bad_Bucket", "k", 1L, "e", null, null), RowFactory.create(null, "k", 1L, "e", null, null)));

    assertThat(rows).extracting(r -> r.getString(ManifestRows.ENTRY_ERROR)).containsExactly(
        "row 1: size -1 of s3://src-bucket/k is outside 0.." + io.lakecopy.s3.S3Limits.MAX_OBJECT_SIZE_BYTES,
        "row 2: invalid bucket name 'Bad_Bucket'",
        "row 3: needs bucket and key");
  }

  private static List<Row> run(InventoryRowsFn fn, List<Row> input) {
    List<Row> out = new ArrayList<>();
    try {
      fn.call(input.iterator()).forEachRemaining(out::add);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
