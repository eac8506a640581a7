package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  private static final Optional<S3Location> SOURCE = Optional.of(new S3Location("src-bucket", "lake/"));

  @Test
  void parse_s3UrisWithoutSource_keyIsRelativeKey() {
    List<ManifestEntry> entries = ManifestParser.parse(
        List.of("s3://bucket-a/x/1.parquet", "s3a://bucket-b/y/2.parquet"), "m.txt", Optional.empty());

    assertThat(entries).containsExactly(
        new ManifestEntry(1, new S3Location("bucket-a", "x/1.parquet"), "x/1.parquet"),
        new ManifestEntry(2, new S3Location("bucket-b", "y/2.parquet"), "y/2.parquet"));
  }

  @Test
  void parse_s3UriUnderSource_relativeKeyDropsSourcePrefix() {
    List<ManifestEntry> entries = ManifestParser.parse(List.of("s3://src-bucket/lake/t/1.parquet"), "m.txt", SOURCE);

    assertThat(entries).containsExactly(
        new ManifestEntry(1, new S3Location("src-bucket", "lake/t/1.parquet"), "t/1.parquet"));
  }

  @Test
  void parse_relativeKeysWithSource_resolvesAgainstSource() {
    List<ManifestEntry> entries = ManifestParser.parse(List.of("t/1.parquet", "t/2.parquet"), "m.txt", SOURCE);

    assertThat(entries).containsExactly(
        new ManifestEntry(1, new S3Location("src-bucket", "lake/t/1.parquet"), "t/1.parquet"),
        new ManifestEntry(2, new S3Location("src-bucket", "lake/t/2.parquet"), "t/2.parquet"));
  }

  @Test
  void parse_blankAndCommentLines_skippedButCounted() {
    List<ManifestEntry> entries = ManifestParser.parse(
        List.of("# header", "", "   ", "a.csv", "\t", "  # indented comment", "b.csv"), "m.txt", SOURCE);

    assertThat(entries).extracting(ManifestEntry::relativeKey).containsExactly("a.csv", "b.csv");
    assertThat(entries).extracting(ManifestEntry::line).containsExactly(4L, 7L);
  }

  @Test
  void parse_crlfLineEndings_stripsCarriageReturn() {
    List<ManifestEntry> entries = ManifestParser.parse(
        List.of("a.csv\r", "s3://src-bucket/lake/b.csv\r", "\r", "#c\r"), "m.txt", SOURCE);

    assertThat(entries).extracting(ManifestEntry::location).containsExactly(
        new S3Location("src-bucket", "lake/a.csv"), new S3Location("src-bucket", "lake/b.csv"));
  }

  @Test
  void parse_keysWithSpecialCharacters_keptVerbatim() {
    List<String> keys = List.of("with space.csv", "ünïcødé/日本.parquet", "a+b.csv", "100%.csv", "k=v/x=1.csv",
        "a%20b.csv", " leading-space.csv", "trailing-space.csv ");

    List<ManifestEntry> entries = ManifestParser.parse(keys, "m.txt", SOURCE);

    assertThat(entries).extracting(ManifestEntry::relativeKey).containsExactlyElementsOf(keys);
    assertThat(entries).extracting(e -> e.location().key())
        .containsExactlyElementsOf(keys.stream().map(k -> "lake/" + k).toList());
  }

  @Test
  void parse_uriWithSpecialCharacters_notUrlDecoded() {
    List<ManifestEntry> entries = ManifestParser.parse(
        List.of("s3://bucket-a/a%20b+c=d ü.csv"), "m.txt", Optional.empty());

    assertThat(entries).singleElement().extracting(e -> e.location().key()).isEqualTo("a%20b+c=d ü.csv");
  }

  @Test
  void parse_duplicateObjects_keptOnceAtFirstLine() {
    List<ManifestEntry> entries = ManifestParser.parse(
        List.of("a.csv", "b.csv", "a.csv", "s3://src-bucket/lake/b.csv"), "m.txt", SOURCE);

    assertThat(entries).extracting(ManifestEntry::relativeKey).containsExactly("a.csv", "b.csv");
    assertThat(entries).extracting(ManifestEntry::line).containsExactly(1L, 2L);
  }

  @Test
  void parse_badLines_throwsNamingEveryBadLineNumber() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ManifestParser.parse(
        List.of("good.csv", "s3://other-bucket/x.csv", "http://host/x.csv", "ok.csv", "dir/"), "list.txt", SOURCE));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage())
        .contains("--manifest list.txt", "3 bad lines", "line 2: ", "line 3: ", "line 5: ")
        .doesNotContain("line 1:", "line 4:", "first");
  }

  @Test
  void parse_uriOutsideSource_rejected() {
    for (String uri : List.of("s3://other-bucket/lake/x.csv", "s3://src-bucket/elsewhere/x.csv",
        "s3://src-bucket/lakehouse/x.csv")) {
      LakecopyException e = catchThrowableOfType(LakecopyException.class,
          () -> ManifestParser.parse(List.of(uri), "m.txt", SOURCE));

      assertThat(e.kind()).as(uri).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(e.getMessage()).as(uri).contains("line 1: ", uri, "not under --source s3://src-bucket/lake/");
    }
  }

  @Test
  void parse_bareKeyWithoutSource_rejected() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ManifestParser.parse(List.of("s3://b-1/ok.csv", "x/y.csv"), "m.txt", Optional.empty()));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("line 2: ", "x/y.csv", "--source");
  }

  @Test
  void parse_prefixes_rejected() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ManifestParser.parse(
        List.of("dir/", "s3://src-bucket/lake/dir/", "s3://src-bucket"), "m.txt", SOURCE));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("3 bad lines", "line 1: ", "line 2: ", "line 3: ", "prefix");
  }

  @Test
  void parse_malformedUri_rejectedNamingTheUri() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ManifestParser.parse(List.of("s3://UPPER/x.csv"), "m.txt", Optional.empty()));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("line 1: ", "s3://UPPER/x.csv", "UPPER");
  }

  @Test
  void parse_moreThanTenBadLines_listsFirstTen() {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      lines.add("bad-" + i + "/");
    }

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ManifestParser.parse(lines, "m.txt", SOURCE));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("12 bad lines", "first 10 shown", "line 1: ", "line 10: ")
        .doesNotContain("line 11: ", "line 12: ");
  }

  @Test
  void parse_exactlyTenBadLines_doesNotSayFirstTen() {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      lines.add("bad-" + i + "/");
    }

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ManifestParser.parse(lines, "m.txt", SOURCE));

    assertThat(e.getMessage()).contains("10 bad lines", "line 10: ").doesNotContain("first 10 shown");
  }

  @Test
  void parse_emptyManifest_returnsNoEntries() {
    assertThat(ManifestParser.parse(List.of(), "m.txt", SOURCE)).isEmpty();
    assertThat(ManifestParser.parse(List.of("# only a comment", ""), "m.txt", SOURCE)).isEmpty();
  }

  @Test
  void parse_byteOrderMarkOnFirstLine_notPartOfTheKey() {
    List<ManifestEntry> entries = ManifestParser.parse(List.of("\uFEFFs3://src-bucket/a.txt", "b.txt"), "m.txt",
        Optional.of(new S3Location("src-bucket", "")));

    assertThat(entries).extracting(e -> e.location().key()).containsExactly("a.txt", "b.txt");
  }

  @Test
  void parse_tenMegabyteBadLine_messageQuotesAnExcerpt() {
    String line = "s3://src-bucket/" + "k".repeat(10 * 1024 * 1024);

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ManifestParser.parse(List.of(line), "m.txt", Optional.empty()));

    assertThat(e.getMessage()).startsWith("--manifest m.txt: 1 bad line\n  line 1: '")
        .contains("… (" + line.length() + " characters)", "key longer than 1024 bytes");
    assertThat(e.getMessage().length()).isLessThan(1000);
  }

  @Test
  void parse_controlCharactersInsideKey_keptVerbatimAndShownEscapedInErrors() {
    List<ManifestEntry> ok = ManifestParser.parse(List.of("s3://src-bucket/a\rb\u0001c"), "m.txt", Optional.empty());
    LakecopyException bad = catchThrowableOfType(LakecopyException.class,
        () -> ManifestParser.parse(List.of("http://x/a\u0007b"), "m.txt", Optional.empty()));

    assertThat(ok).singleElement().satisfies(e -> assertThat(e.location().key()).isEqualTo("a\rb\u0001c"));
    assertThat(bad.getMessage()).contains("line 1: 'http://x/a\\u0007b' is not an s3:// URI");
  }

  @Test
  void parseLine_blankOrComment_returnsNull() {
    assertThat(ManifestParser.parseLine("", 1, SOURCE)).isNull();
    assertThat(ManifestParser.parseLine("  # c", 2, SOURCE)).isNull();
    assertThat(ManifestParser.parseLine("\r", 3, SOURCE)).isNull();
  }

  @Test
  void parseLine_goodLine_carriesTheNumberGiven() {
    assertThat(ManifestParser.parseLine("t/1.parquet", 4_000_000_123L, SOURCE))
        .isEqualTo(new ManifestEntry(4_000_000_123L, new S3Location("src-bucket", "lake/t/1.parquet"), "t/1.parquet"));
  }

  @Test
  void parseLine_badLine_throwsWithoutTheLineNumber() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ManifestParser.parseLine("s3://other-bucket/x.csv", 7, SOURCE));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).isEqualTo("'s3://other-bucket/x.csv' is not under --source s3://src-bucket/lake/");
  }

  @Test
  void badLines_moreThanShown_saysHowManyAreShown() {
    assertThat(ManifestParser.badLines("--manifest m.txt", "line", 1, List.of("line 3: x")))
        .isEqualTo("--manifest m.txt: 1 bad line\n  line 3: x");
    assertThat(ManifestParser.badLines("--manifest inv", "row", 12, List.of("row 1: a", "row 2: b")))
        .isEqualTo("--manifest inv: 12 bad rows (first 2 shown)\n  row 1: a\n  row 2: b");
  }
}
