package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;
import java.util.Map;

/** lakecopy check against S3Mock, started with one KMS key (it accepts no other; see S3MockCopyIT). */
class S3MockCheckIT extends CheckContractIT {
  private static final String KMS_KEY = "c0c0c0c0-12ab-34cd-56ef-1234567890ab";

  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.start(S3TestServer.Kind.S3MOCK, Map.of(
        "com.adobe.testing.s3mock.store.valid-kms-keys", "arn:aws:kms:us-east-1:111122223333:key/" + KMS_KEY)),
        true, true);
  }

  @Override
  boolean answersChecksums() {
    return true;
  }

  /** S3Mock keeps the SSE-KMS headers (a HEAD shows aws:kms) but encrypts nothing: its ETags stay MD5s. */
  @Override
  String kmsKeyId() {
    return KMS_KEY;
  }
}
