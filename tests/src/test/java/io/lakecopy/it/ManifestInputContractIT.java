package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakecopy.cli.ArgsParser;
import io.lakecopy.config.ConfigLoader;
import io.lakecopy.config.JobConfig;
import io.lakecopy.job.ManifestInput;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.testing.Fault;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.FaultRule;
import io.lakecopy.testing.Inventories;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@link ManifestInput} against a real S3-compatible server, in the shared local Spark session: manifests and
 * inventories read on the executors, HEADs for entries without size and ETag, and the errors bad input gets. One
 * subclass per server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ManifestInputContractIT {
  Fixture f;
  S3Client s3;
  SparkSession spark;
  FaultProxy proxy;
  @TempDir Path tmp;
  private final AtomicInteger dirs = new AtomicInteger();

  abstract Fixture fixture();

  @BeforeAll
  void startServer() {
    f = fixture();
    s3 = f.s3;
    spark = f.spark;
    proxy = FaultProxy.start(f.server.endpoint());
  }

  @AfterAll
  void stopServer() {
    proxy.close();
    f.close("objects to copy");
  }

  @AfterEach
  void resetProxy() {
    proxy.clearRules();
    proxy.resetCounts();
  }

  /** The configuration these flags give, with the source reached through the fault proxy. */
  JobConfig config(String... args) {
    return ConfigLoader.load(ArgsParser.parse(f.argsVia(proxy.endpoint().toString(), args).toArray(String[]::new))
        .values());
  }

  Path newDir(String name) {
    return tmp.resolve(name + "-" + dirs.incrementAndGet());
  }

  Dataset<Row> read(Path workDir, String... args) {
    JobConfig config = config(args);
    try (S3Client driver = config.sourceClient().create()) {
      return ManifestInput.read(spark, config, driver, workDir.toString());
    }
  }

  LakecopyException readFails(Path workDir, String... args) {
    return catchThrowableOfType(LakecopyException.class, () -> read(workDir, args));
  }

  static List<Row> byLine(Dataset<Row> rows) {
    return rows.orderBy("line").collectAsList();
  }

  Path file(String name, byte[] content) throws IOException {
    Path p = newDir("manifest").resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, content);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- lines and CSV

  @Test
  void linesManifest_objectsWithoutSizeOrETag_headedOnceOnTheExecutors() throws IOException {
    String src = f.bucket("src");
    String odd = Seeder.oddKeys().get(0);
    for (String k : List.of("lake/a.txt", "lake/" + odd, "lake/c.txt")) {
      Seeder.put(s3, src, k, Seeder.content(k, 100 + k.length()));
    }
    Path manifest = file("keys.txt", utf8("\uFEFFa.txt\r\n# a comment\r\ns3://" + src + "/lake/" + odd
        + "\r\n\r\na.txt\r\nc.txt"));
    Path work = newDir("work");

    Dataset<Row> rows = read(work, "--source", "s3://" + src + "/lake/", "--dest", "s3://dst-unused/x/",
        "--manifest", manifest.toString());
    List<Row> all = byLine(rows);
    long count = rows.count();

    assertThat(rows.schema().simpleString()).isEqualTo(ManifestInput.SCHEMA.simpleString());
    assertThat(count).isEqualTo(3);
    assertThat(all).extracting(r -> r.<Long>getAs("line")).containsExactly(1L, 3L, 6L);
    assertThat(all).extracting(r -> r.<String>getAs("relative_key")).containsExactly("a.txt", odd, "c.txt");
    for (Row r : all) {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(src).key(r.<String>getAs("key")));
      assertThat(r.<String>getAs("bucket")).isEqualTo(src);
      assertThat(r.<Long>getAs("size")).isEqualTo(head.contentLength());
      assertThat(r.<String>getAs("etag")).isEqualTo(head.eTag());
      assertThat(r.<Timestamp>getAs("last_modified").toInstant()).isEqualTo(head.lastModified());
      assertThat(r.<Boolean>getAs("missing")).isFalse();
      assertThat(r.<String>getAs("version_id")).isNull();
    }
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).as("one HEAD per object, though the rows were read twice")
        .isEqualTo(3);
    assertThat(work.resolve("input")).isDirectory();
  }

  @Test
  void csvManifest_sizeAndETagGiven_noHeadAndRepeatsKeptAtTheirFirstLine() throws IOException {
    String src = f.bucket("src");
    Path manifest = file("inventory.csv", utf8("\"bucket\",\"key\",\"size\",\"e_tag\",\"last_modified_date\"\n"
        + src + ",lake/x%2Cy.json,1234,0123456789abcdef0123456789abcdef,2026-11-01T00:00:00.000Z\n"
        + src + ",lake/b%20c.bin,0,\"d41d8cd98f00b204e9800998ecf8427e\",\n"
        + src + ",lake/x%2Cy.json,99,ffff,\n"));

    List<Row> all = byLine(read(newDir("work"), "--source", "s3://" + src + "/lake/", "--dest", "s3://dst-unused/x/",
        "--manifest", manifest.toString()));

    assertThat(proxy.count(RequestType.HEAD_OBJECT)).isZero();
    assertThat(all).hasSize(2);
    assertThat(all.get(0).<String>getAs("key")).isEqualTo("lake/x,y.json");
    assertThat(all.get(0).<Long>getAs("size")).isEqualTo(1234);
    assertThat(all.get(0).<String>getAs("etag")).isEqualTo("\"0123456789abcdef0123456789abcdef\"");
    assertThat(all.get(0).<Timestamp>getAs("last_modified").toInstant())
        .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(all.get(0).<Long>getAs("line")).isEqualTo(2);
    assertThat(all.get(1).<String>getAs("relative_key")).isEqualTo("b c.bin");
    assertThat(all.get(1).<Long>getAs("size")).isZero();
  }

  @Test
  void badLines_linesAndCsv_failNamingTheFirstTenInLineOrderBeforeAnythingIsWritten() throws IOException {
    String src = f.bucket("src");
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      lines.append(i % 2 == 0 ? "dir-" + i + "/" : "ok-" + i).append('\n');
    }
    Path linesManifest = file("list.txt", utf8(lines.toString()));
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    String beforeBadByte = "bucket,key,size,etag\n" + src + ",lake/ok,1,e\n" + src + ",lake/k,ten,e\nother,lake/caf";
    csv.writeBytes(utf8(beforeBadByte));
    csv.write(0xE9);
    csv.writeBytes(utf8("\nBad_Bucket,lake/k\n"));
    Path csvManifest = file("m.csv", csv.toByteArray());
    Path work = newDir("work");

    LakecopyException fromLines = readFails(work, "--source", "s3://" + src + "/lake/", "--dest",
        "s3://dst-unused/x/", "--manifest", linesManifest.toString());
    LakecopyException fromCsv = readFails(work, "--source", "s3://" + src + "/lake/", "--dest", "s3://dst-unused/x/",
        "--manifest", csvManifest.toString());

    assertThat(fromLines.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    List<String> expected = new ArrayList<>(List.of("--manifest " + linesManifest + ": 15 bad lines (first 10 shown)"));
    for (int i = 2; i <= 20; i += 2) {
      expected.add("  line " + i + ": 'dir-" + i + "/' names a prefix, not an object");
    }
    assertThat(fromLines.getMessage().split("\n")).containsExactlyElementsOf(expected);
    assertThat(fromCsv.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(fromCsv.getMessage().split("\n")).containsExactly("--manifest " + csvManifest + ": 3 bad lines",
        "  line 3: size 'ten' is not a number",
        "  line 4: byte offset " + utf8(beforeBadByte).length + ": not UTF-8 (0xE9); save the file as UTF-8",
        "  line 5: invalid bucket name 'Bad_Bucket'");
    assertThat(work).as("nothing written for bad input").doesNotExist();
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).isZero();
  }

  @Test
  void lines_outsideSource_failsWithTodaysWording() throws IOException {
    String src = f.bucket("src");
    Path manifest = file("m.txt", utf8("s3://" + src + "/elsewhere/a\n"));

    LakecopyException e = readFails(newDir("work"), "--source", "s3://" + src + "/lake/", "--dest",
        "s3://dst-unused/x/", "--manifest", manifest.toString());

    assertThat(e.getMessage()).endsWith("line 1: 's3://" + src + "/elsewhere/a' is not under --source s3://" + src
        + "/lake/");
  }

  @Test
  void missingObject_withoutSkipMissing_failsNamingTheLineAndWithItIsAMissingRow() throws IOException {
    String src = f.bucket("src");
    Seeder.put(s3, src, "lake/present.txt", Seeder.content("p", 10));
    Path manifest = file("m.txt", utf8("present.txt\ngone.txt\n"));
    String[] args = {"--source", "s3://" + src + "/lake/", "--dest", "s3://dst-unused/x/", "--manifest",
        manifest.toString()};

    LakecopyException strict = readFails(newDir("work"), args);
    List<String> lenient = new ArrayList<>(List.of(args));
    lenient.add("--skip-missing");
    List<Row> rows = byLine(read(newDir("work"), lenient.toArray(String[]::new)));

    assertThat(strict.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(strict.getMessage()).isEqualTo("--manifest " + manifest + ": 1 listed object(s) do not exist (use"
        + " --skip-missing to skip them)\n  line 2: s3://" + src + "/lake/gone.txt");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).<Boolean>getAs("missing")).isFalse();
    assertThat(rows.get(1).<Boolean>getAs("missing")).isTrue();
    assertThat(rows.get(1).<String>getAs("key")).isEqualTo("lake/gone.txt");
    assertThat(rows.get(1).<Long>getAs("size")).isNull();
    assertThat(rows.get(1).<String>getAs("etag")).isNull();
  }

  @Test
  void headDenied_failsWithItsKindNamingTheLine() throws IOException {
    String src = f.bucket("src");
    Seeder.put(s3, src, "lake/a.txt", Seeder.content("a", 10));
    Seeder.put(s3, src, "lake/secret.txt", Seeder.content("s", 10));
    proxy.addRule(FaultRule.always(Set.of(RequestType.HEAD_OBJECT), p -> p.endsWith("/secret.txt"),
        Fault.ACCESS_DENIED));
    Path manifest = file("m.txt", utf8("a.txt\nsecret.txt\n"));

    LakecopyException e = readFails(newDir("work"), "--source", "s3://" + src + "/lake/", "--dest",
        "s3://dst-unused/x/", "--manifest", manifest.toString(), "--max-attempts", "1");

    assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
    assertThat(e.getMessage()).startsWith("--manifest " + manifest + ": HEAD failed for 1 listed object\n  line 2:"
        + " HEAD s3://" + src + "/lake/secret.txt: HTTP 403");
  }

  @Test
  void directory_dataFilesInNameOrder_eachWithItsHeaderAndLinesCountedAcross() throws IOException {
    String src = f.bucket("src");
    Seeder.put(s3, src, "lake/headed.bin", Seeder.content("h", 33));
    Path dir = newDir("out-manifest");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("part-00001.csv"), "bucket,key,size,etag\n" + src + ",lake/headed.bin,,\n");
    Files.writeString(dir.resolve("part-00000.csv"), "bucket,key,size,etag\n" + src + ",lake/a,1,e1\n" + src
        + ",lake/b,2,e2\n");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve(".part-00000.csv.crc"), "binary junk");

    List<Row> rows = byLine(read(newDir("work"), "--source", "s3://" + src + "/lake/", "--dest", "s3://dst-unused/x/",
        "--manifest", dir.toString(), "--manifest-format", "csv"));
    Files.writeString(dir.resolve("part-00002.csv"), "bucket,key,size,etag\n" + src + ",lake/c,minus,e\n");
    LakecopyException bad = readFails(newDir("work"), "--source", "s3://" + src + "/lake/", "--dest",
        "s3://dst-unused/x/", "--manifest", dir.toString(), "--manifest-format", "csv");

    assertThat(rows).extracting(r -> r.<Long>getAs("line")).containsExactly(2L, 3L, 5L);
    assertThat(rows).extracting(r -> r.<String>getAs("relative_key")).containsExactly("a", "b", "headed.bin");
    assertThat(rows.get(2).<Long>getAs("size")).isEqualTo(33);
    assertThat(bad.getMessage()).endsWith(": 1 bad line\n  line 7 (part-00002.csv line 2): size 'minus' is not a"
        + " number");
  }

  @Test
  void s3Manifest_streamedOnceIntoTheWorkDirectoryAndRead() throws IOException {
    String src = f.bucket("src");
    String manifests = f.bucket("manifests");
    Seeder.put(s3, src, "lake/a.txt", Seeder.content("a", 10));
    Seeder.put(s3, manifests, "runs/keys.txt", utf8("a.txt\n"));
    Path work = newDir("work");

    List<Row> rows = byLine(read(work, "--source", "s3://" + src + "/lake/", "--dest", "s3://dst-unused/x/",
        "--manifest", "s3://" + manifests + "/runs/keys.txt"));
    long gets = proxy.count(RequestType.GET_OBJECT);
    LakecopyException absent = readFails(newDir("work"), "--source", "s3://" + src + "/lake/", "--dest",
        "s3://dst-unused/x/", "--manifest", "s3://" + manifests + "/runs/absent.txt");

    assertThat(rows).singleElement().satisfies(r -> assertThat(r.<Long>getAs("size")).isEqualTo(10));
    assertThat(Files.readString(work.resolve("staged/manifest/keys.txt"))).isEqualTo("a.txt\n");
    assertThat(gets).as("the manifest, once").isEqualTo(1);
    assertThat(absent.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(absent.getMessage()).startsWith("--manifest (source.manifest): cannot read s3://" + manifests
        + "/runs/absent.txt: HTTP 404");
  }

  @Test
  void previousManifest_readAsBucketKeyAndQuotedETag() throws IOException {
    String src = f.bucket("src");
    Path previous = file("previous.csv", utf8("bucket,key,size,etag\n" + src + ",lake/a%20b,3,abc\n" + src
        + ",lake/c,4,\"def\"\n" + src + ",lake/no-etag,,\n"));
    Path bad = file("bad.csv", utf8("bucket,key,size,etag\n" + src + ",lake/a,x,abc\n"));
    JobConfig config = config("--source", "s3://" + src + "/lake/", "--dest", "s3://dst-unused/x/",
        "--previous-manifest", previous.toString());
    JobConfig badConfig = config("--source", "s3://" + src + "/lake/", "--dest", "s3://dst-unused/x/",
        "--previous-manifest", bad.toString());

    Dataset<Row> rows = ManifestInput.readPrevious(spark, config, s3, newDir("work").toString());
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ManifestInput.readPrevious(spark, badConfig, s3, newDir("work").toString()));

    assertThat(rows.schema().simpleString()).isEqualTo(ManifestInput.PREVIOUS_SCHEMA.simpleString());
    assertThat(rows.orderBy("key").collectAsList().stream().map(Row::toString)).containsExactly(
        "[" + src + ",lake/a b,\"abc\"]", "[" + src + ",lake/c,\"def\"]", "[" + src + ",lake/no-etag,null]");
    assertThat(e.getMessage()).isEqualTo("--previous-manifest " + bad + ": 1 bad line\n  line 2: size 'x' is not a"
        + " number");
  }

  // ---------------------------------------------------------------- S3 Inventory

  static final StructType INVENTORY = new StructType().add("bucket", "string").add("key", "string")
      .add("size", "long").add("last_modified_date", "timestamp").add("e_tag", "string")
      .add("is_latest", "boolean").add("is_delete_marker", "boolean").add("storage_class", "string");

  @Test
  void inventory_csvParquetAndOrc_sameCurrentRowsUnderSourceWithoutAHead() throws IOException {
    String src = f.bucket("src");
    String inv = f.bucket("inv");
    f.s3a(inv);
    Instant t = Instant.parse("2026-11-01T00:00:00.123Z");
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(src, "lake/a.parquet", 100L, Timestamp.from(t), "aaaa", true, false, "STANDARD"));
    rows.add(RowFactory.create(src, "lake/" + Seeder.oddKeys().get(0), 7L, Timestamp.from(t), "bbbb", true, false,
        "GLACIER"));
    rows.add(RowFactory.create(src, "lake/small", 3L, Timestamp.from(t), "cccc", true, false, "STANDARD"));
    rows.add(RowFactory.create(src, "lake/deleted", null, Timestamp.from(t), null, true, true, null));
    rows.add(RowFactory.create(src, "lake/old-version", 5L, Timestamp.from(t), "dddd", false, false, "STANDARD"));
    rows.add(RowFactory.create(src, "other/outside", 5L, Timestamp.from(t), "eeee", true, false, "STANDARD"));
    StringBuilder csv = new StringBuilder();
    for (Row r : rows) {
      csv.append(String.format("\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"%n", r.get(0),
          URLEncoder.encode(r.getString(1), StandardCharsets.UTF_8), r.isNullAt(2) ? "" : r.get(2),
          t, r.isNullAt(4) ? "" : r.get(4), r.get(5), r.get(6), r.isNullAt(7) ? "" : r.get(7)));
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(utf8(csv.toString()));
    }
    Seeder.put(s3, inv, "inventory/" + src + "/csv/data/part-1.csv.gz", gz.toByteArray());
    Seeder.put(s3, inv, "inventory/" + src + "/csv/2026-11-27T00-00Z/manifest.json", utf8(Fixture.inventoryManifest(
        src, inv, "CSV", "Bucket, Key, Size, LastModifiedDate, ETag, IsLatest, IsDeleteMarker, StorageClass",
        List.of("inventory/" + src + "/csv/data/part-1.csv.gz"))));
    for (String format : List.of("parquet", "orc")) {
      String data = "inventory/" + src + "/" + format + "/data/";
      spark.createDataFrame(rows, INVENTORY).coalesce(1).write().format(format).save("s3a://" + inv + "/" + data);
      List<String> files = f.keys(inv).stream().filter(k -> k.startsWith(data + "part-")).toList();
      Seeder.put(s3, inv, "inventory/" + src + "/" + format + "/2026-11-27T00-00Z/manifest.json",
          utf8(Fixture.inventoryManifest(src, inv, format.toUpperCase(java.util.Locale.ROOT), "", files)));
    }

    Map<String, List<String>> read = new java.util.LinkedHashMap<>();
    for (String format : List.of("csv", "parquet", "orc")) {
      Dataset<Row> ds = read(newDir("work"), "--source", "s3://" + src + "/lake/", "--dest", "s3://dst-unused/x/",
          "--manifest", "s3a://" + inv + "/inventory/" + src + "/" + format + "/2026-11-27T00-00Z/manifest.json",
          "--min-size", "5");
      read.put(format, ds.orderBy("key").collectAsList().stream().map(r -> r.getAs("bucket") + " " + r.getAs("key")
          + " " + r.getAs("relative_key") + " " + r.getAs("size") + " " + r.getAs("etag") + " "
          + r.<Timestamp>getAs("last_modified").toInstant() + " " + r.getAs("storage_class") + " "
          + r.getAs("missing")).toList());
    }

    List<String> expected = List.of(
        src + " lake/a.parquet a.parquet 100 \"aaaa\" " + t + " null false",
        src + " lake/" + Seeder.oddKeys().get(0) + " " + Seeder.oddKeys().get(0) + " 7 \"bbbb\" " + t
            + " GLACIER false");
    assertThat(read).allSatisfy((format, r) -> assertThat(r).as(format).containsExactlyElementsOf(expected));
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).isZero();
  }

  @Test
  void inventory_noRowUnderSource_invalidInput() throws IOException {
    String src = f.bucket("src");
    Path data = newDir("inv").resolve("inv-bucket/inventory/" + src + "/all/data");
    List<Row> rows = List.of(RowFactory.create(src, "other/a", 5L, null, "e", true, false, null));
    spark.createDataFrame(rows, INVENTORY).coalesce(1).write().parquet(data.toString());
    List<String> files;
    try (var list = Files.list(data)) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-"))
          .map(n -> "inventory/" + src + "/all/data/" + n).toList();
    }
    Path manifest = Files.createDirectories(data.getParent().resolve("2026-11-27T00-00Z")).resolve("manifest.json");
    Files.writeString(manifest, Fixture.inventoryManifest(src, "inv-bucket", "Parquet", "", files));

    LakecopyException e = readFails(newDir("work"), "--source", "s3://" + src + "/lake/", "--dest",
        "s3://dst-unused/x/", "--manifest", manifest.toString());

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).isEqualTo("--manifest " + manifest + ": no inventory row is under --source s3://" + src
        + "/lake/");
  }

  /**
   * 100,000 inventory rows read in a JVM of its own whose driver accepts at most 1 MiB of task results per job
   * ({@code spark.driver.maxResultSize}, the smallest value Spark takes): far less than the rows. The read succeeds
   * and counts every row and byte on the executors, and collecting the same rows to the driver is refused, so no
   * step of the read brought the rows to the driver.
   */
  @Test
  void inventory100kParquetRows_readWithoutBringingRowsToTheDriver() throws Exception {
    String src = f.bucket("src");
    Path manifest = Inventories.writeParquet(spark, newDir("inv").resolve("inv-bucket"), src, 100_000, 4);
    long rows = 0;
    long bytes = 0;
    for (int i = 0; i < 100_000; i++) {
      if (i % 10 != 0) { // the others are outside --source
        rows++;
        bytes += i % 1000 + 1;
      }
    }
    List<String> command = new ArrayList<>(ChildJvm.javaCommand(e -> true, List.of()));
    Path log = tmp.resolve("inventory-read-" + dirs.incrementAndGet() + ".log");
    command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.maxResultSize=1m",
        "-Dlakecopy.it.log=" + log + ".log4j", io.lakecopy.bench.ManifestRead.class.getName(), manifest.toString(),
        newDir("work").toString(), f.server.endpoint().toString(), "s3://" + src + "/lake/", "--try-collect"));

    Process child = ChildJvm.start(command, log, Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY));
    boolean ended = child.waitFor(5, TimeUnit.MINUTES);
    String out = Files.readString(log);

    assertThat(ended).as(out).isTrue();
    assertThat(child.exitValue()).as(out).isZero();
    assertThat(out).contains("rows " + rows + ", bytes " + bytes + ", rows without etag 0");
    assertThat(out).containsPattern("collect: refused: .*spark\\.driver\\.maxResultSize");
    assertThat(out).doesNotContain(S3TestServer.SECRET_KEY);
  }
}
