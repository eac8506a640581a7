package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/**
 * Fault injection against S3Proxy, which verifies SigV4 signatures: the fault proxy forwards the
 * signed Host header unchanged. No tagging API and no storage classes (see S3ProxyCopyIT).
 */
class S3ProxyReliabilityIT extends ReliabilityContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }
}
