package io.lakecopy.config;

import static io.lakecopy.s3.S3Limits.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.lakecopy.s3.AssumeRole;
import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.S3ClientSettings;
import io.lakecopy.s3.S3Location;
import io.lakecopy.s3.SseCustomerKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

  @Test
  void load_onlySourceAndDest_pinsEveryDefault() {
    // Bucket names have at least 3 characters, so "dst" rather than "d".
    JobConfig c = ConfigLoader.load(Map.of("source.uri", "s3://src-bucket/lake", "dest.uri", "s3://dst/x"));

    assertThat(c.source()).contains(new S3Location("src-bucket", "lake/"));
    assertThat(c.dest()).isEqualTo(new S3Location("dst", "x/"));
    assertThat(c.manifest()).isEmpty();
    assertThat(c.skipMissing()).isFalse();
    assertThat(c.filters()).isEmpty();
    assertThat(c.partSizeBytes()).isEqualTo(128 * MiB);
    assertThat(c.maxUploadParts()).isEqualTo(10_000);
    assertThat(c.multipartThresholdBytes()).isEqualTo(128 * MiB);
    assertThat(c.maxConcurrency()).isEqualTo(32);
    assertThat(c.partitions()).isZero();
    assertThat(c.waveSize()).isEqualTo(1_000_000);
    assertThat(c.copyTags()).isTrue();
    assertThat(c.report()).isEmpty();
    assertThat(c.reportFormat()).isEqualTo(ReportFormat.JSON);
    assertThat(c.dryRun()).isFalse();
    assertThat(c.objectAttempts()).isEqualTo(3);
    assertThat(c.manifestFormat()).isEqualTo(ManifestFormat.AUTO);
    assertThat(c.listParallelism()).as("auto").isZero();
    assertThat(c.listPagesPerRange()).isEqualTo(10);
    assertThat(c.listPageSize()).isEqualTo(1000);
    assertThat(c.srcPattern()).isEmpty();
    assertThat(c.minSizeBytes()).isZero();
    assertThat(c.maxSizeBytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(c.modifiedAfter()).isEmpty();
    assertThat(c.modifiedBefore()).isEmpty();
    assertThat(c.prefixesFile()).isEmpty();
    assertThat(c.ifExists()).isEqualTo(IfExists.OVERWRITE);
    assertThat(c.completionMarker()).isEmpty();
    assertThat(c.keyMapper().map("dt=1/a")).isEqualTo("dt=1/a");
    assertThat(c.delete()).isFalse();
    assertThat(c.maxDelete()).isEqualTo(1000);
    assertThat(c.move()).isFalse();
    assertThat(c.prices()).isEqualTo(new io.lakecopy.config.RequestCost(0.005, 0.0004));
    assertThat(c.outputManifest()).isEmpty();
    assertThat(c.previousManifest()).isEmpty();
    assertThat(c.ledger()).isEmpty();
    assertThat(c.resume()).isFalse();
    assertThat(c.progressInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.streamed()).as("auto on one service (AWS)").isFalse();
    for (S3ClientSettings client : List.of(c.sourceClient(), c.destClient())) {
      assertThat(client.endpoint()).isNull();
      assertThat(client.endpointOverride()).isEmpty();
      assertThat(client.region()).isNull();
      assertThat(client.profile()).isNull();
      assertThat(client.pathStyle()).isFalse();
      assertThat(client.maxAttempts()).isEqualTo(5);
      assertThat(client.maxConnections()).isEqualTo(32);
      assertThat(client.apiCallAttemptTimeout()).isEqualTo(Duration.ofMinutes(15));
      assertThat(client.apiCallTimeout()).isEqualTo(Duration.ofMinutes(60));
      assertThat(client.role()).isNull();
      assertThat(client.options()).isEqualTo(RequestOptions.NONE);
    }
  }

  @Test
  void load_everyKeySet_mapsEachOntoJobConfig(@TempDir Path dir) throws IOException {
    Path keyMap = Files.writeString(dir.resolve("keys.txt"), "# source = destination\n"
        + "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab = alias/backup\n");
    byte[] sourceKey = new byte[32];
    java.util.Arrays.fill(sourceKey, (byte) 7);
    Path sourceKeyFile = Files.write(dir.resolve("source.key"), sourceKey);
    Map<String, String> values = new HashMap<>();
    values.put("source.uri", "s3://src-bucket/lake");
    values.put("dest.uri", "s3a://dst-bucket/copy/");
    values.put("source.manifest", "/data/manifest.txt");
    values.put("source.skip-missing", "true");
    values.put("source.manifest-format", "csv");
    values.put("source.list-parallelism", "12");
    values.put("source.list-pages-per-range", "3");
    values.put("source.list-page-size", "250");
    values.put("filter.src-pattern", ".*\\.parquet");
    values.put("filter.min-size", "1KiB");
    values.put("filter.max-size", "1GiB");
    values.put("filter.modified-after", "2026-11-01T00:00:00Z");
    values.put("filter.modified-before", "2026-11-02");
    values.put("source.prefixes-file", "/data/prefixes.txt");
    values.put("copy.if-exists", "update");
    values.put("run.completion-marker", "_DONE");
    values.put("dest.key-regex", "dt=([^/]+)");
    values.put("dest.key-replacement", "date=$1");
    values.put("dest.flatten", "true");
    values.put("sync.delete", "false"); // true is refused with a manifest: see load_deleteWithManifest_rejected
    values.put("sync.max-delete", "-1");
    values.put("sync.move", "true");
    values.put("run.price-class-a", "0.0055");
    values.put("run.output-manifest", "s3a://reports/copied/");
    values.put("source.previous-manifest", "s3a://reports/copied-before/");
    values.put("run.price-class-b", "0.00044");
    values.put("filter.rules", "exclude:*\ninclude:*.parquet");
    values.put("copy.part-size", "64MiB");
    values.put("copy.max-upload-parts", "1000");
    values.put("copy.multipart-threshold", "256MiB");
    values.put("copy.max-concurrency", "8");
    values.put("copy.partitions", "17");
    values.put("run.wave-size", "5000");
    values.put("copy.tags", "false");
    values.put("copy.checksum-verify", "off");
    values.put("copy.checksum-algorithm", "crc32c");
    values.put("copy.object-lock", "copy");
    values.put("copy.part-layout", "source");
    values.put("run.verify", "false"); // true is refused with --move and --dry-run: see load_verify_*
    values.put("s3.max-attempts", "3");
    values.put("copy.object-attempts", "7");
    values.put("copy.mode", "server");
    values.put("run.ledger", "s3a://reports/ledger-1/");
    values.put("run.resume", "s3a://reports/ledger-1/");
    values.put("run.progress-interval", "0");
    values.put("report.uri", "s3a://reports/run-1/");
    values.put("report.format", "parquet");
    values.put("run.dry-run", "true");
    values.put("source.endpoint", "http://localhost:9000");
    values.put("dest.endpoint", "http://localhost:9000");
    values.put("source.region", "eu-west-1");
    values.put("dest.region", "us-west-2");
    values.put("s3.path-style", "true");
    values.put("source.path-style", "true"); // both sides already path style: see load_pathStyle_perSide
    values.put("dest.path-style", "true");
    values.put("source.profile", "reader");
    values.put("dest.profile", "writer");
    values.put("source.role-arn", "arn:aws:iam::111122223333:role/reader");
    values.put("dest.role-arn", "arn:aws-cn:iam::444455556666:role/path/writer");
    values.put("source.external-id", "source-ext-1");
    values.put("dest.external-id", "dest-ext-2");
    values.put("source.sts-endpoint", "http://localhost:9000");
    values.put("dest.sts-endpoint", "https://sts.us-west-2.amazonaws.com");
    values.put("s3.role-session-name", "nightly-copy");
    values.put("s3.requester-pays", "true");
    values.put("source.expected-owner", "111122223333");
    values.put("dest.expected-owner", "444455556666");
    values.put("dest.sse", "aws:kms");
    values.put("dest.sse-kms-key-id", "arn:aws:kms:us-west-2:444455556666:key/abcd");
    values.put("dest.bucket-key", "true");
    values.put("dest.sse-kms-key-map", keyMap.toString());
    values.put("source.sse-c-key-file", sourceKeyFile.toString());
    values.put("dest.acl", "bucket-owner-full-control");
    // A new CliOption must be added here, with a non-default value and an assertion below. The destination
    // SSE-C key excludes --sse: ClientOptionsLoaderTest.load_destSseCKey_setsTheWriteAndCopySourceKeys sets it.
    // --version-at and --all-versions exclude --manifest and --move: load_versions_* set them.
    // --bwlimit needs a streamed run, which excludes flags set here: load_bwlimit_* set it.
    Set<String> exclusive = Set.of("dest.sse-c-key-file", "source.version-at", "source.all-versions",
        "copy.bwlimit");
    assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(CliOption.values()).map(CliOption::key).distinct().filter(k -> !exclusive.contains(k)).toList());

    JobConfig c = ConfigLoader.load(values);

    assertThat(c.source()).contains(new S3Location("src-bucket", "lake/"));
    assertThat(c.dest()).isEqualTo(new S3Location("dst-bucket", "copy/"));
    assertThat(c.streamed()).as("--copy-mode server").isFalse();
    assertThat(c.manifest()).contains("/data/manifest.txt");
    assertThat(c.skipMissing()).isTrue();
    assertThat(c.manifestFormat()).isEqualTo(ManifestFormat.CSV);
    assertThat(c.listParallelism()).isEqualTo(12);
    assertThat(c.listPagesPerRange()).isEqualTo(3);
    assertThat(c.listPageSize()).isEqualTo(250);
    assertThat(c.srcPattern()).hasValueSatisfying(p -> assertThat(p.pattern()).isEqualTo(".*\\.parquet"));
    assertThat(c.minSizeBytes()).isEqualTo(1024);
    assertThat(c.maxSizeBytes()).isEqualTo(1024 * MiB);
    assertThat(c.modifiedAfter()).contains(java.time.Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(c.modifiedBefore()).contains(java.time.Instant.parse("2026-11-02T00:00:00Z"));
    assertThat(c.prefixesFile()).contains("/data/prefixes.txt");
    assertThat(c.ifExists()).isEqualTo(IfExists.UPDATE);
    assertThat(c.completionMarker()).contains("_DONE");
    assertThat(c.keyMapper().map("dt=2026-11-01/part-1.parquet")).isEqualTo("part-1.parquet");
    assertThat(c.keyMapper().flatten()).isTrue();
    assertThat(c.delete()).isFalse();
    assertThat(c.maxDelete()).isEqualTo(-1);
    assertThat(c.move()).isTrue();
    assertThat(c.prices()).isEqualTo(new io.lakecopy.config.RequestCost(0.0055, 0.00044));
    assertThat(c.outputManifest()).contains("s3a://reports/copied/");
    assertThat(c.previousManifest()).contains("s3a://reports/copied-before/");
    assertThat(c.keyMapper().replacement()).isEqualTo("date=$1");
    assertThat(c.filters()).containsExactly(new FilterRule(false, "*"), new FilterRule(true, "*.parquet"));
    assertThat(c.partSizeBytes()).isEqualTo(64 * MiB);
    assertThat(c.maxUploadParts()).isEqualTo(1000);
    assertThat(c.multipartThresholdBytes()).isEqualTo(256 * MiB);
    assertThat(c.maxConcurrency()).isEqualTo(8);
    assertThat(c.partitions()).isEqualTo(17);
    assertThat(c.waveSize()).isEqualTo(5000);
    assertThat(c.copyTags()).isFalse();
    assertThat(c.verification()).isEqualTo(new io.lakecopy.copy.Verification(false, "CRC32C", true));
    assertThat(c.sourcePartLayout()).isTrue();
    assertThat(c.verifyAfter()).isFalse();
    assertThat(c.report()).contains("s3a://reports/run-1/");
    assertThat(c.reportFormat()).isEqualTo(ReportFormat.PARQUET);
    assertThat(c.dryRun()).isTrue();
    assertThat(c.objectAttempts()).isEqualTo(7);
    assertThat(c.ledger()).contains("s3a://reports/ledger-1/");
    assertThat(c.resume()).isTrue();
    assertThat(c.progressInterval()).isZero();
    SseCustomerKey key = SseCustomerKey.parse(sourceKey);
    assertThat(c.sourceClient()).isEqualTo(new S3ClientSettings("http://localhost:9000", "eu-west-1", true, "reader",
        8, 3, Duration.ofMinutes(15), Duration.ofMinutes(60),
        new AssumeRole("arn:aws:iam::111122223333:role/reader", "source-ext-1", "nightly-copy", "http://localhost:9000"),
        new RequestOptions(true, "111122223333", null, key, null, Encryption.NONE, null)));
    assertThat(c.destClient()).isEqualTo(new S3ClientSettings("http://localhost:9000", "us-west-2", true, "writer",
        8, 3, Duration.ofMinutes(15), Duration.ofMinutes(60),
        new AssumeRole("arn:aws-cn:iam::444455556666:role/path/writer", "dest-ext-2", "nightly-copy",
            "https://sts.us-west-2.amazonaws.com"),
        new RequestOptions(true, "444455556666", "111122223333", null, key,
            new Encryption("aws:kms", "arn:aws:kms:us-west-2:444455556666:key/abcd", true,
                Map.of("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "alias/backup")),
            "bucket-owner-full-control")));
  }

  @Test
  void load_manifestWithoutSource_isValid() {
    JobConfig c = ConfigLoader.load(Map.of("source.manifest", "s3://lists/m.txt", "dest.uri", "s3://dst-bucket"));

    assertThat(c.source()).isEmpty();
    assertThat(c.manifest()).contains("s3://lists/m.txt");
    assertThat(c.dest()).isEqualTo(new S3Location("dst-bucket", ""));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void load_badValue_throwsNamingFlagKeyAndValue(String key, String value, String flag, String shown) {
    Map<String, String> values = new HashMap<>(Map.of("source.uri", "s3://src-bucket/lake", "dest.uri",
        "s3://dst-bucket/copy"));
    values.put(key, value);

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.load(values));

    assertThat(e).as("no error for %s=%s", key, value).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains(flag, key, shown);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("source.list-pages-per-range", "0", "--list-pages-per-range"),
        bad("source.list-pages-per-range", "10001", "--list-pages-per-range"),
        bad("source.list-pages-per-range", "many", "--list-pages-per-range"),
        bad("source.list-page-size", "0", "--list-page-size"),
        bad("source.list-page-size", "10001", "--list-page-size"),
        bad("source.list-page-size", "-5", "--list-page-size"),
        bad("copy.part-size", "4MiB", "--part-size"),
        bad("copy.part-size", "6GiB", "--part-size"),
        bad("copy.part-size", "huge", "--part-size"),
        bad("copy.multipart-threshold", "1MiB", "--multipart-threshold"),
        bad("copy.multipart-threshold", "6GiB", "--multipart-threshold"),
        bad("copy.max-concurrency", "0", "--max-concurrency"),
        bad("copy.max-concurrency", "1001", "--max-concurrency"),
        bad("copy.max-concurrency", "abc", "--max-concurrency"),
        bad("copy.partitions", "-1", "--partitions"),
        bad("run.wave-size", "0", "--wave-size"),
        bad("s3.max-attempts", "0", "--max-attempts"),
        bad("s3.max-attempts", "21", "--max-attempts"),
        bad("report.format", "xml", "--report-format"),
        bad("run.dry-run", "maybe", "--dry-run"),
        bad("s3.path-style", "on", "--path-style"),
        bad("copy.tags", "nope", "--no-tags"),
        bad("source.skip-missing", "2", "--skip-missing"),
        bad("source.endpoint", "not a url", "--source-endpoint"),
        bad("source.endpoint", "ftp://minio:9000", "--source-endpoint"),
        bad("source.endpoint", "localhost:9000", "--source-endpoint"),
        bad("dest.endpoint", "http://", "--dest-endpoint"),
        bad("source.uri", "http://x/y", "--source"),
        bad("source.uri", "s3://", "--source"),
        bad("source.uri", "s3://UPPER/x", "--source"),
        bad("source.uri", "s3://a/...", "--source"),
        bad("dest.uri", "http://x/y", "--dest"),
        bad("dest.uri", "s3://", "--dest"),
        bad("dest.uri", "s3://UPPER/x", "--dest"),
        bad("dest.uri", "s3://a/...", "--dest"),
        bad("filter.rules", "keep:*.csv", "--include"),
        bad("filter.rules", "include:[abc", "--include", "[abc"),
        bad("source.role-arn", "arn:aws:iam::12345:role/short-account", "--source-role-arn"),
        bad("dest.role-arn", "arn:aws:iam::111122223333:user/not-a-role", "--dest-role-arn"),
        bad("dest.role-arn", "reader", "--dest-role-arn"),
        bad("s3.role-session-name", "has space", "--role-session-name"),
        bad("s3.role-session-name", "x", "--role-session-name"),
        bad("source.expected-owner", "12345678901", "--expected-source-owner"),
        bad("dest.expected-owner", "11112222333a", "--expected-dest-owner"),
        bad("dest.sse", "kms", "--sse"),
        bad("dest.acl", "everyone", "--acl"),
        bad("dest.sse-kms-key-id", "arn:aws:kms:us-east-1:111122223333:key/k", "--sse-kms-key-id", "--sse"),
        bad("dest.bucket-key", "true", "--bucket-key", "--sse"),
        bad("dest.sse-kms-key-map", "/no/such/keys.txt", "--sse-kms-key-map"),
        bad("source.sse-c-key-file", "/no/such/key", "--source-sse-c-key-file"),
        bad("dest.sse-c-key-file", "/no/such/key", "--dest-sse-c-key-file"),
        bad("source.external-id", "ext-1", "--source-external-id", "--source-role-arn"),
        bad("dest.external-id", "ext-2", "--dest-external-id", "--dest-role-arn"),
        bad("source.sts-endpoint", "http://127.0.0.1:7480", "--source-sts-endpoint", "--source-role-arn"),
        bad("dest.sts-endpoint", "http://127.0.0.1:7480", "--dest-sts-endpoint", "--dest-role-arn"),
        bad("dest.sts-endpoint", "sts.example.com", "--dest-sts-endpoint"));
  }

  private static Arguments bad(String key, String value, String flag) {
    return bad(key, value, flag, value.strip());
  }

  /** {@code shown}: the part of the bad value the message must quote. */
  private static Arguments bad(String key, String value, String flag, String shown) {
    return arguments(key, value, flag, shown);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"auto, 0", "AUTO, 0", " auto , 0", "1, 1", "64, 64"})
  void load_listParallelism_autoOrRangesPerTask(String value, int expected) {
    JobConfig c = ConfigLoader.load(Map.of("source.uri", "s3://src-bucket/lake", "dest.uri", "s3://dst/x",
        "source.list-parallelism", value));

    assertThat(c.listParallelism()).isEqualTo(expected);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "65", "automatic", "-1"})
  void load_listParallelismOutOfRangeOrNotAuto_throwsNamingTheFlag(String value) {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.load(Map.of("source.uri",
        "s3://src-bucket/lake", "dest.uri", "s3://dst/x", "source.list-parallelism", value)));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--list-parallelism", value);
  }

  @Test
  void load_withoutDest_throwsNamingFlagAndKey() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ConfigLoader.load(Map.of("source.uri", "s3://src-bucket/lake", "dest.uri", "  ")));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--dest", "dest.uri", "required");
  }

  @Test
  void load_neitherSourceNorManifest_throwsNamingBothFlags() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ConfigLoader.load(Map.of("dest.uri", "s3://dst-bucket/copy")));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--source", "--manifest");
  }
  @Test
  void load_neitherSourceNorManifest_namesKeysToo() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ConfigLoader.load(Map.of("dest.uri", "s3://dst-bucket/copy")));

    assertThat(e.getMessage()).contains("--source", "source.uri", "--manifest", "source.manifest");
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://src-bucket/lake", "s3://src-bucket/lake/", "s3a://src-bucket/lake/"})
  void load_destEqualToSource_throws(String dest) {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ConfigLoader.load(Map.of("source.uri", "s3://src-bucket/lake/", "dest.uri", dest)));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--dest", "dest.uri", "s3://src-bucket/lake/", "same as");
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://src-bucket/lake/copy", "s3://src-bucket/lake/a/b/c/"})
  void load_destInsideSource_throws(String dest) {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ConfigLoader.load(Map.of("source.uri", "s3://src-bucket/lake", "dest.uri", dest)));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--dest", "dest.uri", "inside", "s3://src-bucket/lake/");
  }

  @Test
  void load_sourceIsWholeBucketAndDestInSameBucket_throws() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ConfigLoader.load(Map.of("source.uri", "s3://src-bucket", "dest.uri", "s3://src-bucket/copy/")));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--dest", "inside");
  }

  @Test
  void load_destIsSiblingSharingTextPrefix_isValid() {
    JobConfig c = ConfigLoader.load(Map.of("source.uri", "s3://src-bucket/lake", "dest.uri", "s3://src-bucket/lake-copy"));

    assertThat(c.dest()).isEqualTo(new S3Location("src-bucket", "lake-copy/"));
  }

  @Test
  void load_sameKeyInOtherBucket_isValid() {
    JobConfig c = ConfigLoader.load(Map.of("source.uri", "s3://src-bucket/lake", "dest.uri", "s3://dst-bucket/lake"));

    assertThat(c.dest()).isEqualTo(new S3Location("dst-bucket", "lake/"));
  }

  @Test
  void load_serverModeEndpointsDifferNonAws_throwsNamingBothFlags() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.load(withSourceAndDest(
        Map.of("source.endpoint", "http://minio-a:9000", "dest.endpoint", "http://minio-b:9000",
            "copy.mode", "server"))));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--copy-mode", "--source-endpoint", "--dest-endpoint", "http://minio-a:9000",
        "http://minio-b:9000");
  }

  @Test
  void load_serverModeEndpointsDifferNonAws_namesKeysToo() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.load(withSourceAndDest(
        Map.of("source.endpoint", "http://minio-a:9000", "dest.endpoint", "http://minio-b:9000",
            "copy.mode", "server"))));

    assertThat(e.getMessage()).contains("copy.mode", "source.endpoint", "dest.endpoint");
  }

  @Test
  void load_serverModeOnlySourceEndpointNonAws_throws() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ConfigLoader.load(withSourceAndDest(Map.of("source.endpoint", "http://minio:9000",
            "copy.mode", "server"))));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--source-endpoint", "http://minio:9000", "--dest-endpoint", "AWS");
  }

  static Stream<Arguments> copyModes() {
    String a = "http://store-a:9000";
    String b = "http://store-b:9000";
    String awsEast = "https://s3.us-east-1.amazonaws.com";
    String awsWest = "https://s3.eu-west-1.amazonaws.com";
    return Stream.of(
        // mode, source endpoint, dest endpoint (null: AWS), streams
        Arguments.of("auto", null, null, false),
        Arguments.of("auto", a, a, false),
        Arguments.of("auto", awsEast, awsWest, false),
        Arguments.of("auto", null, awsWest, false),
        Arguments.of("auto", a, b, true),
        Arguments.of("auto", a, null, true),
        Arguments.of("auto", null, b, true),
        Arguments.of("auto", awsEast, b, true),
        Arguments.of("AUTO", a, b, true),
        Arguments.of("server", null, null, false),
        Arguments.of("server", a, a, false),
        Arguments.of("server", awsEast, awsWest, false),
        Arguments.of("stream", null, null, true),
        Arguments.of("stream", a, a, true),
        Arguments.of("stream", awsEast, awsWest, true),
        Arguments.of(" Stream ", a, b, true));
  }

  @ParameterizedTest
  @MethodSource("copyModes")
  void load_copyModeAndEndpoints_resolveStreamed(String mode, String source, String dest, boolean streams) {
    Map<String, String> values = withSourceAndDest(Map.of("copy.mode", mode));
    if (source != null) {
      values.put("source.endpoint", source);
    }
    if (dest != null) {
      values.put("dest.endpoint", dest);
    }

    assertThat(ConfigLoader.load(values).streamed()).isEqualTo(streams);
  }

  static Stream<Arguments> serverModeEndpoints() {
    return Stream.of(
        // source endpoint, dest endpoint (null: AWS), refused
        Arguments.of(null, null, false),
        Arguments.of("http://store-a:9000", "http://store-a:9000", false),
        Arguments.of("https://s3.us-east-1.amazonaws.com", null, false),
        Arguments.of("http://store-a:9000", "http://store-b:9000", true),
        Arguments.of("http://store-a:9000", null, true),
        Arguments.of(null, "http://store-b:9000", true));
  }

  @ParameterizedTest
  @MethodSource("serverModeEndpoints")
  void load_serverMode_refusesTwoServicesOnly(String source, String dest, boolean refused) {
    Map<String, String> values = withSourceAndDest(Map.of("copy.mode", "server"));
    if (source != null) {
      values.put("source.endpoint", source);
    }
    if (dest != null) {
      values.put("dest.endpoint", dest);
    }

    if (refused) {
      LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.load(values));
      assertThat(e).isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(e.getMessage()).contains("--copy-mode", "server");
    } else {
      assertThat(ConfigLoader.load(values).streamed()).isFalse();
    }
  }

  @Test
  void streamReason_namesTheServicesOrTheFlag() {
    Map<String, String> two = withSourceAndDest(Map.of("source.endpoint", "http://store-a:9000",
        "dest.endpoint", "http://store-b:9000"));
    Map<String, String> forced = withSourceAndDest(Map.of("copy.mode", "stream"));

    assertThat(ConfigLoader.load(two).streamReason()).contains("--source-endpoint", "--dest-endpoint",
        "two services");
    assertThat(ConfigLoader.load(forced).streamReason()).isEqualTo("--copy-mode stream");
    assertThat(ConfigLoader.load(withSourceAndDest(Map.of())).streamReason()).isNull();
  }

  @ParameterizedTest(name = "--path-style {0}, --source-path-style {1}, --dest-path-style {2}")
  @CsvSource({
      "false, false, false, false, false",
      "true,  false, false, true,  true",
      "false, true,  false, true,  false", // an S3-compatible source, an AWS destination
      "false, false, true,  false, true",  // the other way
      "false, true,  true,  true,  true",
  })
  void load_pathStyle_perSide(boolean both, boolean source, boolean dest, boolean sourceExpected,
      boolean destExpected) {
    JobConfig c = ConfigLoader.load(withSourceAndDest(Map.of("s3.path-style", "" + both, "source.path-style",
        "" + source, "dest.path-style", "" + dest)));

    assertThat(c.sourceClient().pathStyle()).isEqualTo(sourceExpected);
    assertThat(c.destClient().pathStyle()).isEqualTo(destExpected);
  }

  @Test
  void load_bwlimit_streamedRunsOnly_bytesASecond() {
    Map<String, String> streamed = withSourceAndDest(Map.of("copy.mode", "stream", "copy.bwlimit", "100MiB"));
    assertThat(ConfigLoader.load(streamed).bwlimitBytesPerSecond()).isEqualTo(100 * MiB);
    Map<String, String> twoServices = withSourceAndDest(Map.of("source.endpoint", "http://store-a:9000",
        "dest.endpoint", "http://store-b:9000", "copy.bwlimit", "2048"));
    assertThat(ConfigLoader.load(twoServices).bwlimitBytesPerSecond()).isEqualTo(2048);
    assertThat(ConfigLoader.load(withSourceAndDest(Map.of("copy.mode", "stream"))).bwlimitBytesPerSecond())
        .as("not given: no limit").isZero();
  }

  @ParameterizedTest
  @CsvSource({
      "server, 100MiB, server-side",  // nothing passes through the cluster to limit
      "auto,   100MiB, server-side",  // one service: auto copies server-side
      "stream, 1000,   --bwlimit",    // below 1 KiB a second
      "stream, fast,   --bwlimit",
  })
  void load_bwlimitOnAServerSideRunOrOutOfRange_throwsNamingTheFlag(String mode, String rate, String says) {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.load(withSourceAndDest(
        Map.of("copy.mode", mode, "copy.bwlimit", rate))));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--bwlimit", says);
  }

  @Test
  void load_badCopyMode_throwsNamingFlagKeyAndValue() {
    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> ConfigLoader.load(withSourceAndDest(Map.of("copy.mode", "sideways"))));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--copy-mode", "copy.mode", "sideways");
  }

  static Stream<Arguments> refusedWhenStreamed() {
    return Stream.of(
        Arguments.of("source.all-versions", "true", "--all-versions"),
        Arguments.of("s3.requester-pays", "true", "--requester-pays"),
        Arguments.of("copy.object-lock", "copy", "--object-lock"),
        Arguments.of("source.sse-c-key-file", "/k/source.key", "--source-sse-c-key-file"),
        Arguments.of("dest.sse-c-key-file", "/k/dest.key", "--dest-sse-c-key-file"),
        Arguments.of("dest.sse-kms-key-map", "/k/map.txt", "--sse-kms-key-map"),
        Arguments.of("copy.checksum-algorithm", "CRC32C", "--checksum-algorithm"));
  }

  @ParameterizedTest
  @MethodSource("refusedWhenStreamed")
  void load_streamModeWithUnsupportedFlag_throwsNamingTheFlag(String key, String value, String flag) {
    for (Map<String, String> run : List.of(Map.of("copy.mode", "stream"),
        Map.of("source.endpoint", "http://store-a:9000", "dest.endpoint", "http://store-b:9000"))) {
      Map<String, String> values = withSourceAndDest(run);
      values.put(key, value);

      LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.load(values));

      assertThat(e).as(run + " with " + key).isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(e.getMessage()).contains(flag, key, "--copy-mode");
    }
  }

  @Test
  void load_serverModeWithRequesterPays_isValid() {
    JobConfig c = ConfigLoader.load(withSourceAndDest(Map.of("copy.mode", "server", "s3.requester-pays", "true")));

    assertThat(c.streamed()).isFalse();
  }

  @Test
  void load_endpointsAreDifferentAwsHosts_isValid() {
    JobConfig c = ConfigLoader.load(withSourceAndDest(Map.of(
        "source.endpoint", "https://s3.us-east-1.amazonaws.com",
        "dest.endpoint", "https://s3.eu-west-1.amazonaws.com")));

    assertThat(c.sourceClient().endpoint()).isEqualTo("https://s3.us-east-1.amazonaws.com");
    assertThat(c.destClient().endpoint()).isEqualTo("https://s3.eu-west-1.amazonaws.com");
  }

  @Test
  void load_oneAwsEndpointOtherDefault_isValid() {
    JobConfig c = ConfigLoader.load(withSourceAndDest(Map.of("dest.endpoint", "https://bucket.vpce-1.s3.us-east-1"
        + ".vpce.amazonaws.com")));

    assertThat(c.sourceClient().endpoint()).isNull();
    assertThat(c.destClient().endpoint()).isEqualTo("https://bucket.vpce-1.s3.us-east-1.vpce.amazonaws.com");
  }

  @Test
  void load_sameNonAwsEndpoint_isValid() {
    JobConfig c = ConfigLoader.load(withSourceAndDest(Map.of(
        "source.endpoint", " http://127.0.0.1:9000 ", "dest.endpoint", "http://127.0.0.1:9000")));

    assertThat(c.sourceClient().endpoint()).isEqualTo("http://127.0.0.1:9000");
    assertThat(c.destClient().endpoint()).isEqualTo("http://127.0.0.1:9000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", "yes", "1"})
  void load_trueSpellings_setSwitch(String value) {
    assertThat(ConfigLoader.load(withSourceAndDest(Map.of("run.dry-run", value))).dryRun()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "No", "0"})
  void load_falseSpellings_clearSwitch(String value) {
    assertThat(ConfigLoader.load(withSourceAndDest(Map.of("copy.tags", value))).copyTags()).isFalse();
  }

  @Test
  void load_boundaryValues_accepted() {
    JobConfig low = ConfigLoader.load(withSourceAndDest(Map.of("copy.part-size", "5MiB",
        "copy.multipart-threshold", "5MiB", "copy.max-concurrency", "1", "s3.max-attempts", "1")));
    JobConfig high = ConfigLoader.load(withSourceAndDest(Map.of("copy.part-size", "5GiB",
        "copy.multipart-threshold", "5GiB", "copy.max-concurrency", "1000", "s3.max-attempts", "20")));

    assertThat(low.partSizeBytes()).isEqualTo(5 * MiB);
    assertThat(low.multipartThresholdBytes()).isEqualTo(5 * MiB);
    assertThat(low.maxConcurrency()).isEqualTo(1);
    assertThat(low.destClient().maxAttempts()).isEqualTo(1);
    assertThat(high.partSizeBytes()).isEqualTo(5 * 1024 * MiB);
    assertThat(high.multipartThresholdBytes()).isEqualTo(5 * 1024 * MiB);
    assertThat(high.maxConcurrency()).isEqualTo(1000);
    assertThat(high.destClient().maxAttempts()).isEqualTo(20);
  }

  @Test
  void load_reportFormatAnyCase_parsed() {
    assertThat(ConfigLoader.load(withSourceAndDest(Map.of("report.format", " CSV "))).reportFormat())
        .isEqualTo(ReportFormat.CSV);
  }

  @Test
  void filters_commaSeparatedConfFileValue_keepsOrder() {
    List<FilterRule> rules = ConfigLoader.filters(Optional.of("exclude:*, include:*.csv,exclude:tmp/*"));

    assertThat(rules).containsExactly(new FilterRule(false, "*"), new FilterRule(true, "*.csv"),
        new FilterRule(false, "tmp/*"));
  }

  @Test
  void filters_newlineSeparatedValue_keepsCommasInGlobs() {
    List<FilterRule> rules = ConfigLoader.filters(Optional.of("include:a,b*\nexclude:c,d"));

    assertThat(rules).containsExactly(new FilterRule(true, "a,b*"), new FilterRule(false, "c,d"));
  }

  @Test
  void readConfFile_knownKeys_returnsValues(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("lakecopy.properties");
    Files.writeString(file, "# comment\nsource.uri = s3://src-bucket/lake\ncopy.part-size=64MiB\n",
        StandardCharsets.UTF_8);

    assertThat(ConfigLoader.readConfFile(file))
        .containsExactlyInAnyOrderEntriesOf(Map.of("source.uri", "s3://src-bucket/lake", "copy.part-size", "64MiB"));
  }

  @Test
  void readConfFile_unknownKey_throwsNamingKey(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("lakecopy.properties");
    Files.writeString(file, "source.uri=s3://src-bucket/lake\ncopy.partsize=64MiB\n", StandardCharsets.UTF_8);

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.readConfFile(file));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--conf-file", "'copy.partsize'", file.toString());
  }

  @Test
  void readConfFile_missingFile_throwsNamingPath(@TempDir Path dir) {
    Path file = dir.resolve("absent.properties");

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.readConfFile(file));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--conf-file", "not found", file.toString());
  }

  private static Map<String, String> withSourceAndDest(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(extra);
    values.put("source.uri", "s3://src-bucket/lake");
    values.put("dest.uri", "s3://dst-bucket/copy");
    return values;
  }

  @Test
  void load_deleteWithSource_mapsToTrue() {
    JobConfig c = ConfigLoader.load(Map.of("source.uri", "s3://src-bucket/a/", "dest.uri", "s3://dst-bucket/b/",
        "sync.delete", "true"));

    assertThat(c.delete()).isTrue();
  }

  @Test
  void load_deleteWithManifest_rejectedNamingBothFlags() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("source.manifest", "/m.txt", "dest.uri", "s3://dst-bucket/b/",
        "sync.delete", "true"))).isInstanceOf(io.lakecopy.s3.LakecopyException.class)
        .hasMessageContaining("--delete (sync.delete)").hasMessageContaining("--manifest (source.manifest)");
  }

  @ParameterizedTest
  @MethodSource("badReplacements")
  void load_replacementThatDoesNotFitTheRegex_throwsNamingFlagAndValue(String regex, String replacement,
      String reason) {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.load(withSourceAndDest(
        Map.of("dest.key-regex", regex, "dest.key-replacement", replacement))));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).startsWith("--dest-key-replacement (dest.key-replacement): '" + replacement + "'")
        .contains(reason);
  }

  static Stream<Arguments> badReplacements() {
    return Stream.of(
        arguments("dt=([^/]+)", "$5", "No group 5"),
        arguments("(a)(b)", "$3x", "No group 3"),
        arguments("dt=(?<day>[^/]+)", "${month}", "No group with name {month}"),
        arguments("dt=([^/]+)", "date=$", "group index is missing"),
        arguments("dt=([^/]+)", "date=\\", "character to be escaped is missing"),
        arguments("dt=([^/]+)", "$x", "Illegal group reference"),
        arguments("(?x) dt= ([^/]+) # a comment", "$2", "No group 2"),
        arguments("\\Qa.b", "$1", "No group 1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"date=$1", "$0-$1", "${day}", "\\$1 costs \\\\ $1", "$12", ""})
  void load_replacementThatFitsTheRegex_accepted(String replacement) {
    JobConfig c = ConfigLoader.load(withSourceAndDest(Map.of("dest.key-regex", "dt=(?<day>[^/]+)",
        "dest.key-replacement", replacement)));

    assertThat(c.keyMapper().replacement()).isEqualTo(replacement);
  }

  @Test
  void load_replacementWithoutRegex_notChecked() {
    JobConfig c = ConfigLoader.load(withSourceAndDest(Map.of("dest.key-replacement", "$9")));

    assertThat(c.keyMapper().regex()).isEmpty();
  }

  @Test
  void readConfFile_keySetTwice_throwsNamingKeyAndBothLines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("lakecopy.properties");
    Files.writeString(file, "# comment\ncopy.part-size=64MiB\nsource.uri=s3://src-bucket/lake\n\n"
        + "copy.part-size = 32MiB\n", StandardCharsets.UTF_8);

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.readConfFile(file));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("--conf-file " + file, "'copy.part-size'", "line 2 and line 5");
  }

  @Test
  void readConfFile_continuationLinesAndEscapes_readAsJavaPropertiesDo(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("lakecopy.properties");
    String text = "filter.rules = include:*.parquet, \\\n    exclude:tmp/*\n! a comment ending in a backslash \\\n"
        + "dest.key-replacement=date\\=$1\r\nsource.uri:s3://src-bucket/lake\n";
    Files.writeString(file, text, StandardCharsets.UTF_8);
    java.util.Properties expected = new java.util.Properties();
    expected.load(new java.io.StringReader(text));

    Map<String, String> values = ConfigLoader.readConfFile(file);

    assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of("filter.rules", "include:*.parquet, exclude:tmp/*",
        "dest.key-replacement", "date=$1", "source.uri", "s3://src-bucket/lake"));
    assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of("filter.rules", expected.getProperty("filter.rules"),
        "dest.key-replacement", expected.getProperty("dest.key-replacement"), "source.uri",
        expected.getProperty("source.uri")));
  }

  @Test
  void readConfFile_continuedLineThenRepeatedKey_namesTheLineTheKeyStartsOn(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("lakecopy.properties");
    Files.writeString(file, "filter.rules = include:a, \\\n  exclude:b\nfilter.rules=include:c\n",
        StandardCharsets.UTF_8);

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.readConfFile(file));

    assertThat(e.getMessage()).contains("'filter.rules'", "line 1 and line 3");
  }

  @Test
  void readConfFile_byteOrderMark_firstKeyStillKnown(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("lakecopy.properties");
    byte[] text = "source.uri=s3://src-bucket/lake\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(file, withBom);

    assertThat(ConfigLoader.readConfFile(file)).containsExactly(Map.entry("source.uri", "s3://src-bucket/lake"));
  }

  @Test
  void readConfFile_notUtf8_throwsNamingFileLineAndOffset(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("lakecopy.properties");
    byte[] text = "source.uri=s3://src-bucket/lake\ndest.uri=s3://dst-bucket/caf\u00e9\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, text);

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.readConfFile(file));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).isEqualTo("--conf-file " + file + ": line 2, byte offset 60: not UTF-8 (0xE9); save"
        + " the file as UTF-8");
  }

  @Test
  void load_verify_withMoveOrDryRun_isRefusedNamingBoth() {
    for (String other : List.of("sync.move", "run.dry-run")) {
      Map<String, String> values = new HashMap<>(Map.of("source.uri", "s3://src-bucket/x/", "dest.uri", "s3://dst-bucket/y/",
          "run.verify", "true", other, "true"));
      assertThatThrownBy(() -> ConfigLoader.load(values)).isInstanceOf(LakecopyException.class)
          .hasMessageContaining("--verify").hasMessageContaining(other.equals("sync.move") ? "--move" : "--dry-run");
    }
    JobConfig c = ConfigLoader.load(new HashMap<>(Map.of("source.uri", "s3://src-bucket/x/", "dest.uri", "s3://dst-bucket/y/",
        "run.verify", "true", "report.uri", "/r", "run.ledger", "/l")));
    assertThat(c.verifyAfter()).isTrue();
    JobConfig check = c.forCheck(java.util.Optional.of("/r/_verify"));
    assertThat(check.report()).contains("/r/_verify");
    assertThat(check.ledger()).isEmpty();
    assertThat(check.verifyAfter()).isFalse();
    assertThat(check.dest()).isEqualTo(c.dest());
  }

  @ParameterizedTest
  @ValueSource(strings = {"99", "10001", "0", "-5", "many"})
  void load_maxUploadPartsOutOfRange_throwsNamingTheFlag(String value) {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("source.uri", "s3://src-bucket/x/", "dest.uri", "s3://dst-bucket/y/",
        "copy.max-upload-parts", value))).isInstanceOf(LakecopyException.class)
        .hasMessageContaining("--max-upload-parts");
  }

  @Test
  void load_maxUploadPartsWithAllVersions_throwsUnlessS3sLimit() {
    Map<String, String> all = new HashMap<>(Map.of("source.uri", "s3://src-bucket/x/", "dest.uri", "s3://dst-bucket/y/",
        "source.all-versions", "true", "copy.max-upload-parts", "1000"));
    assertThatThrownBy(() -> ConfigLoader.load(all)).isInstanceOf(LakecopyException.class)
        .hasMessageContaining("--max-upload-parts").hasMessageContaining("--all-versions");
    all.put("copy.max-upload-parts", "10000");
    assertThat(ConfigLoader.load(all).maxUploadParts()).isEqualTo(10_000);
    assertThat(ConfigLoader.load(Map.of("source.uri", "s3://src-bucket/x/", "dest.uri", "s3://dst-bucket/y/",
        "copy.max-upload-parts", "100")).maxUploadParts()).isEqualTo(100);
  }

  @Test
  void load_versions_atTimeOrAllVersions() {
    Map<String, String> base = Map.of("source.uri", "s3://src-bucket/x/", "dest.uri", "s3://dst-bucket/y/");
    assertThat(ConfigLoader.load(base).versions()).isEqualTo(Versions.CURRENT);
    Map<String, String> at = new HashMap<>(base);
    at.put("source.version-at", "2026-11-01T10:00:00Z");
    assertThat(ConfigLoader.load(at).versions()).isEqualTo(new Versions(Versions.Mode.AT,
        java.time.Instant.parse("2026-11-01T10:00:00Z")));
    Map<String, String> all = new HashMap<>(base);
    all.put("source.all-versions", "true");
    assertThat(ConfigLoader.load(all).versions()).isEqualTo(new Versions(Versions.Mode.ALL, null));
    assertThat(ConfigLoader.load(all).versions().listed()).isTrue();
    for (String[] overlap : new String[][] {{"s3://bkt/x/", "s3://bkt/x/y/"}, {"s3://bkt/x/y/", "s3://bkt/x/"},
        {"s3://bkt/", "s3://bkt/copy/"}}) {
      Map<String, String> same = new HashMap<>(Map.of("source.uri", overlap[0], "dest.uri", overlap[1],
          "source.all-versions", "true"));
      assertThatThrownBy(() -> ConfigLoader.load(same)).as(overlap[0] + " -> " + overlap[1])
          .isInstanceOf(LakecopyException.class).hasMessageContaining("--dest"); // Locations' rule, or --all-versions'

    }
    assertThat(ConfigLoader.load(Map.of("source.uri", "s3://bkt/x/", "dest.uri", "s3://bkt/y/", "source.all-versions",
        "true")).versions().mode()).isEqualTo(Versions.Mode.ALL);
    Map<String, String> inventory = new HashMap<>(all);
    inventory.put("source.manifest", "/inv/manifest.json");
    assertThat(ConfigLoader.load(inventory).versions().mode()).isEqualTo(Versions.Mode.ALL);
    inventory.remove("source.uri");
    assertThatThrownBy(() -> ConfigLoader.load(inventory)).isInstanceOf(LakecopyException.class)
        .hasMessageContaining("--all-versions").hasMessageContaining("needs --source");
    Map<String, String> bad = new HashMap<>(base);
    bad.put("source.version-at", "yesterday-ish");
    assertThatThrownBy(() -> ConfigLoader.load(bad)).isInstanceOf(LakecopyException.class)
        .hasMessageContaining("--version-at");
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> refusedWithVersions() {
    return java.util.stream.Stream.of(
        // the versions flag, the other key and value, what the message names
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "source.version-at", "1d",
            "--version-at"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "sync.move", "true", "--move"),
        org.junit.jupiter.params.provider.Arguments.of("source.version-at", "sync.move", "true", "--move"),
        org.junit.jupiter.params.provider.Arguments.of("source.version-at", "source.manifest", "/m.txt",
            "--manifest"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "source.manifest", "/m.txt",
            "S3 Inventory"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "sync.delete", "true", "--delete"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "run.resume", "/ledger", "--resume"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "source.previous-manifest", "/p",
            "--previous-manifest"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "copy.if-exists", "skip",
            "--if-exists"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "copy.object-lock", "copy",
            "--object-lock"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "run.verify", "true", "--verify"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "filter.min-size", "1KiB",
            "--min-size"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "filter.modified-after", "1d",
            "--modified-after"),
        org.junit.jupiter.params.provider.Arguments.of("source.all-versions", "source.prefixes-file", "/p.txt",
            "--src-prefixes-file"));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} with {1}")
  @org.junit.jupiter.params.provider.MethodSource("refusedWithVersions")
  void load_versions_withWhatTheyCannotGoWith_isRefusedNamingBoth(String versions, String key, String value,
      String named) {
    Map<String, String> values = new HashMap<>(Map.of("source.uri", "s3://src-bucket/x/", "dest.uri",
        "s3://dst-bucket/y/", key, value));
    values.put(versions, versions.equals("source.version-at") ? "2026-11-01" : "true");
    if (key.equals("source.version-at")) {
      values.put("source.all-versions", "true");
    }
    assertThatThrownBy(() -> ConfigLoader.load(values)).isInstanceOf(LakecopyException.class)
        .hasMessageContaining(versions.equals("source.version-at") ? "--version-at" : "--all-versions")
        .hasMessageContaining(named);
  }
}
