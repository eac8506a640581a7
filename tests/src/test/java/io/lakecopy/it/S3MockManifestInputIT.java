package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** Manifest input against Adobe S3Mock. */
class S3MockManifestInputIT extends ManifestInputContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3MOCK, true, true);
  }
}
