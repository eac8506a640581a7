package io.lakecopy.bench;

import io.lakecopy.testing.Seeder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The benchmark workloads, seeded straight into the server (not through the latency proxy):
 * W1 many small objects, W2 a few 1 GiB objects, W3 a mix, W4 one large object. Big objects are built
 * server-side (UploadPartCopy from one uploaded object, or on a store that copies by reference a
 * CopyObject of it), so seeding 8 GiB does not take minutes.
 */
record Workload(String name, String prefix, long objects, long bytes) {
  static final long MiB = 1024L * 1024;
  static final String BUCKET = "bench-src";

  static Workload w1(S3Client s3, int count) throws Exception {
    seedSmall(s3, "w1/", count);
    return new Workload("W1", "w1/", count, count * 16 * 1024L);
  }

  /** {@code byReference}: each object a CopyObject of the base, which Ceph RGW shares by reference (0.3 s a GiB). */
  static Workload w2(S3Client s3, int count, boolean byReference) {
    String base = base(s3);
    for (int i = 0; i < count; i++) {
      String key = "w2/big-" + i + ".bin";
      if (byReference) {
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(base).destinationBucket(BUCKET).destinationKey(key));
      } else {
        composite(s3, base, key, 1024 * MiB);
      }
    }
    return new Workload("W2", "w2/", count, count * 1024 * MiB);
  }

  /** One object of {@code size} bytes (at most 5 GiB, so that one CopyObject may copy it). */
  static Workload w4(S3Client s3, long size) {
    composite(s3, base(s3), "w4/large.bin", size);
    return new Workload("W4", "w4/", 1, size);
  }

  static Workload w3(S3Client s3, int small, int big) throws Exception {
    seedSmall(s3, "w3/small/", small);
    String base = base(s3);
    long bytes = small * 16 * 1024L;
    for (int i = 0; i < big; i++) {
      long size = (64 + (448L * i) / Math.max(1, big - 1)) * MiB;
      composite(s3, base, "w3/big/object-" + i + ".bin", size);
      bytes += size;
    }
    return new Workload("W3", "w3/", small + big, bytes);
  }

  private static void seedSmall(S3Client s3, String prefix, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = prefix + String.format("d%03d/obj-%06d", i % 100, i);
        done.add(pool.submit(() -> Seeder.put(s3, BUCKET, key, Seeder.content(key, 16 * 1024))));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A 1 GiB object uploaded once (8 parts of 128 MiB), the source of every big object. */
  private static String base(S3Client s3) {
    String key = "seed/base-1g.bin";
    if (!s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents().isEmpty()) {
      return key;
    }
    String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    for (int p = 1; p <= 8; p++) {
      int n = p;
      byte[] data = Seeder.content("base-" + p, (int) (128 * MiB));
      String eTag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(id).partNumber(n), RequestBody.fromBytes(data))
          .eTag();
      parts.add(CompletedPart.builder().partNumber(p).eTag(eTag).build());
    }
    s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
    return key;
  }

  /** An object of {@code size} bytes built server-side from ranges of the base object, as one upload of 64 MiB parts. */
  private static void composite(S3Client s3, String base, String key, long size) {
    String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    long part = 64 * MiB;
    for (long first = 0, n = 1; first < size; first += part, n++) {
      long last = Math.min(first + part, size) - 1;
      long from = first % (1024 * MiB);
      long to = from + (last - first);
      int number = (int) n;
      String eTag = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey(base).destinationBucket(BUCKET)
          .destinationKey(key).uploadId(id).partNumber(number).copySourceRange("bytes=" + from + "-" + to))
          .copyPartResult().eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
    }
    s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
  }
}
