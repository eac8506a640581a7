package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** Sync features against S3Mock. */
class S3MockSyncIT extends SyncContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3MOCK, true, true);
  }
}
