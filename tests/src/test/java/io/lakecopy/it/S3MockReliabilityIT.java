package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** Fault injection against S3Mock. */
class S3MockReliabilityIT extends ReliabilityContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3MOCK, true, true);
  }
}
