package io.lakecopy.s3;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A bucket and a key (or key prefix). Parsed from {@code s3://bucket/key}; {@code s3a://} and
 * {@code s3n://} are accepted as synonyms because users paste Hadoop paths.
 */
public record S3Location(String bucket, String key) implements Serializable {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (dots allowed for
  // older buckets; uppercase and underscores are rejected by S3 for new buckets).
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
  public static final int MAX_KEY_BYTES = 1024;

  public S3Location {
    requireNonNull(bucket, "bucket is null");
    requireNonNull(key, "key is null");
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException("invalid bucket name '" + Excerpt.of(bucket) + "'");
    }
    if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key longer than " + MAX_KEY_BYTES + " bytes: " + Excerpt.of(key));
    }
  }

  /**
   * Parses {@code s3://bucket[/key]}.
   *
   * @param what names the flag or line for the error message, e.g. {@code "--source"}
   * @throws LakecopyException of kind INVALID_INPUT naming {@code what} and the bad value
   */
  public static S3Location parse(String uri, String what) {
    if (uri == null || uri.isBlank()) {
      throw LakecopyException.invalidInput(what + ": an s3://bucket/prefix URI is required");
    }
    String trimmed = uri.strip();
    int schemeEnd = trimmed.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!scheme.equals("s3") && !scheme.equals("s3a") && !scheme.equals("s3n")) {
      throw LakecopyException.invalidInput(
          what + ": '" + Excerpt.of(uri) + "' is not an S3 URI; expected s3://bucket/prefix");
    }
    String rest = trimmed.substring(schemeEnd + 3);
    int slash = rest.indexOf('/');
    String bucket = (slash < 0 ? rest : rest.substring(0, slash)).intern(); // one string per bucket, not per key
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    try {
      return new S3Location(bucket, key);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(what + ": '" + Excerpt.of(uri) + "': " + e.getMessage());
    }
  }

  /** This location as a prefix: the key with a trailing slash, or empty for the bucket root. */
  public S3Location asPrefix() {
    return key.isEmpty() || key.endsWith("/") ? this : new S3Location(bucket, key + "/");
  }

  /** The location of {@code relativeKey} under this prefix. */
  public S3Location resolve(String relativeKey) {
    return new S3Location(bucket, key + relativeKey);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
