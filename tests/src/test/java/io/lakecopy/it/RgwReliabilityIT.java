package io.lakecopy.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault injection against Ceph RGW 16.2, which verifies SigV4 signatures (the fault proxy forwards the
 * signed Host header unchanged). Objects copied in parts arrive without tags (see {@link RgwFixture}); the
 * other deviations are listed on {@link RgwCopyIT}. RGW ignores x-amz-copy-source-if-match on UploadPartCopy, and
 * the contract's sourceOverwrittenMidCopy test runs here unchanged: the pinned source HEAD before completing
 * catches the rewrite.
 */
@ExtendWith(RgwFixture.class)
class RgwReliabilityIT extends ReliabilityContractIT {
  @Override
  Fixture fixture() {
    return RgwFixture.fixture();
  }
}
