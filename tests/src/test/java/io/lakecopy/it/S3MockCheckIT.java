package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** lakecopy check against S3Mock. */
class S3MockCheckIT extends CheckContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3MOCK, true, true);
  }
}
