package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.config.KeyFilter;
import io.lakecopy.config.ObjectFilter;
import io.lakecopy.s3.AdaptiveLimit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class ManifestHeadsTest {
  private static final ObjectFilter ALL = ObjectFilter.globsOnly(new KeyFilter(List.of()));
  private static final Instant T = Instant.parse("2026-11-01T10:15:30.123456Z");

  private final FakeS3Client s3 = new FakeS3Client();

  private ManifestHeads heads(ObjectFilter filter) {
    return new ManifestHeads(s3, new AdaptiveLimit(4), filter, "line");
  }

  private static Row entry(Long size, String eTag, Instant modified, String versionId) {
    return ManifestRows.entry("src-bucket", "lake/a b.csv", "a b.csv", versionId, size, eTag,
        ManifestRows.micros(modified), null, 7);
  }

  @Test
  void resolve_sizeAndETagGiven_noRequest() {
    Row out = heads(ALL).resolve(entry(12L, "\"abc\"", null, null));

    assertThat(s3.headObjectRequests).isEmpty();
    assertThat(out.getLong(ManifestRows.SIZE)).isEqualTo(12);
    assertThat(out.getString(ManifestRows.ETAG)).isEqualTo("\"abc\"");
    assertThat(out.getBoolean(ManifestRows.MISSING)).isFalse();
    assertThat(out.isNullAt(ManifestRows.ERROR)).isTrue();
  }

  @Test
  void resolve_noSize_headsTheVersionAndTakesItsAnswer() {
    s3.onHeadObject = r -> HeadObjectResponse.builder().contentLength(99L).eTag("\"e1\"").lastModified(T)
        .storageClass("STANDARD_IA").build();

    Row out = heads(ALL).resolve(entry(null, null, null, "v-3"));

    assertThat(s3.headObjectRequests).singleElement().satisfies(r -> {
      assertThat(r.bucket()).isEqualTo("src-bucket");
      assertThat(r.key()).isEqualTo("lake/a b.csv");
      assertThat(r.versionId()).isEqualTo("v-3");
    });
    assertThat(out.getLong(ManifestRows.SIZE)).isEqualTo(99);
    assertThat(out.getString(ManifestRows.ETAG)).isEqualTo("\"e1\"");
    assertThat(ManifestRows.instant(out.getLong(ManifestRows.LAST_MODIFIED_MICROS))).isEqualTo(T);
    assertThat(out.getString(ManifestRows.STORAGE_CLASS)).isEqualTo("STANDARD_IA");
    assertThat(out.getLong(ManifestRows.LINE)).isEqualTo(7);
  }

  @Test
  void resolve_standardStorageClass_null() {
    s3.onHeadObject = r -> HeadObjectResponse.builder().contentLength(1L).eTag("\"e\"").storageClass("STANDARD")
        .build();

    assertThat(heads(ALL).resolve(entry(null, null, null, null)).isNullAt(ManifestRows.STORAGE_CLASS)).isTrue();
  }

  @Test
  void resolve_notFound_missingRow() {
    s3.onHeadObject = r -> {
      throw FakeS3Client.s3Error(404, "NoSuchKey");
    };

    Row out = heads(ALL).resolve(entry(null, null, null, null));

    assertThat(out.getBoolean(ManifestRows.MISSING)).isTrue();
    assertThat(out.isNullAt(ManifestRows.SIZE)).isTrue();
    assertThat(out.isNullAt(ManifestRows.ERROR)).isTrue();
    assertThat(out.getString(ManifestRows.KEY)).isEqualTo("lake/a b.csv");
  }

  @Test
  void resolve_accessDenied_errorRowNamingLineAndObject() {
    s3.onHeadObject = r -> {
      throw FakeS3Client.s3Error(403, "AccessDenied");
    };

    Row out = heads(ALL).resolve(entry(null, null, null, null));

    assertThat(out.getBoolean(ManifestRows.MISSING)).isFalse();
    assertThat(out.getString(ManifestRows.ERROR_KIND)).isEqualTo("ACCESS_DENIED");
    assertThat(out.getString(ManifestRows.ERROR))
        .isEqualTo("line 7: HEAD s3://src-bucket/lake/a b.csv: HTTP 403 AccessDenied: fake AccessDenied");
  }

  @Test
  void resolve_timeFilterAndNoTimeGiven_headsEvenWithSizeAndETag() {
    ObjectFilter after = new ObjectFilter(new KeyFilter(List.of()), Optional.empty(), 0, Long.MAX_VALUE,
        Optional.of(T.minusSeconds(1)), Optional.empty());
    s3.onHeadObject = r -> HeadObjectResponse.builder().contentLength(5L).eTag("\"e\"").lastModified(T).build();

    Row out = heads(after).resolve(entry(5L, "\"e\"", null, null));

    assertThat(s3.headObjectRequests).hasSize(1);
    assertThat(out.getLong(ManifestRows.LAST_MODIFIED_MICROS)).isEqualTo(ManifestRows.micros(T));
  }

  @Test
  void resolve_outsideSizeOrTimeRange_dropped() {
    ObjectFilter small = new ObjectFilter(new KeyFilter(List.of()), Optional.empty(), 0, 10, Optional.empty(),
        Optional.of(T));
    s3.onHeadObject = r -> HeadObjectResponse.builder().contentLength(5L).eTag("\"e\"").lastModified(T).build();

    assertThat(heads(small).resolve(entry(11L, "\"e\"", T.minusSeconds(5), null))).as("too big").isNull();
    assertThat(heads(small).resolve(entry(null, null, null, null))).as("HEAD: not before T").isNull();
    assertThat(heads(small).resolve(entry(10L, "\"e\"", T.minusSeconds(5), null))).as("in range").isNotNull();
  }

  @Test
  void micros_roundTrip_keepsMicrosecondsAndTimesBefore1970() {
    Instant before = Instant.parse("1969-12-31T23:59:59.999999Z");

    assertThat(ManifestRows.instant(ManifestRows.micros(T))).isEqualTo(T);
    assertThat(ManifestRows.instant(ManifestRows.micros(before))).isEqualTo(before);
  }
}
