package io.lakecopy.it;

import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

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

  /** RGW 16.2 deletes regardless of If-Match on DeleteObject (measured; see {@link RgwDataSafetyIT}). */
  @Override
  boolean honoursIfMatchOnDelete() {
    return !RgwFixture.pacific(f);
  }

  /**
   * Versioned: RGW 16.2 ignores If-Match on DeleteObject, so lakecopy moves only from versioned buckets there, deleting
   * the version a pinned HEAD finds (from an unversioned one it keeps every source: {@link RgwDataSafetyIT}).
   */
  @Override
  String moveSource() {
    String bucket = super.moveSource();
    f.s3.putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    return bucket;
  }
}
