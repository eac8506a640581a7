package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** The contract against Adobe S3Mock, the most faithful server available without Docker. */
class S3MockCopyIT extends CopyContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3MOCK, true, true);
  }
}
