package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.job.JobListener;
import io.lakecopy.testing.S3Service;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * One S3-compatible server for a test class, a client to seed and check it, the shared local Spark
 * session, and the checks every integration test makes: same bytes and metadata, no upload left,
 * no secret printed.
 */
final class Fixture implements AutoCloseable {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  static final int MiB = 1024 * 1024;

  final S3Service server;
  final S3Client s3;
  final SparkSession spark;
  private final boolean tagging;
  private final boolean storageClasses;
  private final boolean multipartTagging;

  /**
   * @param tagging whether the server implements object tagging (GetObjectTagging, x-amz-tagging)
   * @param storageClasses whether the server keeps a storage class other than STANDARD
   */
  Fixture(S3TestServer.Kind kind, boolean tagging, boolean storageClasses) {
    this(S3TestServer.start(kind), tagging, storageClasses);
  }

  Fixture(S3Service service, boolean tagging, boolean storageClasses) {
    this(service, tagging, storageClasses, tagging);
  }

  /**
   * @param multipartTagging whether the server keeps the tags CreateMultipartUpload sends (x-amz-tagging);
   *     where it does not, tags are compared only on objects not completed from parts
   */
  Fixture(S3Service service, boolean tagging, boolean storageClasses, boolean multipartTagging) {
    this.server = service;
    this.tagging = tagging;
    this.storageClasses = storageClasses;
    this.multipartTagging = multipartTagging;
    server.exportCredentials();
    this.s3 = server.newClient();
    this.spark = session();
  }

  /** The one local Spark session of the test JVM; up to 4 attempts per task so task-retry tests can run. */
  static SparkSession session() {
    return SparkSession.builder().master("local[2,4]").appName("lakecopy-it")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  boolean supportsTagging() {
    return tagging;
  }

  boolean supportsStorageClass() {
    return storageClasses;
  }

  /** Closes the server, after checking that nothing logged so far in this JVM holds the test secret. */
  @Override
  public void close() {
    close("Planned");
  }

  /**
   * As {@link #close()}, for tests that log {@code logged} rather than run a whole job: seeing it proves that the
   * log searched for the secret is the one this JVM writes.
   */
  void close(String logged) {
    s3.close();
    server.close();
    Path log = Path.of(System.getProperty("lakecopy.it.log", "target/it-logs/lakecopy-it.log"));
    try {
      assertThat(Files.readString(log, StandardCharsets.ISO_8859_1)).as("log %s", log)
          .contains(logged).doesNotContain(S3TestServer.SECRET_KEY);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }


  /** Lets the session's s3a:// reach {@code bucket} on this server (tests write and read inventories through it). */
  void s3a(String bucket) {
    var hadoop = spark.sparkContext().hadoopConfiguration();
    String prefix = "fs.s3a.bucket." + bucket + ".";
    hadoop.set(prefix + "endpoint", server.endpoint().toString());
    hadoop.set(prefix + "path.style.access", "true");
    hadoop.set(prefix + "connection.ssl.enabled", "false");
    hadoop.set(prefix + "access.key", S3TestServer.ACCESS_KEY);
    hadoop.set(prefix + "secret.key", S3TestServer.SECRET_KEY);
    hadoop.set(prefix + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop.set("fs.s3a.change.detection.version.required", "false");
  }

  /** An S3 Inventory manifest.json of {@code src}'s inventory in bucket {@code inv}, naming these data files. */
  static String inventoryManifest(String src, String inv, String format, String schema, List<String> files) {
    StringBuilder b = new StringBuilder("{\"sourceBucket\": \"" + src + "\", \"destinationBucket\": \"arn:aws:s3:::"
        + inv + "\", \"version\": \"2016-11-30\", \"fileFormat\": \"" + format + "\", \"fileSchema\": \"" + schema
        + "\", \"files\": [");
    for (int i = 0; i < files.size(); i++) {
      b.append(i == 0 ? "" : ", ").append("{\"key\": \"").append(files.get(i)).append("\", \"size\": 1}");
    }
    return b.append("]}").toString();
  }

  JobRun job(String... args) {
    return JobRun.run(args(args), JobListener.NONE);
  }

  /** The job's arguments plus this server's endpoint, region and path style. */
  List<String> args(String... args) {
    return argsVia(server.endpoint().toString(), args);
  }

  /** As {@link #args}, with requests sent to {@code endpoint} (e.g. a fault proxy in front of the server). */
  List<String> argsVia(String endpoint, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--source-endpoint", endpoint, "--dest-endpoint", endpoint, "--path-style",
        "--source-region", S3TestServer.REGION, "--dest-region", S3TestServer.REGION));
    if (!supportsTagging()) {
      all.add("--no-tags");
    }
    return all;
  }

  String bucket(String role) {
    String name = role + "-" + server.name() + "-" + BUCKETS.incrementAndGet();
    Seeder.createBucket(s3, name);
    return name;
  }

  /** {@code count} small objects (0..8 KiB) under prefix; every 10th with headers and metadata, every 20th tagged. */
  Map<String, byte[]> seedTree(String bucket, String prefix, int count) {
    Random random = new Random(42);
    Map<String, byte[]> seeded = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String key = prefix + "dt=2026-11-" + String.format("%02d", 1 + i % 7) + "/part-" + String.format("%05d", i)
          + (i % 3 == 0 ? ".parquet" : ".json");
      byte[] data = Seeder.content(key, i == 0 ? 0 : random.nextInt(8 * 1024));
      boolean rich = i % 10 == 0;
      String tagging = supportsTagging() && i % 20 == 0 ? "team=data&n=" + i : null;
      Seeder.put(s3, bucket, key, data, rich ? "application/x-parquet" : null,
          rich ? Map.of("rows", String.valueOf(i), "writer", "spark") : Map.of(), tagging);
      seeded.put(key, data);
    }
    return seeded;
  }

  /** Three objects copied in 3..4 parts of 5 MiB, with every header CreateMultipartUpload must carry. */
  Map<String, byte[]> seedMultipart(String bucket, String prefix) {
    Map<String, byte[]> seeded = new LinkedHashMap<>();
    int[] sizes = {16 * MiB + 1, 15 * MiB + 7, 11 * MiB};
    for (int i = 0; i < sizes.length; i++) {
      String key = prefix + "big/object-" + i + ".bin";
      byte[] data = Seeder.content(key, sizes[i]);
      PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key)
          .contentType("application/vnd.lakecopy-" + i)
          .cacheControl("max-age=" + (60 * i))
          .contentDisposition("attachment; filename=\"object-" + i + ".bin\"")
          .contentEncoding("identity")
          .contentLanguage("en-GB")
          .metadata(Map.of("origin", "seed", "index", String.valueOf(i)));
      if (supportsTagging()) {
        put.tagging("size=big&index=" + i);
      }
      if (supportsStorageClass() && i == 1) {
        put.storageClass(StorageClass.STANDARD_IA);
      }
      s3.putObject(put.build(), RequestBody.fromBytes(data));
      seeded.put(key, data);
    }
    return seeded;
  }

  void assertSameObject(String srcBucket, String srcKey, String dstBucket, String dstKey) {
    byte[] a = s3.getObjectAsBytes(b -> b.bucket(srcBucket).key(srcKey)).asByteArray();
    byte[] b = s3.getObjectAsBytes(r -> r.bucket(dstBucket).key(dstKey)).asByteArray();
    assertThat(Seeder.md5Hex(b)).as("content of s3://%s/%s", dstBucket, dstKey).isEqualTo(Seeder.md5Hex(a));
    HeadObjectResponse x = s3.headObject(r -> r.bucket(srcBucket).key(srcKey));
    HeadObjectResponse y = s3.headObject(r -> r.bucket(dstBucket).key(dstKey));
    String what = "s3://" + dstBucket + "/" + dstKey;
    assertThat(y.contentLength()).as("length of %s", what).isEqualTo(x.contentLength());
    assertThat(y.contentType()).as("content type of %s", what).isEqualTo(x.contentType());
    assertThat(y.metadata()).as("metadata of %s", what).isEqualTo(x.metadata());
    assertThat(y.cacheControl()).as("cache control of %s", what).isEqualTo(x.cacheControl());
    assertThat(y.contentDisposition()).as("content disposition of %s", what).isEqualTo(x.contentDisposition());
    assertThat(y.contentEncoding()).as("content encoding of %s", what).isEqualTo(x.contentEncoding());
    assertThat(y.contentLanguage()).as("content language of %s", what).isEqualTo(x.contentLanguage());
    if (supportsStorageClass()) {
      assertThat(y.storageClassAsString()).as("storage class of %s", what).isEqualTo(x.storageClassAsString());
    }
    if (supportsTagging() && (multipartTagging || !y.eTag().matches("\"?[0-9a-fA-F]{32}-\\d+\"?"))) {
      assertThat(tags(dstBucket, dstKey)).as("tags of %s", what).isEqualTo(tags(srcBucket, srcKey));
    }
  }

  Map<String, String> tags(String bucket, String key) {
    List<Tag> tags = s3.getObjectTagging(GetObjectTaggingRequest.builder().bucket(bucket).key(key).build()).tagSet();
    return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  Set<String> keys(String bucket) {
    Set<String> keys = new TreeSet<>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      keys.add(o.key());
    }
    return keys;
  }

  /**
   * Writes {@code data} at {@code key} as a multipart upload of {@code partSize} parts (its ETag ends in {@code -N}),
   * with a full-object CRC32 where {@code crc32} (on a store without additional checksums, leave it off).
   */
  void putInParts(String bucket, String key, byte[] data, int partSize, boolean crc32) {
    String id = s3.createMultipartUpload(b -> {
      b.bucket(bucket).key(key);
      if (crc32) {
        b.checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32)
            .checksumType(software.amazon.awssdk.services.s3.model.ChecksumType.FULL_OBJECT);
      }
    }).uploadId();
    List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new ArrayList<>();
    for (int n = 1, from = 0; from < data.length; n++, from += partSize) {
      int number = n;
      byte[] chunk = java.util.Arrays.copyOfRange(data, from, Math.min(data.length, from + partSize));
      var part = s3.uploadPart(b -> {
        b.bucket(bucket).key(key).uploadId(id).partNumber(number);
        if (crc32) {
          b.checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32);
        }
      }, RequestBody.fromBytes(chunk));
      parts.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(number)
          .eTag(part.eTag()).checksumCRC32(crc32 ? part.checksumCRC32() : null).build());
    }
    s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
  }

  /** The CRC32 of {@code data} as S3 writes it: the four bytes, big-endian, in Base64. */
  static String crc32(byte[] data) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    return java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue())
        .array());
  }

  void assertNoUploads(String bucket) {
    assertThat(s3.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(bucket).build()).uploads())
        .as("multipart uploads left in %s", bucket).isEmpty();
  }

  /**
   * Every directory of {@code tree} is 0700 and every file 0600 (checksum files included), and the
   * tree holds the {@code expected} files: what lakecopy writes is readable by its owner only.
   */
  static void assertOwnerOnly(Path tree, String... expected) throws IOException {
    List<Path> paths;
    try (var all = Files.walk(tree)) {
      paths = all.toList();
    }
    for (String name : expected) {
      assertThat(paths).as("files under %s", tree).contains(tree.resolve(name));
    }
    for (Path p : paths) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .as("permissions of %s", p).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
    }
  }

  void assertNoSecretIn(JobRun run, Path report) throws IOException {
    assertThat(run.out() + run.err()).doesNotContain(S3TestServer.SECRET_KEY);
    try (var files = Files.walk(report)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("report file %s", f)
            .doesNotContain(S3TestServer.SECRET_KEY);
      }
    }
  }
}
