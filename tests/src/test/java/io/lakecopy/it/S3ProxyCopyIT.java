package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/**
 * The contract against S3Proxy (filesystem store), which checks SigV4 signatures. It deviates from
 * AWS in two ways the contract must skip: it has no object tagging API (501 NotImplemented), so the
 * job runs with --no-tags and tags are not compared; and it stores every object as STANDARD, so
 * storage classes are not compared.
 */
class S3ProxyCopyIT extends CopyContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }

  @Override
  String sseCUnsupported() {
    return "S3Proxy's filesystem store answers SSE headers with 501 NotImplemented: it holds no SSE-C objects";
  }

  @Override
  String sseKmsUnsupported() {
    return "S3Proxy's filesystem store answers SSE headers with 501 NotImplemented: it holds no SSE-KMS objects";
  }

  /** S3Proxy's filesystem store answers x-amz-server-side-encryption with 501 NotImplemented. */
  @Override
  SseS3 sseS3() {
    return SseS3.REFUSED;
  }
}
