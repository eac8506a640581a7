package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** The contract against Adobe S3Mock, the most faithful server available without Docker. */
class S3MockCopyIT extends CopyContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3MOCK, true, true);
  }

  /**
   * S3Mock names the SSE of a multipart upload in its CompleteMultipartUpload response (so lakecopy takes the copy
   * as encrypted, as it would on S3), but a HEAD of the completed object shows none: a store that encrypts nothing.
   */
  @Override
  boolean headShowsSseOfMultipartCopies() {
    return false;
  }
}
