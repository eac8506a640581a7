package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** What the deleting modes must never delete, against S3Proxy. */
class S3ProxyDataSafetyIT extends DataSafetyContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }

  /** S3Proxy's filesystem store answers PutBucketVersioning with 501 NotImplemented. */
  @Override
  boolean supportsVersioning() {
    return false;
  }

  /** S3Proxy answers x-amz-server-side-encryption with 501 NotImplemented. */
  @Override
  boolean supportsSseS3() {
    return false;
  }

  /** Copies over an existing key despite If-None-Match / If-Match (measured). */
  @Override
  boolean holdsCopyObjectToTheListing() {
    return false;
  }
}
