package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** Manifest input against S3Proxy, which checks SigV4 signatures; it has no tagging, which this suite never uses. */
class S3ProxyManifestInputIT extends ManifestInputContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }
}
