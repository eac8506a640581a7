package io.lakecopy.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sync features against Ceph RGW 16.2. Objects copied in parts arrive without tags (see {@link
 * RgwFixture}); the other deviations are listed on {@link RgwCopyIT}. The completion marker, an empty
 * PutObject, is what found RGW 16.2.15 rejecting empty aws-chunked bodies (see S3ClientSettings).
 */
@ExtendWith(RgwFixture.class)
class RgwSyncIT extends SyncContractIT {
  @Override
  Fixture fixture() {
    return RgwFixture.fixture();
  }
}
