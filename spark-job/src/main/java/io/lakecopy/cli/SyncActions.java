package io.lakecopy.cli;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.DeleteScope;
import io.lakecopy.plan.MoveCheck;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.Status;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * --delete (mirror: remove destination objects in scope that no source maps to) and --move (remove each source
 * once its copy is verified at the destination). Every delete names exactly what was verified: a version id, or an
 * {@code If-Match} on the ETag that was listed or copied, so an object rewritten since is never deleted. Deletes are
 * single DeleteObject requests, not DeleteObjects batches: not every S3-compatible store evaluates the per-object
 * ETag of a batch (S3Mock deletes regardless), while all of them honour {@code If-Match} on DeleteObject; S3 does
 * not charge for DELETE requests.
 */
final class SyncActions {
  private static final Logger LOG = LoggerFactory.getLogger(SyncActions.class);

  private SyncActions() {}

  /**
   * Destination objects under the prefix that {@code --delete} removes: see {@link DeleteScope}.
   *
   * @param mappedKeys every destination key that a source listed under {@code --source} maps to, filtered out or not
   * @throws LakecopyException INVALID_INPUT when there are more than {@code maxDelete}: nothing is copied or
   *     deleted then
   */
  static List<S3Object> toDelete(Map<String, S3Object> destObjects, S3Location destPrefix, Set<String> mappedKeys,
      DeleteScope scope, int maxDelete) {
    List<S3Object> extra = new ArrayList<>();
    for (S3Object o : destObjects.values()) {
      String relative = o.key().substring(destPrefix.key().length());
      if (scope.deletes(relative, o.size(), o.lastModified(), mappedKeys.contains(o.key()))) {
        extra.add(o);
      }
    }
    extra.sort(java.util.Comparator.comparing(S3Object::key));
    if (maxDelete >= 0 && extra.size() > maxDelete) {
      throw LakecopyException.invalidInput("--delete would remove " + extra.size() + " destination objects, more than"
          + " --max-delete (sync.max-delete) " + maxDelete + "; nothing was copied or deleted (first: s3://"
          + destPrefix.bucket() + "/" + extra.get(0).key() + ")");
    }
    return extra;
  }

  /**
   * Deletes destination objects that have no source, each only if it still has the ETag it was listed with.
   *
   * <p>Retries: SDK only.
   */
  static List<ObjectOutcome> delete(S3Client dest, String bucket, List<S3Object> objects, int parallelism) {
    List<ObjectOutcome> out = BoundedParallel.map(objects, parallelism, "lakecopy-delete", o -> {
      S3Location at = new S3Location(bucket, o.key());
      ObjectOutcome listed = new ObjectOutcome(null, at, o.size(), null, null, o.eTag(), CopyMethod.NONE, 0,
          Status.DELETED, null, "no source: deleted (--delete)", 0, 0);
      try {
        dest.deleteObject(b -> b.bucket(bucket).key(o.key()).ifMatch(o.eTag()));
        return listed;
      } catch (SdkException e) {
        ErrorKind kind = S3Errors.classify(e);
        if (kind == ErrorKind.SOURCE_CHANGED) {
          return listed.with(Status.SKIPPED, null, "changed after it was listed, so it was kept (--delete removes"
              + " only what it listed)");
        }
        if (kind == ErrorKind.NOT_FOUND) {
          return listed.with(Status.SKIPPED, null, "already gone when it was to be deleted (--delete)");
        }
        return listed.with(Status.FAILED, ErrorKind.DELETE_FAILED, "delete failed: " + S3Errors.describe(e));
      }
    });
    LOG.info("--delete: removed {} of {} destination objects with no source",
        out.stream().filter(o -> o.status() == Status.DELETED).count(), objects.size());
    return out;
  }

  /** One source to delete after its copy: the plan, its outcome so far, and the ETag the destination must hold. */
  record MoveItem(ObjectPlan plan, ObjectOutcome outcome, CopyMethod method, String expectedDestETag) {}

  /**
   * For every item: HEAD the destination and verify it ({@link MoveCheck}); then delete exactly the copied source
   * version. A source whose copy does not verify, that changed since it was copied, or whose delete fails is kept,
   * and its object fails. Retries: SDK only.
   */
  static List<ObjectOutcome> move(List<MoveItem> items, S3Client source, S3Client dest, int parallelism) {
    return BoundedParallel.map(items, parallelism, "lakecopy-move", item -> moveOne(item, source, dest));
  }

  private static ObjectOutcome moveOne(MoveItem item, S3Client source, S3Client dest) {
    ObjectPlan plan = item.plan();
    ObjectOutcome o = item.outcome();
    MoveCheck.Verdict verdict;
    try {
      HeadObjectResponse head = dest.headObject(b -> b.bucket(plan.dest().bucket()).key(plan.dest().key()));
      MoveCheck.DestinationHead d = new MoveCheck.DestinationHead(head.contentLength(), head.eTag(),
          head.serverSideEncryptionAsString());
      verdict = MoveCheck.verify(plan.source(), item.method(), item.expectedDestETag(), d, Optional.empty());
      if (verdict.outcome() == MoveCheck.Outcome.HEAD_SOURCE) {
        verdict = MoveCheck.verify(plan.source(), item.method(), item.expectedDestETag(), d,
            Optional.of(sourceEncryption(source, plan)));
      }
    } catch (SdkException e) {
      return o.with(Status.FAILED, ErrorKind.VERIFY_FAILED, "verifying " + plan.dest() + " before deleting the source"
          + " failed: " + S3Errors.describe(e) + "; the source was kept");
    }
    if (verdict.outcome() == MoveCheck.Outcome.FAILED) {
      return o.with(Status.FAILED, verdict.failureKind(), verdict.message());
    }
    MoveCheck.SourceDelete target = MoveCheck.deleteOf(plan.source(), o.sourceVersionId());
    String done = (item.method() == CopyMethod.NONE ? "not copied: " + o.errorMessage() + "; " : "")
        + verdict.message() + "; source deleted";
    try {
      source.deleteObject(b -> b.bucket(target.source().bucket()).key(target.source().key())
          .versionId(target.versionId()).ifMatch(target.ifMatchETag()));
      return o.with(Status.MOVED, null, done);
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.SOURCE_CHANGED) {
        return o.with(Status.FAILED, ErrorKind.SOURCE_CHANGED, "copied and verified, but the source changed since it"
            + " was copied (its ETag is no longer " + plan.source().eTag() + "), so it was kept");
      }
      if (kind == ErrorKind.NOT_FOUND && target.versionId() == null) {
        return o.with(Status.MOVED, null, done.replace("; source deleted", "; the source was already gone"));
      }
      return o.with(Status.FAILED, ErrorKind.DELETE_FAILED, "copied and verified, but deleting the source failed: "
          + S3Errors.describe(e) + "; the source was kept");
    }
  }

  /** The source's server-side encryption: its header, "SSE-C" for a customer key, or "" for none. */
  private static String sourceEncryption(S3Client source, ObjectPlan plan) {
    HeadObjectResponse head = source.headObject(b -> b.bucket(plan.source().location().bucket())
        .key(plan.source().location().key()).versionId(plan.source().versionId()));
    if (head.sseCustomerAlgorithm() != null) {
      return "SSE-C";
    }
    return head.serverSideEncryptionAsString() == null ? "" : head.serverSideEncryptionAsString();
  }
}
