package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** lakecopy check against S3Proxy. */
class S3ProxyCheckIT extends CheckContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }
}
