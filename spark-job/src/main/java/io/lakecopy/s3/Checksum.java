package io.lakecopy.s3;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An additional checksum as S3 reports it (HEAD with checksum mode, a copy's or a Complete's result): its
 * algorithm, its type, and its Base64 value. A COMPOSITE value (a checksum of the parts' checksums) ends in
 * {@code -N}, N the part count; a FULL_OBJECT value is the checksum of the object's bytes, whatever its parts.
 *
 * <p>Its text form, as the report's {@code source_checksum} and {@code dest_checksum} columns hold it, is {@code
 * ALGORITHM:TYPE:value}, for example {@code CRC64NVME:FULL_OBJECT:4YgHcu35g5k=} (Base64 has no {@code :}).
 *
 * @param algorithm CRC32, CRC32C, CRC64NVME, SHA1 or SHA256
 * @param type FULL_OBJECT or COMPOSITE
 */
public record Checksum(String algorithm, String type, String value) implements Serializable {
  public static final String FULL_OBJECT = "FULL_OBJECT";
  public static final String COMPOSITE = "COMPOSITE";
  /** The algorithms with a full-object type for multipart uploads (SHA1 and SHA256 are composite only). */
  public static final Set<String> FULL_OBJECT_ALGORITHMS = Set.of("CRC32", "CRC32C", "CRC64NVME");
  private static final Set<String> ALGORITHMS = Set.of("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256");

  public Checksum {
    requireNonNull(algorithm, "algorithm is null");
    requireNonNull(type, "type is null");
    requireNonNull(value, "value is null");
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("unknown checksum algorithm " + algorithm);
    }
    if (!type.equals(FULL_OBJECT) && !type.equals(COMPOSITE)) {
      throw new IllegalArgumentException("unknown checksum type " + type);
    }
  }

  /**
   * The one checksum among a response's fields, or empty when it has none. Where the store does not say the type,
   * a value ending in {@code -N} is COMPOSITE and any other FULL_OBJECT (a single PUT's checksum is always
   * full-object). Pure.
   *
   * @param type the response's checksum type, or null
   */
  public static Optional<Checksum> of(String crc32, String crc32c, String crc64nvme, String sha1, String sha256,
      String type) {
    String[][] fields = {{"CRC64NVME", crc64nvme}, {"CRC32C", crc32c}, {"CRC32", crc32}, {"SHA256", sha256},
        {"SHA1", sha1}};
    for (String[] f : fields) {
      if (f[1] != null && !f[1].isBlank()) {
        String value = f[1].trim();
        String t = type != null && (type.equals(FULL_OBJECT) || type.equals(COMPOSITE)) ? type
            : value.matches(".*-[0-9]+") ? COMPOSITE : FULL_OBJECT;
        return Optional.of(new Checksum(f[0], t, value));
      }
    }
    return Optional.empty();
  }

  /** The checksum a HEAD with checksum mode answered, if any. */
  public static Optional<Checksum> of(software.amazon.awssdk.services.s3.model.HeadObjectResponse r) {
    return of(r.checksumCRC32(), r.checksumCRC32C(), r.checksumCRC64NVME(), r.checksumSHA1(), r.checksumSHA256(),
        r.checksumTypeAsString());
  }

  /** The checksum of a single copy's result, if the store computed one. */
  public static Optional<Checksum> of(software.amazon.awssdk.services.s3.model.CopyObjectResult r) {
    return r == null ? Optional.empty() : of(r.checksumCRC32(), r.checksumCRC32C(), r.checksumCRC64NVME(),
        r.checksumSHA1(), r.checksumSHA256(), r.checksumTypeAsString());
  }

  /** A part's checksum, as UploadPartCopy answers it where the upload was created with an algorithm. */
  public static Optional<Checksum> of(software.amazon.awssdk.services.s3.model.CopyPartResult r) {
    return r == null ? Optional.empty() : of(r.checksumCRC32(), r.checksumCRC32C(), r.checksumCRC64NVME(),
        r.checksumSHA1(), r.checksumSHA256(), FULL_OBJECT);
  }

  /** The completed object's checksum, if the store answered one. */
  public static Optional<Checksum> of(software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse r) {
    return of(r.checksumCRC32(), r.checksumCRC32C(), r.checksumCRC64NVME(), r.checksumSHA1(), r.checksumSHA256(),
        r.checksumTypeAsString());
  }

  /**
   * A {@code --checksum-algorithm} value, upper-cased, or an error naming the flag. Only the algorithms with a
   * full-object type are taken: a SHA checksum of a multipart copy would be composite, whose value depends on the
   * part layout and needs every part's checksum at Complete.
   */
  public static String algorithmFlag(String flag, String value) {
    String a = value.trim().toUpperCase(Locale.ROOT).replace("-", "");
    if (!FULL_OBJECT_ALGORITHMS.contains(a)) {
      throw new LakecopyException(ErrorKind.INVALID_INPUT, flag + " must be CRC64NVME, CRC32C or CRC32, not '" + value
          + "'" + (ALGORITHMS.contains(a) ? " (SHA1 and SHA256 have no full-object type for multipart copies)" : ""));
    }
    return a;
  }

  /** {@code ALGORITHM:TYPE:value}. */
  public String render() {
    return algorithm + ":" + type + ":" + value;
  }

  /** The text form of a checksum that may not be there, or null. */
  public static String render(Optional<Checksum> c) {
    return c.map(Checksum::render).orElse(null);
  }

  /** The text form back ({@link #render}); null for null or an unreadable text. Pure. */
  public static Checksum parse(String text) {
    if (text == null) {
      return null;
    }
    String[] p = text.split(":", 3);
    try {
      return p.length == 3 ? new Checksum(p[0], p[1], p[2]) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public boolean fullObject() {
    return type.equals(FULL_OBJECT);
  }

  /**
   * Whether this and {@code other} can be compared to prove two objects' bytes equal: the same algorithm, both
   * FULL_OBJECT; or both COMPOSITE over the same number of parts, when the two objects are known to have the same
   * part boundaries ({@code sameLayout}). A COMPOSITE value over other boundaries differs for equal bytes. Pure.
   */
  public boolean comparableWith(Checksum other, boolean sameLayout) {
    if (other == null || !algorithm.equals(other.algorithm) || !type.equals(other.type)) {
      return false;
    }
    return fullObject() || (sameLayout && partSuffix(value).equals(partSuffix(other.value)));
  }

  private static String partSuffix(String value) {
    int dash = value.lastIndexOf('-');
    return dash < 0 ? "" : value.substring(dash);
  }
}
