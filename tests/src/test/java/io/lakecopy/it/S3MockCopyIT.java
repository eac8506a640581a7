package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;
import java.util.Map;

/** The contract against Adobe S3Mock, the most faithful server available without Docker. */
class S3MockCopyIT extends CopyContractIT {
  /**
   * S3Mock accepts only the KMS keys it is started with (as ARNs), and takes and reports them as bare ids where AWS
   * takes ids or ARNs and reports ARNs.
   */
  private static final String KMS_KEY = "c0c0c0c0-12ab-34cd-56ef-1234567890ab";

  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.start(S3TestServer.Kind.S3MOCK,
        Map.of("com.adobe.testing.s3mock.store.valid-kms-keys",
        "arn:aws:kms:us-east-1:111122223333:key/" + KMS_KEY)), true, true);
  }

  /**
   * S3Mock names the SSE of a multipart upload in its CompleteMultipartUpload response (so lakecopy takes the copy
   * as encrypted, as it would on S3), but a HEAD of the completed object shows none: a store that encrypts nothing.
   */
  @Override
  boolean headShowsSseOfMultipartCopies() {
    return false;
  }

  /** S3Mock 5.2 keeps checksums, computes a multipart upload's full-object one, and checks the value Complete names. */
  @Override
  boolean answersChecksums() {
    return true;
  }

  /** S3Mock 5.2 answers GetObjectAttributes with the parts of an object written in parts. */
  @Override
  boolean tellsPartLayout() {
    return true;
  }

  @Override
  String kmsKeyId() {
    return KMS_KEY;
  }

  /** S3Mock keeps the SSE-C headers but encrypts nothing: a GET without the key returns the bytes. */
  @Override
  boolean enforcesSseC() {
    return false;
  }
}
