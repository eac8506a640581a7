package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** The listing on the executors against S3Mock. */
class S3MockListingIT extends ListingContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3MOCK, true, true);
  }
}
