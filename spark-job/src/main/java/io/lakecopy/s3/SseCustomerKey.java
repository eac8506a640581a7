package io.lakecopy.s3;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * An SSE-C key: 32 bytes of AES-256 key material that S3 needs on every request that reads or writes
 * an object encrypted with it. It travels to executors inside {@link S3ClientSettings}, so nothing
 * that prints a value may show it: {@link #toString()} is redacted, and no message built here quotes
 * the key or a byte of it.
 */
public final class SseCustomerKey implements Serializable {
  private static final long serialVersionUID = 1L;
  /** SSE-C keys are AES-256 keys (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html). */
  public static final int KEY_BYTES = 32;
  public static final String ALGORITHM = "AES256";

  private final byte[] key;

  private SseCustomerKey(byte[] key) {
    this.key = key.clone();
  }

  /**
   * The key in a key file: exactly 32 raw bytes, or its base64 text (surrounding whitespace ignored).
   *
   * @throws IllegalArgumentException saying what is wrong without quoting the file's content
   */
  public static SseCustomerKey parse(byte[] file) {
    if (file.length == KEY_BYTES) {
      return new SseCustomerKey(file);
    }
    String text = new String(file, StandardCharsets.ISO_8859_1).strip();
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      // The decoder's message names the offending character: a piece of the key. Say only what is wrong.
      throw new IllegalArgumentException("the file is " + file.length + " bytes and not base64 text; an SSE-C key is "
          + KEY_BYTES + " raw bytes or their base64 (44 characters)");
    }
    if (decoded.length != KEY_BYTES) {
      throw new IllegalArgumentException("the file holds a " + decoded.length + "-byte base64 key; an SSE-C key is "
          + KEY_BYTES + " bytes (AES-256)");
    }
    return new SseCustomerKey(decoded);
  }

  /** The key as the {@code x-amz-server-side-encryption-customer-key} header carries it. */
  public String base64() {
    return Base64.getEncoder().encodeToString(key);
  }

  /** The key's MD5 as the {@code ...-customer-key-MD5} header carries it (S3 checks it against the key). */
  public String md5Base64() {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 not available", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SseCustomerKey other && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "SseCustomerKey[redacted]";
  }
}
