package io.lakecopy.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** lakecopy check against Ceph RGW, a real S3 implementation (see RgwFixture for when it runs). */
@ExtendWith(RgwFixture.class)
class RgwCheckIT extends CheckContractIT {
  @Override
  Fixture fixture() {
    return RgwFixture.fixture();
  }

  /** RGW encrypts with the KMS key its test cluster is configured with (see RgwService). */
  @Override
  String kmsKeyId() {
    return io.lakecopy.testing.RgwService.KMS_KEY_ID;
  }
}
