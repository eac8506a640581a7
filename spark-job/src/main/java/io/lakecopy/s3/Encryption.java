package io.lakecopy.s3;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Server-side encryption (SSE-S3, SSE-KMS, DSSE-KMS) of the objects a client writes: sent on
 * CopyObject, CreateMultipartUpload and PutObject. Without it, a copy gets the destination bucket's
 * default encryption, never the source's. SSE-C is a key, not a mode: see {@link RequestOptions}.
 *
 * @param sse {@code AES256}, {@code aws:kms}, {@code aws:kms:dsse}, or null for the bucket's default
 * @param kmsKeyId the KMS key of {@code aws:kms*} copies (id, ARN or alias), or null for S3's default key
 * @param bucketKey S3 Bucket Keys for SSE-KMS copies (fewer KMS requests; not for DSSE-KMS)
 * @param kmsKeyMap source KMS key (id or ARN) to the destination key its objects are re-encrypted with;
 *     objects under a key it does not name get {@code sse}/{@code kmsKeyId}
 */
public record Encryption(String sse, String kmsKeyId, boolean bucketKey, Map<String, String> kmsKeyMap)
    implements Serializable {
  public static final Encryption NONE = new Encryption(null, null, false, Map.of());

  public static final String AES256 = "AES256";
  public static final String KMS = "aws:kms";
  public static final String KMS_DSSE = "aws:kms:dsse";
  public static final Set<String> MODES = Set.of(AES256, KMS, KMS_DSSE);
  /** KMS key ids, ARNs and aliases, and the key names of S3-compatible servers: no spaces, no '='. */
  public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9:/_.@+-]{1,2048}");

  public Encryption {
    kmsKeyMap = Map.copyOf(requireNonNull(kmsKeyMap, "kmsKeyMap is null"));
    if (sse != null && !MODES.contains(sse)) {
      throw new IllegalArgumentException("'" + sse + "' is not an encryption mode; use " + AES256 + ", " + KMS + " or "
          + KMS_DSSE);
    }
    if (kmsKeyId != null && !isKms(sse)) {
      throw new IllegalArgumentException("a KMS key needs " + KMS + " or " + KMS_DSSE);
    }
    if (bucketKey && !(KMS.equals(sse) || sse == null && !kmsKeyMap.isEmpty())) {
      throw new IllegalArgumentException("S3 Bucket Keys apply to " + KMS + " only (not to DSSE-KMS or SSE-S3)");
    }
  }

  static boolean isKms(String sse) {
    return KMS.equals(sse) || KMS_DSSE.equals(sse);
  }

  /** Whether any of this is set: no header is added otherwise. */
  public boolean isSet() {
    return sse != null || !kmsKeyMap.isEmpty();
  }

  /**
   * The destination key for an object encrypted with {@code sourceKey} (the ARN a HEAD reports), if the
   * key map names it by ARN or by key id.
   */
  public Optional<String> mappedKey(String sourceKey) {
    if (sourceKey == null || kmsKeyMap.isEmpty()) {
      return Optional.empty();
    }
    String exact = kmsKeyMap.get(sourceKey);
    if (exact != null) {
      return Optional.of(exact);
    }
    int slash = sourceKey.lastIndexOf('/');
    return Optional.ofNullable(slash < 0 ? null : kmsKeyMap.get(sourceKey.substring(slash + 1)));
  }

  /** The mode a mapped key is used with: DSSE-KMS if that was asked for, SSE-KMS otherwise. */
  public String mappedMode() {
    return KMS_DSSE.equals(sse) ? KMS_DSSE : KMS;
  }
}
