package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/**
 * The listing on the executors against S3Proxy. Its filesystem store keeps keys as files under directories, so a
 * key cannot also be the "directory" of other keys ("a" beside "a/b") and a key ending in "/" is a directory, not
 * an object: those keys are not seeded here.
 */
class S3ProxyListingIT extends ListingContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }

  @Override
  boolean keysMayBeDirectories() {
    return false;
  }
}
