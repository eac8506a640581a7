package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** lakecopy check against S3Proxy, which holds no SSE-KMS object (PutObject with aws:kms is 501: see S3ProxyCopyIT). */
class S3ProxyCheckIT extends CheckContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }
}
