package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/**
 * --all-versions and --version-at against S3Mock, which keeps versions and delete markers. Its ListObjectVersions
 * pages count max-keys in keys and lose entries after a version-id-marker of its own: the listing here never needs
 * one (every page holds whole keys; see S3VersionPages), and the tests keep the default page size.
 */
class S3MockVersionsIT extends VersionsContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3MOCK, true, true);
  }

  /** S3Mock 5.2 dates a delete marker with the time of the version it hides (seen in its ListObjectVersions). */
  @Override
  boolean datesDeleteMarkers() {
    return false;
  }
}
