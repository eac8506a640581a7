package io.lakecopy.it;

import io.lakecopy.testing.S3TestServer;

/** What the deleting modes must never delete, against S3Mock (versioning and SSE-S3 as on AWS). */
class S3MockDataSafetyIT extends DataSafetyContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3MOCK, true, true);
  }

  /**
   * S3Mock 5.2's CopyObject response has no x-amz-copy-source-version-id (measured), so lakecopy deletes a moved
   * source with If-Match on its ETag: on a versioned bucket that puts a delete marker over the copied version, which
   * is kept as a noncurrent version, and a source rewritten since its copy fails SOURCE_CHANGED. S3Mock also lists
   * a key whose current version is a delete marker (measured), so such a source is planned and fails NOT_FOUND.
   */
  @Override
  boolean movesByVersionId() {
    return false;
  }

  /** Copies over an existing key despite If-None-Match / If-Match (measured). */
  @Override
  boolean holdsCopyObjectToTheListing() {
    return false;
  }

  /** S3Mock 5.2 keeps checksums and checks the value a multipart Complete names (400 on another). */
  @Override
  boolean answersChecksums() {
    return true;
  }

  /** S3Mock 5.2.0's AbortMultipartUpload deletes the object at the upload's key (measured). */
  @Override
  boolean abortKeepsTheObjectAtItsKey() {
    return false;
  }
}
