package io.lakecopy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakecopy.s3.AssumeRole;
import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.SseCustomerKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientOptionsLoaderTest {
  /** A recognisable key: no message may contain it, its base64 or a piece of either. */
  private static final byte[] CANARY = "lakecopy-canary-key-0123456789AB".getBytes(StandardCharsets.US_ASCII);
  private static final String ROLE = "arn:aws:iam::111122223333:role/copier";

  @TempDir Path dir;

  private static Map<String, String> base() {
    return new HashMap<>(Map.of("source.uri", "s3://src-bucket/lake/", "dest.uri", "s3://dst-bucket/copy/"));
  }

  private static LakecopyException rejected(Map<String, String> values) {
    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> ConfigLoader.load(values));
    assertThat(e).as("no error for %s", values).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    return e;
  }

  @Test
  void load_rolesWithoutSessionName_bothSidesShareATimestampedName() {
    Map<String, String> v = base();
    v.put("source.role-arn", ROLE);
    v.put("dest.role-arn", "arn:aws:iam::444455556666:role/writer");
    v.put("dest.external-id", "shared-ext");

    ClientOptionsLoader.Sides sides = ClientOptionsLoader.load(new ConfigLoader.Values(v),
        Instant.parse("2026-12-01T10:15:30.123Z"));

    assertThat(sides.sourceRole()).contains(new AssumeRole(ROLE, null, "lakecopy-20261201T101530Z"));
    assertThat(sides.destRole()).contains(new AssumeRole("arn:aws:iam::444455556666:role/writer", "shared-ext",
        "lakecopy-20261201T101530Z"));
  }

  @Test
  void load_stsEndpointPerSide_eachRoleAssumedAtItsOwn() {
    Map<String, String> v = base();
    v.put("source.role-arn", "arn:aws:iam:::role/reader");
    v.put("source.sts-endpoint", "http://127.0.0.1:7480");
    v.put("dest.role-arn", ROLE);
    v.put("dest.sts-endpoint", " https://sts.dest.example:8443 ");
    v.put("s3.role-session-name", "nightly");

    ClientOptionsLoader.Sides sides = ClientOptionsLoader.load(new ConfigLoader.Values(v), Instant.now());

    assertThat(sides.sourceRole()).contains(new AssumeRole("arn:aws:iam:::role/reader", null, "nightly",
        "http://127.0.0.1:7480"));
    assertThat(sides.destRole()).contains(new AssumeRole(ROLE, null, "nightly", "https://sts.dest.example:8443"));
  }

  @Test
  void load_roleWithoutStsEndpoint_theSdkChooses() {
    ClientOptionsLoader.Sides sides = ClientOptionsLoader.load(new ConfigLoader.Values(withValue("dest.role-arn", ROLE)),
        Instant.now());

    assertThat(sides.destRole()).hasValueSatisfying(r -> assertThat(r.stsEndpoint()).isNull());
  }

  @Test
  void load_noCredentialFlags_noRoleAndNoOptions() {
    ClientOptionsLoader.Sides sides = ClientOptionsLoader.load(new ConfigLoader.Values(base()), Instant.now());

    assertThat(sides.sourceRole()).isEmpty();
    assertThat(sides.destRole()).isEmpty();
    assertThat(sides.source()).isEqualTo(RequestOptions.NONE);
    assertThat(sides.dest()).isEqualTo(RequestOptions.NONE);
  }

  @Test
  void load_destSseCKey_setsTheWriteAndCopySourceKeys() throws IOException {
    Path sourceKey = Files.write(dir.resolve("source.key"), CANARY);
    Path destKey = Files.writeString(dir.resolve("dest.key"), Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    Map<String, String> v = base();
    v.put("source.sse-c-key-file", sourceKey.toString());
    v.put("dest.sse-c-key-file", "file:" + destKey);

    JobConfig c = ConfigLoader.load(v);

    SseCustomerKey source = SseCustomerKey.parse(CANARY);
    SseCustomerKey dest = SseCustomerKey.parse(new byte[32]);
    assertThat(c.sourceClient().options()).isEqualTo(new RequestOptions(false, null, null, source, null,
        Encryption.NONE, null));
    assertThat(c.destClient().options()).isEqualTo(new RequestOptions(false, null, null, dest, source,
        Encryption.NONE, null));
    assertThat(c.destClient().options().writesMd5ETags()).isFalse();
  }

  @Test
  void load_sseCKeyFiles_neverShowTheKeyInToStringOrMessages() throws IOException {
    Path key = Files.write(dir.resolve("canary.key"), CANARY);
    Map<String, String> v = base();
    v.put("source.sse-c-key-file", key.toString());
    v.put("dest.sse-c-key-file", key.toString());

    JobConfig c = ConfigLoader.load(v);

    String shown = c.toString() + c.sourceClient() + c.destClient() + c.destClient().options();
    assertThat(shown).contains("SseCustomerKey[redacted]").doesNotContain(new String(CANARY, StandardCharsets.US_ASCII))
        .doesNotContain(Base64.getEncoder().encodeToString(CANARY)).doesNotContain("canary-key");
  }

  @Test
  void load_sseCKeyOfWrongLength_exit2NamingFlagWithoutQuotingTheFile() throws IOException {
    byte[] shortKey = java.util.Arrays.copyOf(CANARY, 16);
    Path raw = Files.write(dir.resolve("short.key"), shortKey);
    Path base64 = Files.writeString(dir.resolve("short.b64"), Base64.getEncoder().encodeToString(shortKey));
    Map<String, String> v = base();

    v.put("source.sse-c-key-file", raw.toString());
    LakecopyException notBase64 = rejected(v);
    v.put("source.sse-c-key-file", base64.toString());
    LakecopyException wrongLength = rejected(v);

    assertThat(notBase64.getMessage()).contains("--source-sse-c-key-file (source.sse-c-key-file)", raw.toString(),
        "16 bytes", "32 raw bytes");
    assertThat(wrongLength.getMessage()).contains("--source-sse-c-key-file", "16-byte", "32 bytes");
    for (LakecopyException e : java.util.List.of(notBase64, wrongLength)) {
      assertThat(e.getMessage()).doesNotContain("canary").doesNotContain(Base64.getEncoder().encodeToString(shortKey));
    }
  }

  @Test
  void load_sseCKeyFileWithAKeyCharacterThatIsNotBase64_messageQuotesNoCharacterOfIt() throws IOException {
    // A 40-byte file that is not base64: the JDK decoder's own message would name the bad character.
    Path key = Files.writeString(dir.resolve("bad.key"), "lakecopy~canary~key~0123456789ABCDEFGHIJ");

    LakecopyException e = rejected(withValue("dest.sse-c-key-file", key.toString()));

    assertThat(e.getMessage()).contains("--dest-sse-c-key-file", "not base64").doesNotContain("~")
        .doesNotContain("Illegal base64 character").doesNotContain("canary");
  }

  @Test
  void load_keyMap_linesParsedCommentsSkippedLookupByArnOrKeyId() throws IOException {
    Path map = Files.writeString(dir.resolve("keys.txt"), String.join("\n",
        "# source key = destination key",
        "",
        "arn:aws:kms:eu-west-1:111122223333:key/aaaa1111-12ab-34cd-56ef-1234567890ab = arn:aws:kms:eu-west-1:444455556666:key/d1",
        "  bbbb2222-12ab-34cd-56ef-1234567890ab=alias/backup  ",
        "mrk-0123456789abcdef0123456789abcdef = arn:aws:kms:eu-west-1:444455556666:alias/mr"));

    Encryption e = ConfigLoader.load(withValue("dest.sse-kms-key-map", map.toString())).destClient().options()
        .encryption();

    assertThat(e.kmsKeyMap()).hasSize(3);
    assertThat(e.mappedKey("arn:aws:kms:eu-west-1:111122223333:key/aaaa1111-12ab-34cd-56ef-1234567890ab"))
        .contains("arn:aws:kms:eu-west-1:444455556666:key/d1");
    assertThat(e.mappedKey("arn:aws:kms:us-east-1:111122223333:key/bbbb2222-12ab-34cd-56ef-1234567890ab"))
        .contains("alias/backup");
    assertThat(e.mappedKey("arn:aws:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef"))
        .contains("arn:aws:kms:eu-west-1:444455556666:alias/mr");
    assertThat(e.mappedKey("arn:aws:kms:eu-west-1:111122223333:key/cccc3333-12ab-34cd-56ef-1234567890ab")).isEmpty();
    assertThat(e.mappedKey(null)).isEmpty();
    assertThat(e.sse()).isNull();
    assertThat(e.mappedMode()).isEqualTo("aws:kms");
  }

  @Test
  void load_keyMapWithABadLine_exit2NamingFileAndLine() throws IOException {
    Path map = Files.writeString(dir.resolve("keys.txt"), "# ok\nkey-a = key-b\nkey-c key-d\n");

    LakecopyException e = rejected(withValue("dest.sse-kms-key-map", map.toString()));

    assertThat(e.getMessage()).contains("--sse-kms-key-map (dest.sse-kms-key-map)", map + " line 3", "'key-c key-d'",
        "SOURCE-KEY = DEST-KEY");
  }

  @Test
  void load_keyMapProblems_eachNamedByLine() throws IOException {
    Map<String, String> cases = Map.of(
        "a = b = c", "line 1",
        "a = \n", "line 1",
        "x = y\nx = z", "line 2: source key 'x' is mapped twice",
        "alias/src = dst", "is an alias",
        "# only a comment", "no SOURCE-KEY = DEST-KEY line",
        "key one = dst", "'key one' is not a KMS key id");
    int n = 0;
    for (var c : cases.entrySet()) {
      Path map = Files.writeString(dir.resolve("map-" + n++), c.getKey());

      LakecopyException e = rejected(withValue("dest.sse-kms-key-map", map.toString()));

      assertThat(e.getMessage()).as(c.getKey()).contains("--sse-kms-key-map", c.getValue());
    }
  }

  @Test
  void load_encryptionCombinations_validOnesAcceptedOthersExit2NamingBothFlags() throws IOException {
    Path key = Files.write(dir.resolve("k"), CANARY);
    Map<String, String> dsse = base();
    dsse.put("dest.sse", "AWS:KMS:DSSE");
    dsse.put("dest.sse-kms-key-id", "arn:aws:kms:us-east-1:111122223333:key/k");
    assertThat(ConfigLoader.load(dsse).destClient().options().encryption())
        .isEqualTo(new Encryption("aws:kms:dsse", "arn:aws:kms:us-east-1:111122223333:key/k", false, Map.of()));
    assertThat(ConfigLoader.load(withValue("dest.sse", "aes256")).destClient().options().encryption().sse())
        .isEqualTo("AES256");

    Map<String, String> bucketKeyDsse = new HashMap<>(dsse);
    bucketKeyDsse.put("dest.bucket-key", "true");
    assertThat(rejected(bucketKeyDsse).getMessage()).contains("--bucket-key (dest.bucket-key)", "--sse (dest.sse)");

    Map<String, String> keyIdAes = withValue("dest.sse", "AES256");
    keyIdAes.put("dest.sse-kms-key-id", "k1");
    assertThat(rejected(keyIdAes).getMessage()).contains("--sse-kms-key-id (dest.sse-kms-key-id)", "--sse (dest.sse)",
        "AES256");

    Map<String, String> sseCAndSse = withValue("dest.sse", "aws:kms");
    sseCAndSse.put("dest.sse-c-key-file", key.toString());
    assertThat(rejected(sseCAndSse).getMessage()).contains("--dest-sse-c-key-file (dest.sse-c-key-file)",
        "--sse (dest.sse)", "exclude each other");
  }

  @Test
  void load_externalIdThatIsNotAnExternalId_messageDoesNotEchoIt() {
    Map<String, String> v = withValue("dest.role-arn", ROLE);
    v.put("dest.external-id", "secret with spaces");

    LakecopyException e = rejected(v);

    assertThat(e.getMessage()).contains("--dest-external-id (dest.external-id)", "external id")
        .doesNotContain("secret with spaces");
  }

  @Test
  void load_aclAnyCase_normalised() {
    assertThat(ConfigLoader.load(withValue("dest.acl", "Bucket-Owner-Full-Control")).destClient().options().acl())
        .isEqualTo("bucket-owner-full-control");
  }

  private static Map<String, String> withValue(String key, String value) {
    Map<String, String> v = base();
    v.put(key, value);
    return v;
  }
}
