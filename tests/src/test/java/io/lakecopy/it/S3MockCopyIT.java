package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** The contract against Adobe S3Mock, the most faithful server available without Docker. */
class S3MockCopyIT extends CopyContractIT {
  @Override
  S3TestServer.Kind serverKind() {
    return S3TestServer.Kind.S3MOCK;
  }

  @Override
  boolean supportsTagging() {
    return true;
  }

  @Override
  boolean supportsStorageClass() {
    return true;
  }
}
