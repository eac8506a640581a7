package io.lakecopy.cli;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.ObjectFilter;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.Status;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * --delete (mirror: remove destination objects that have no source) and --move (remove each source
 * after its copy is verified at the destination), both with DeleteObjects in batches of 1,000.
 */
final class SyncActions {
  private static final Logger LOG = LoggerFactory.getLogger(SyncActions.class);
  /** DeleteObjects takes at most 1,000 keys: https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html */
  static final int DELETE_BATCH = 1000;

  private SyncActions() {}

  /**
   * Destination objects under the prefix that no planned copy writes, excluding keys the filters
   * exclude (they are not this run's business) and the completion marker.
   *
   * @throws LakecopyException INVALID_INPUT when there are more than {@code maxDelete}: nothing is
   *     copied or deleted then
   */
  static List<S3Object> toDelete(List<ObjectPlan> plans, Map<String, S3Object> destObjects, S3Location destPrefix,
      ObjectFilter filter, String marker, int maxDelete) {
    Set<String> written = new HashSet<>();
    plans.forEach(p -> written.add(p.dest().key()));
    List<S3Object> extra = new ArrayList<>();
    for (S3Object o : destObjects.values()) {
      String relative = o.key().substring(destPrefix.key().length());
      if (!written.contains(o.key()) && filter.acceptsKey(o.key(), relative) && !relative.equals(marker)) {
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

  /** Deletes destination objects that have no source. Retries: SDK only. */
  static List<ObjectOutcome> delete(S3Client dest, String bucket, List<S3Object> objects) {
    Map<String, String> failures = deleteKeys(dest, bucket, objects.stream().map(S3Object::key).toList());
    List<ObjectOutcome> out = new ArrayList<>();
    for (S3Object o : objects) {
      String error = failures.get(o.key());
      out.add(new ObjectOutcome(null, new io.lakecopy.s3.S3Location(bucket, o.key()), o.size(), null, o.eTag(),
          CopyMethod.NONE, 0,
          error == null ? Status.DELETED : Status.FAILED, error == null ? null : ErrorKind.OTHER,
          error == null ? "no source: deleted (--delete)" : "delete failed: " + error, 0, 0));
    }
    LOG.info("--delete: removed {} of {} destination objects with no source", objects.size() - failures.size(),
        objects.size());
    return out;
  }

  /**
   * For every copied object: HEAD the destination, check size and (where comparable) ETag, then delete
   * the source. Sources whose copy failed or does not verify are kept. Retries: SDK only.
   */
  static List<ObjectOutcome> move(List<ObjectPlan> plans, List<ObjectOutcome> outcomes, S3Client source,
      S3Client dest, int parallelism) {
    List<Integer> copied = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      if (outcomes.get(i).status() == Status.COPIED) {
        copied.add(i);
      }
    }
    List<String> problems = BoundedParallel.map(copied, parallelism, "lakecopy-verify",
        i -> verify(dest, plans.get(i), outcomes.get(i)));
    List<ObjectOutcome> result = new ArrayList<>(outcomes);
    Map<String, List<Integer>> byBucket = new HashMap<>();
    for (int j = 0; j < copied.size(); j++) {
      int i = copied.get(j);
      if (problems.get(j) != null) {
        result.set(i, with(outcomes.get(i), Status.FAILED, ErrorKind.VERIFY_FAILED, problems.get(j)
            + "; the source was kept"));
      } else {
        byBucket.computeIfAbsent(plans.get(i).source().location().bucket(), b -> new ArrayList<>()).add(i);
      }
    }
    byBucket.forEach((bucket, ids) -> {
      Map<String, String> failures = deleteKeys(source, bucket,
          ids.stream().map(i -> plans.get(i).source().location().key()).toList());
      for (int i : ids) {
        String error = failures.get(plans.get(i).source().location().key());
        result.set(i, error == null ? with(outcomes.get(i), Status.MOVED, null, null)
            : with(outcomes.get(i), Status.COPIED, null, "copied, but deleting the source failed: " + error));
      }
    });
    return result;
  }

  private static String verify(S3Client dest, ObjectPlan plan, ObjectOutcome outcome) {
    try {
      HeadObjectResponse head = dest.headObject(b -> b.bucket(plan.dest().bucket()).key(plan.dest().key()));
      if (head.contentLength() != plan.source().sizeBytes()) {
        return "destination size " + head.contentLength() + " differs from the source's " + plan.source().sizeBytes();
      }
      if (outcome.destETag() != null && !outcome.destETag().equals(head.eTag())) {
        return "destination ETag " + head.eTag() + " is not the copy's " + outcome.destETag();
      }
      boolean comparable = plan.method() == CopyMethod.COPY_OBJECT && !plan.source().eTag().contains("-")
          && !head.eTag().contains("-") && head.serverSideEncryption() == null
          && head.sseCustomerAlgorithm() == null; // [encryption] an SSE-C object's ETag is no MD5 of its bytes
      if (comparable && !head.eTag().equals(plan.source().eTag())) {
        return "destination ETag " + head.eTag() + " differs from the source's " + plan.source().eTag();
      }
      return null;
    } catch (SdkException e) {
      return "verifying " + plan.dest() + " failed: " + S3Errors.describe(e);
    }
  }

  /** DeleteObjects in batches; returns the keys that could not be deleted, with why. Retries: SDK only. */
  private static Map<String, String> deleteKeys(S3Client s3, String bucket, List<String> keys) {
    Map<String, String> failures = new HashMap<>();
    for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
      List<ObjectIdentifier> batch = keys.subList(from, Math.min(from + DELETE_BATCH, keys.size())).stream()
          .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
      try {
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch)
            .quiet(true).build()));
        r.errors().forEach(e -> failures.put(e.key(), e.code() + " " + e.message()));
      } catch (SdkException e) {
        batch.forEach(o -> failures.put(o.key(), S3Errors.describe(e)));
      }
    }
    return failures;
  }

  private static ObjectOutcome with(ObjectOutcome o, Status status, ErrorKind kind, String message) {
    return new ObjectOutcome(o.from(), o.to(), o.sizeBytes(), o.sourceETag(), o.destETag(), o.method(),
        o.parts(), status, kind, message, o.durationMillis(), o.attempts());
  }
}
