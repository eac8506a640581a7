package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.config.ManifestFormat;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsvManifestParserTest {
  @Test
  void parse_batchOperationsRows_decodesKeysAndKeepsVersionIds() {
    List<ManifestEntry> entries = CsvManifestParser.parse(List.of(
        "src-bucket,lake/a%20b%2Bc.parquet",
        "src-bucket,lake/%E6%97%A5.csv,3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
        "src-bucket,lake/a%20b%2Bc.parquet"), "m.csv", Optional.empty());

    assertThat(entries).extracting(ManifestEntry::location).containsExactly(
        new S3Location("src-bucket", "lake/a b+c.parquet"), new S3Location("src-bucket", "lake/日.csv"));
    assertThat(entries.get(1).versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
    assertThat(entries).noneMatch(ManifestEntry::described);
  }

  @Test
  void parse_headerWithSizeAndETag_describesObjectsWithoutHead() {
    List<ManifestEntry> entries = CsvManifestParser.parse(List.of(
        "\"bucket\",\"key\",\"size\",\"last_modified_date\",\"e_tag\"",
        "\"src-bucket\",\"lake/x%2Cy.json\",\"1234\",\"2026-11-01T00:00:00.000Z\",\"0123456789abcdef0123456789abcdef\""),
        "inventory.csv", Optional.of(new S3Location("src-bucket", "lake/")));

    ManifestEntry e = entries.get(0);
    assertThat(e.described()).isTrue();
    SourceObject o = e.toSourceObject();
    assertThat(o.location()).isEqualTo(new S3Location("src-bucket", "lake/x,y.json"));
    assertThat(o.relativeKey()).isEqualTo("x,y.json");
    assertThat(o.sizeBytes()).isEqualTo(1234);
    assertThat(o.eTag()).isEqualTo("\"0123456789abcdef0123456789abcdef\"");
    assertThat(o.line()).isEqualTo(2);
  }

  @Test
  void parse_badRows_namesEachLine() {
    assertThatThrownBy(() -> CsvManifestParser.parse(List.of("bucket,key,size,etag", "b1x,ok,10,abc",
        "b1x", "b1x,k,ten,abc", "b1x,\"open", "Bad_Bucket,k"), "m.csv", Optional.empty()))
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining("4 bad lines").hasMessageContaining("line 3: needs at least bucket,key")
        .hasMessageContaining("line 4: size 'ten' is not a number").hasMessageContaining("line 5: unclosed quote")
        .hasMessageContaining("line 6: invalid bucket name 'Bad_Bucket'");
  }

  @Test
  void parse_rowOutsideSource_rejected() {
    assertThatThrownBy(() -> CsvManifestParser.parse(List.of("other-bucket,lake/a"), "m.csv",
        Optional.of(new S3Location("src-bucket", "lake/")))).hasMessageContaining("line 1:")
        .hasMessageContaining("is not under --source s3://src-bucket/lake/");
  }

  @Test
  void resolve_auto_picksCsvByExtension() {
    assertThat(ManifestFormat.AUTO.resolve("s3://b/list.CSV")).isEqualTo(ManifestFormat.CSV);
    assertThat(ManifestFormat.AUTO.resolve("/tmp/list.txt")).isEqualTo(ManifestFormat.LINES);
    assertThat(ManifestFormat.LINES.resolve("/tmp/list.csv")).isEqualTo(ManifestFormat.LINES);
  }
}
