package io.lakecopy.plan;

import io.lakecopy.s3.S3Limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

  @Test
  void parse_badRows_listedOnePerRealLine() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> CsvManifestParser.parse(
        List.of("b1x", "b1x,k,x"), "m.csv", Optional.empty()));

    assertThat(e.getMessage().split("\n")).containsExactly("--manifest m.csv: 1 bad line",
        "  line 1: needs at least bucket,key");
    assertThat(e.getMessage()).doesNotContain("\\n");
  }

  @Test
  void fields_realCarriageReturnAtEnd_stripped() {
    assertThat(CsvManifestParser.fields("src-bucket,lake/a.csv\r")).containsExactly("src-bucket", "lake/a.csv");
  }

  @Test
  void parse_crlfRowsWithHeader_parsedAsWithoutCarriageReturns() {
    List<ManifestEntry> entries = CsvManifestParser.parse(List.of("bucket,key,size,etag\r",
        "src-bucket,lake/a.csv,12,abc\r"), "m.csv", Optional.empty());

    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.location()).isEqualTo(new S3Location("src-bucket", "lake/a.csv"));
      assertThat(e.eTag()).isEqualTo("abc");
      assertThat(e.sizeBytes()).isEqualTo(12);
    });
  }

  @Test
  void parse_byteOrderMarkBeforeHeader_headerRecognised() {
    List<ManifestEntry> entries = CsvManifestParser.parse(List.of("\uFEFFbucket,key,size,etag",
        "src-bucket,lake/a.csv,12,abc"), "m.csv", Optional.empty());

    assertThat(entries).singleElement().satisfies(e -> assertThat(e.described()).isTrue());
  }

  @Test
  void parse_urlEncodedControlCharactersInKey_decodedIntoTheKey() {
    List<ManifestEntry> entries = CsvManifestParser.parse(List.of("src-bucket,lake/cr%0Dlf%0Abell%07.txt"), "m.csv",
        Optional.empty());

    assertThat(entries).singleElement().satisfies(e -> assertThat(e.location().key())
        .isEqualTo("lake/cr\rlf\nbell\u0007.txt"));
  }

  @Test
  void parse_sizeBeyondS3sLargestObject_lineError() {
    long tooBig = S3Limits.MAX_OBJECT_SIZE_BYTES + 1;

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> CsvManifestParser.parse(List.of(
        "bucket,key,size,etag", "src-bucket,ok,5,abc", "src-bucket,huge," + tooBig + ",abc",
        "src-bucket,max," + S3Limits.MAX_OBJECT_SIZE_BYTES + ",abc"), "m.csv", Optional.empty()));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("1 bad line", "line 3: size " + tooBig + " is larger than S3's largest object");
  }

  @Test
  void parse_sameKeyTwiceWithAndWithoutVersion_keptAsTwoVersionsAndRepeatsDropped() {
    List<ManifestEntry> entries = CsvManifestParser.parse(List.of("src-bucket,a", "src-bucket,a,v1",
        "src-bucket,a", "src-bucket,a,v1", "src-bucket,a,null"), "m.csv", Optional.empty());

    assertThat(entries).extracting(ManifestEntry::versionId).containsExactly(null, "v1", "null");
  }

  @Test
  void parse_hugeBadLine_messageQuotesAnExcerpt() {
    String line = "src-bucket,k,".concat("9".repeat(5_000_000)) + ",abc";

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> CsvManifestParser.parse(List.of(
        "bucket,key,size,etag", line), "m.csv", Optional.empty()));

    assertThat(e.getMessage()).contains("line 2: size '", "… (5000000 characters)' is not a number");
    assertThat(e.getMessage().length()).isLessThan(400);
  }

  @Test
  void header_namedColumnsInAnyOrder_indexesThem() {
    assertThat(CsvManifestParser.header("\"Key\",\"size\",\"BUCKET\",\"e_tag\",\"version_id\",\"LastModifiedDate\""))
        .contains(new CsvManifestParser.Columns(2, 0, 4, 1, 3, 5));
    assertThat(CsvManifestParser.header("bucket,key")).contains(new CsvManifestParser.Columns(0, 1, -1, -1, -1, -1));
  }

  @Test
  void header_dataRowOrBrokenRow_isNoHeader() {
    assertThat(CsvManifestParser.header("src-bucket,lake/a.csv")).isEmpty();
    assertThat(CsvManifestParser.header("bucket,\"key")).isEmpty();
    assertThat(CsvManifestParser.header("bucket,size,etag")).isEmpty();
  }

  @Test
  void parseRow_withHeaderColumns_readsThoseColumns() {
    CsvManifestParser.Columns columns = CsvManifestParser.header("etag,size,key,bucket").orElseThrow();

    ManifestEntry e = CsvManifestParser.parseRow("abc,12,lake/a%2Bb.csv,src-bucket", columns, 9, Optional.empty());

    assertThat(e).isEqualTo(new ManifestEntry(9, new S3Location("src-bucket", "lake/a+b.csv"), "lake/a+b.csv", null,
        12, "abc", null));
  }

  @Test
  void parseRow_blankLine_returnsNull() {
    assertThat(CsvManifestParser.parseRow("  ", CsvManifestParser.Columns.BATCH_OPERATIONS, 3, Optional.empty()))
        .isNull();
  }

  @Test
  void parseRow_badPercentEscape_invalidInputNotIllegalArgument() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> CsvManifestParser.parseRow(
        "src-bucket,lake/100%zz.csv", CsvManifestParser.Columns.BATCH_OPERATIONS, 3, Optional.empty()));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("escape");
  }

  @Test
  void columns_withoutBucketOrKey_rejected() {
    assertThatThrownBy(() -> new CsvManifestParser.Columns(-1, 0, -1, -1, -1, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
