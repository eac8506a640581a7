package io.lakecopy.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** --all-versions and --version-at against Ceph RGW (see RgwFixture for when it runs). */
@ExtendWith(RgwFixture.class)
class RgwVersionsIT extends VersionsContractIT {
  @Override
  Fixture fixture() {
    return RgwFixture.fixture();
  }
}
