package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** What the deleting modes must never delete, against S3Mock (versioning and SSE-S3 as on AWS). */
class S3MockDataSafetyIT extends DataSafetyContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3MOCK, true, true);
  }
}
