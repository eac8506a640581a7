package io.lakecopy.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Deterministic test data: objects whose bytes come from a seeded Random. */
public final class Seeder {
  private Seeder() {}

  public static void createBucket(S3Client s3, String bucket) {
    s3.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
  }

  /** Deterministic bytes for a key: the same key and size always give the same content. */
  public static byte[] content(String key, int size) {
    byte[] data = new byte[size];
    new Random(key.hashCode() * 31L + size).nextBytes(data);
    return data;
  }

  /** Puts an object with optional content type, user metadata and tags (a {@code k=v&k2=v2} string). */
  public static void put(S3Client s3, String bucket, String key, byte[] data, String contentType,
      Map<String, String> metadata, String tagging) {
    PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key).metadata(metadata);
    if (contentType != null) {
      req.contentType(contentType);
    }
    if (tagging != null) {
      req.tagging(tagging);
    }
    s3.putObject(req.build(), RequestBody.fromBytes(data));
  }

  public static void put(S3Client s3, String bucket, String key, byte[] data) {
    put(s3, bucket, key, data, null, Map.of(), null);
  }

  public static String md5Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keys that break naive URL handling. */
  public static List<String> oddKeys() {
    return List.of("odd/a b+c%d=é&x?.txt", "odd/unicode/日本語 ファイル.txt", "odd/eq/k=v/part=1.parquet",
        "odd/plus+plus/%2F-literal.txt", "odd/tilde~and*star(1).csv");
  }
}
