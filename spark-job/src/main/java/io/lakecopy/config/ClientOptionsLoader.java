package io.lakecopy.config;

import static io.lakecopy.config.CliOption.*;

import io.lakecopy.s3.AssumeRole;
import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.SseCustomerKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The part of {@link ConfigLoader} that turns credential and request-header flags into each side's
 * {@link AssumeRole} and {@link RequestOptions}: roles, requester pays, owner guards, encryption,
 * SSE-C keys, ACL. Every error names the flag and its config key; none quotes a key file's content.
 */
final class ClientOptionsLoader {
  private static final DateTimeFormatter SESSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /** Both sides' options, validated together (a copy's headers name both buckets). */
  record Sides(Optional<AssumeRole> sourceRole, Optional<AssumeRole> destRole, RequestOptions source,
      RequestOptions dest) {}

  private ClientOptionsLoader() {}

  static Sides load(ConfigLoader.Values v, Instant now) {
    String session = v.optional(ROLE_SESSION_NAME).orElse("lakecopy-" + SESSION_TIME.format(now));
    try {
      AssumeRole.checkSessionName(session);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(ROLE_SESSION_NAME.display() + ": " + e.getMessage());
    }
    Optional<AssumeRole> sourceRole = role(v, SOURCE_ROLE_ARN, SOURCE_EXTERNAL_ID, SOURCE_STS_ENDPOINT, session);
    Optional<AssumeRole> destRole = role(v, DEST_ROLE_ARN, DEST_EXTERNAL_ID, DEST_STS_ENDPOINT, session);
    boolean requesterPays = v.bool(REQUESTER_PAYS);
    String sourceOwner = account(v, EXPECTED_SOURCE_OWNER);
    String destOwner = account(v, EXPECTED_DEST_OWNER);
    SseCustomerKey sourceKey = v.optional(SOURCE_SSE_C_KEY_FILE).map(f -> customerKey(f, SOURCE_SSE_C_KEY_FILE))
        .orElse(null);
    SseCustomerKey destKey = v.optional(DEST_SSE_C_KEY_FILE).map(f -> customerKey(f, DEST_SSE_C_KEY_FILE))
        .orElse(null);
    Encryption encryption = encryption(v, destKey != null);
    String acl = v.optional(ACL).map(ClientOptionsLoader::acl).orElse(null);
    return new Sides(sourceRole, destRole,
        new RequestOptions(requesterPays, sourceOwner, null, sourceKey, null, Encryption.NONE, null),
        new RequestOptions(requesterPays, destOwner, sourceOwner, destKey, sourceKey, encryption, acl));
  }

  private static Optional<AssumeRole> role(ConfigLoader.Values v, CliOption arn, CliOption externalId,
      CliOption stsEndpoint, String session) {
    Optional<String> id = v.optional(externalId);
    Optional<String> sts = v.optional(stsEndpoint).map(e -> ConfigLoader.endpoint(e, stsEndpoint));
    if (v.optional(arn).isEmpty()) {
      if (id.isPresent()) {
        throw LakecopyException.invalidInput(externalId.display() + " is given without " + arn.display()
            + ": an external id is sent only when a role is assumed");
      }
      if (sts.isPresent()) {
        throw LakecopyException.invalidInput(stsEndpoint.display() + " is given without " + arn.display()
            + ": STS is called only to assume a role");
      }
      return Optional.empty();
    }
    String roleArn = v.optional(arn).orElseThrow();
    try {
      id.ifPresent(AssumeRole::checkExternalId);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(externalId.display() + ": " + e.getMessage());
    }
    try {
      return Optional.of(new AssumeRole(roleArn, id.orElse(null), session, sts.orElse(null)));
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(arn.display() + ": " + e.getMessage());
    }
  }

  private static String account(ConfigLoader.Values v, CliOption option) {
    String id = v.optional(option).orElse(null);
    try {
      RequestOptions.checkAccountId(id);
      return id;
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(option.display() + ": " + e.getMessage());
    }
  }

  private static Encryption encryption(ConfigLoader.Values v, boolean destCustomerKey) {
    Optional<String> mode = v.optional(SSE).map(ClientOptionsLoader::mode);
    Optional<String> keyId = v.optional(SSE_KMS_KEY_ID);
    boolean bucketKey = v.bool(BUCKET_KEY);
    Map<String, String> keyMap = v.optional(SSE_KMS_KEY_MAP).map(ClientOptionsLoader::keyMap).orElse(Map.of());
    if (destCustomerKey) {
      for (CliOption other : List.of(SSE, SSE_KMS_KEY_ID, SSE_KMS_KEY_MAP)) {
        if (v.optional(other).isPresent()) {
          throw LakecopyException.invalidInput(DEST_SSE_C_KEY_FILE.display() + " and " + other.display()
              + " exclude each other: a copy is encrypted either with an SSE-C key or by S3 (SSE-S3/SSE-KMS)");
        }
      }
    }
    boolean kms = mode.filter(m -> m.startsWith(Encryption.KMS)).isPresent();
    if (keyId.isPresent() && !kms) {
      throw LakecopyException.invalidInput(SSE_KMS_KEY_ID.display() + " needs " + SSE.display() + " aws:kms or "
          + "aws:kms:dsse" + mode.map(m -> " (it is " + m + ")").orElse(""));
    }
    keyId.ifPresent(k -> checkKeyId(k, SSE_KMS_KEY_ID.display()));
    if (bucketKey && !(mode.equals(Optional.of(Encryption.KMS)) || mode.isEmpty() && !keyMap.isEmpty())) {
      throw LakecopyException.invalidInput(BUCKET_KEY.display() + " needs " + SSE.display() + " aws:kms (or a "
          + SSE_KMS_KEY_MAP.flag() + "): S3 Bucket Keys exist for SSE-KMS only");
    }
    return new Encryption(mode.orElse(null), keyId.orElse(null), bucketKey, keyMap);
  }

  private static String mode(String value) {
    String v = value.strip();
    for (String m : Encryption.MODES) {
      if (m.equalsIgnoreCase(v)) {
        return m;
      }
    }
    throw LakecopyException.invalidInput(SSE.display() + ": '" + value + "' is not an encryption mode; use AES256,"
        + " aws:kms or aws:kms:dsse");
  }

  private static String acl(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!RequestOptions.isCannedAcl(v)) {
      throw LakecopyException.invalidInput(ACL.display() + ": '" + value + "' is not a canned ACL; use e.g."
          + " bucket-owner-full-control (also private, bucket-owner-read, public-read, public-read-write,"
          + " authenticated-read, aws-exec-read)");
    }
    return v;
  }

  private static void checkKeyId(String key, String where) {
    if (!Encryption.KEY_ID.matcher(key).matches()) {
      throw LakecopyException.invalidInput(where + ": '" + key + "' is not a KMS key id, key ARN or alias");
    }
  }

  /**
   * Reads a key map file: {@code SOURCE-KEY = DEST-KEY} per line, blank lines and {@code #} comments
   * ignored; every bad line is named by number.
   */
  static Map<String, String> keyMap(String file) {
    String flag = SSE_KMS_KEY_MAP.display();
    List<String> lines;
    try {
      lines = Files.readAllLines(localPath(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw LakecopyException.invalidInput(flag + ": file not found: " + file);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw LakecopyException.invalidInput(flag + ": cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = flag + " " + file + " line " + (i + 1);
      int eq = line.indexOf('=');
      if (eq < 0 || line.indexOf('=', eq + 1) >= 0) {
        throw LakecopyException.invalidInput(where + ": '" + line + "' is not SOURCE-KEY = DEST-KEY");
      }
      String from = line.substring(0, eq).strip();
      String to = line.substring(eq + 1).strip();
      checkKeyId(from, where);
      checkKeyId(to, where);
      if (from.contains("alias/")) {
        throw LakecopyException.invalidInput(where + ": '" + from + "' is an alias; S3 reports a source object's key"
            + " by its ARN, so name the source key by its id or ARN");
      }
      if (map.put(from, to) != null) {
        throw LakecopyException.invalidInput(where + ": source key '" + from + "' is mapped twice");
      }
    }
    if (map.isEmpty()) {
      throw LakecopyException.invalidInput(flag + " " + file + ": no SOURCE-KEY = DEST-KEY line");
    }
    return map;
  }

  /** Reads an SSE-C key file. Errors name the flag and the file, never a byte of it. */
  static SseCustomerKey customerKey(String file, CliOption option) {
    byte[] content;
    try {
      content = Files.readAllBytes(localPath(file));
    } catch (NoSuchFileException e) {
      throw LakecopyException.invalidInput(option.display() + ": file not found: " + file);
    } catch (IOException e) {
      throw LakecopyException.invalidInput(option.display() + ": cannot read " + file + " ("
          + e.getClass().getSimpleName() + ")");
    }
    try {
      return SseCustomerKey.parse(content);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(option.display() + ": " + file + ": " + e.getMessage());
    } finally {
      java.util.Arrays.fill(content, (byte) 0);
    }
  }

  private static Path localPath(String file) {
    return Path.of(file.startsWith("file:") ? java.net.URI.create(file).getPath() : file);
  }
}
