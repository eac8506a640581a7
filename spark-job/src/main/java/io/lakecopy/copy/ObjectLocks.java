package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import java.io.Serializable;
import java.time.Instant;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code --object-lock copy}: a source's Object Lock retention and legal hold, set on its copy once the copy is
 * verified, never before. A lock set at the copy's creation would make a copy that fails verification undeletable
 * (COMPLIANCE mode cannot be shortened or removed by anyone): so the copy is written unlocked, proved right, and
 * only then locked, on exactly the version the copy wrote.
 */
public final class ObjectLocks {
  private ObjectLocks() {}

  /**
   * A source version's lock.
   *
   * @param mode GOVERNANCE or COMPLIANCE, or null for no retention
   * @param retainUntil the retention's end, or null for no retention
   */
  public record Lock(String mode, Instant retainUntil, boolean legalHold) implements Serializable {
    public static final Lock NONE = new Lock(null, null, false);

    public Lock {
      if ((mode == null) != (retainUntil == null)) {
        throw new IllegalArgumentException("a retention has both a mode and a date, or neither");
      }
    }

    public boolean any() {
      return mode != null || legalHold;
    }

    /** For the report: {@code GOVERNANCE until 2027-01-01T00:00:00Z, legal hold}. */
    public String describe() {
      String retention = mode == null ? "" : mode + " until " + retainUntil;
      return retention + (legalHold ? (retention.isEmpty() ? "" : ", ") + "legal hold" : "");
    }
  }

  /**
   * Reads a source version's retention and legal hold (GetObjectRetention, GetObjectLegalHold; a HEAD would answer
   * them only with the permissions and on S3 itself). An object without either (404, or 400 for a bucket without
   * Object Lock) has none. Retries: SDK only.
   *
   * @param versionId the version copied, or null for the current one
   * @throws LakecopyException of the failure's kind, naming the object
   */
  public static Lock read(S3Client s3, String bucket, String key, String versionId,
      Consumer<AwsRequestOverrideConfiguration.Builder> options) {
    String mode = null;
    Instant until = null;
    boolean hold = false;
    try {
      var retention = s3.getObjectRetention(b -> b.bucket(bucket).key(key).versionId(versionId)
          .overrideConfiguration(options)).retention();
      if (retention != null && retention.mode() != null && retention.retainUntilDate() != null) {
        mode = retention.modeAsString();
        until = retention.retainUntilDate();
      }
    } catch (SdkException e) {
      if (!noLock(e)) {
        throw failure("read the Object Lock retention of s3://" + bucket + "/" + key, e);
      }
    }
    try {
      var legalHold = s3.getObjectLegalHold(b -> b.bucket(bucket).key(key).versionId(versionId)
          .overrideConfiguration(options)).legalHold();
      hold = legalHold != null && legalHold.status() == ObjectLockLegalHoldStatus.ON;
    } catch (SdkException e) {
      if (!noLock(e)) {
        throw failure("read the Object Lock legal hold of s3://" + bucket + "/" + key, e);
      }
    }
    return new Lock(mode, until, hold);
  }

  /**
   * Sets {@code lock} on the copy's version: PutObjectRetention, then PutObjectLegalHold. Where the copy's response
   * named no version id (Ceph RGW 16.2's CopyObject), the version is the one a HEAD pinned to the copy's ETag finds;
   * never a version whose ETag is not the copy's (that could lock another writer's object at the key). Retries: SDK
   * only.
   *
   * @param eTag the copy's ETag
   * @throws LakecopyException naming the object and saying the copy stays unlocked
   */
  public static void apply(S3Client s3, String bucket, String key, String versionId, String eTag, Lock lock,
      Consumer<AwsRequestOverrideConfiguration.Builder> options) {
    requireNonNull(lock, "lock is null");
    if (!lock.any()) {
      return;
    }
    String where = "s3://" + bucket + "/" + key;
    String version = versionId;
    if (version == null && eTag != null) {
      try {
        version = s3.headObject(b -> b.bucket(bucket).key(key).ifMatch(eTag).overrideConfiguration(options))
            .versionId();
      } catch (SdkException e) {
        throw failure("lock " + where + " (" + lock.describe() + "): find the version the copy wrote (a HEAD"
            + " If-Match its ETag " + eTag + "); the copy is not locked", e);
      }
    }
    if (version == null) {
      throw new LakecopyException(ErrorKind.REQUEST_REJECTED, "lock " + where + " (" + lock.describe() + "): the"
          + " store names no version id for the copy, so it is not locked rather than lock whatever the key holds");
    }
    String copied = version;
    try {
      if (lock.mode() != null) {
        s3.putObjectRetention(b -> b.bucket(bucket).key(key).versionId(copied).retention(r -> r
            .mode(ObjectLockRetentionMode.fromValue(lock.mode())).retainUntilDate(lock.retainUntil()))
            .overrideConfiguration(options));
      }
      if (lock.legalHold()) {
        s3.putObjectLegalHold(b -> b.bucket(bucket).key(key).versionId(copied)
            .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)).overrideConfiguration(options));
      }
    } catch (SdkException e) {
      throw failure("lock " + where + " version " + copied + " (" + lock.describe() + ") after its verified copy;"
          + " the copy is not locked", e);
    }
  }

  /**
   * Before anything is written: the destination bucket has Object Lock enabled, or the run stops with exit code 2
   * naming the flag: no lock configuration, a store that does not implement Object Lock (501), or a bucket that does
   * not exist. Retries: SDK only.
   *
   * @throws LakecopyException INVALID_INPUT as above; of its kind for any other failure (access denied: exit 3)
   */
  public static void checkDestination(S3Client s3, String bucket, String flag) {
    String enabled;
    try {
      var config = s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
      enabled = config == null ? null : config.objectLockEnabledAsString();
    } catch (SdkException e) {
      String code = e instanceof S3Exception s && s.awsErrorDetails() != null
          ? String.valueOf(s.awsErrorDetails().errorCode()) : "";
      int status = e instanceof S3Exception s ? s.statusCode() : 0;
      if (code.equals("ObjectLockConfigurationNotFoundError") || status == 400 && code.equals("InvalidRequest")) {
        enabled = null; // S3; S3Mock 5.2 answers 400 InvalidRequest "Bucket is missing Object Lock Configuration"
      } else if (status == 501 || status == 405) {
        throw LakecopyException.invalidInput(flag + ": the store of bucket '" + bucket + "' does not implement"
            + " Object Lock (" + S3Errors.describe(e) + "); nothing was written");
      } else if (code.equals("NoSuchBucket")) {
        throw LakecopyException.invalidInput(flag + ": bucket '" + bucket + "' does not exist");
      } else {
        throw failure(flag + ": read the Object Lock configuration of bucket '" + bucket + "'", e);
      }
    }
    if (!"Enabled".equals(enabled)) {
      throw LakecopyException.invalidInput(flag + ": bucket '" + bucket + "' has no Object Lock, so the copies'"
          + " retention and legal hold cannot be set; create the bucket with Object Lock, or leave the flag out."
          + " Nothing was written");
    }
  }

  /**
   * Whether a read of a lock failed because there is none: 404 NoSuchObjectLockConfiguration (S3), 404 NotFound
   * (S3Mock 5.2), ObjectLockConfigurationNotFoundError, or 400 InvalidRequest (a bucket without Object Lock); never
   * NoSuchKey. Pure.
   */
  static boolean noLock(SdkException e) {
    if (!(e instanceof S3Exception s3)) {
      return false;
    }
    String code = s3.awsErrorDetails() == null ? "" : String.valueOf(s3.awsErrorDetails().errorCode());
    return code.equals("NoSuchObjectLockConfiguration") || code.equals("ObjectLockConfigurationNotFoundError")
        || (s3.statusCode() == 404 && code.equals("NotFound"))
        || (s3.statusCode() == 400 && code.equals("InvalidRequest"));
  }

  private static LakecopyException failure(String what, SdkException e) {
    return new LakecopyException(S3Errors.classify(e), what + ": " + S3Errors.describe(e), e);
  }
}
