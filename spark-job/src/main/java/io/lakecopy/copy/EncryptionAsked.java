package io.lakecopy.copy;

import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.RequestOptions;
import java.io.Serializable;

/**
 * The encryption a copy asked its destination for, and whether what the store answered shows it applied. Some stores
 * accept the headers and store the copy unencrypted (Ceph RGW 16.2 does for SSE-S3 on every write and for SSE-KMS or
 * SSE-C on CopyObject); such a copy must fail, never be reported as encrypted. Pure.
 *
 * @param mode {@code AES256}, {@code aws:kms}, {@code aws:kms:dsse}, {@link #SSE_C}, or null when nothing was asked
 *     (the bucket's default applies, which lakecopy neither sets nor checks)
 */
record EncryptionAsked(String mode) implements Serializable {
  static final String SSE_C = "SSE-C";
  static final EncryptionAsked NONE = new EncryptionAsked(null);

  /**
   * What a write of a client with {@code dest} options asks for: SSE-C with a customer key; else {@code mapped} (the
   * mode of a KMS key the key map chose for this object, or null); else {@code --sse}; else nothing.
   */
  static EncryptionAsked of(RequestOptions dest, String mapped) {
    if (dest.customerKey() != null) {
      return new EncryptionAsked(SSE_C);
    }
    Encryption e = dest.encryption();
    return new EncryptionAsked(mapped != null ? mapped : e.sse());
  }

  boolean any() {
    return mode != null;
  }

  /**
   * Whether a response (or HEAD) with these headers shows the asked encryption: {@code x-amz-server-side-encryption}
   * naming the asked mode, or for SSE-C {@code x-amz-server-side-encryption-customer-algorithm}. Nothing asked is
   * always shown.
   */
  boolean shownBy(String serverSideEncryption, String customerAlgorithm) {
    if (mode == null) {
      return true;
    }
    if (SSE_C.equals(mode)) {
      return customerAlgorithm != null && !customerAlgorithm.isEmpty();
    }
    return mode.equalsIgnoreCase(serverSideEncryption);
  }

  /** For messages: the mode and its header value. */
  String describe() {
    if (mode == null) {
      return "no encryption";
    }
    return switch (mode) {
      case SSE_C -> "SSE-C";
      case Encryption.AES256 -> "SSE-S3 (AES256)";
      case Encryption.KMS_DSSE -> "DSSE-KMS (aws:kms:dsse)";
      default -> "SSE-KMS (" + mode + ")";
    };
  }
}
