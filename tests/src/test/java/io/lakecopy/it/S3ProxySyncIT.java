package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** Sync features against S3Proxy (no tagging API, no storage classes: see S3ProxyCopyIT). */
class S3ProxySyncIT extends SyncContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }
}
