package io.lakecopy.cli;

import io.lakecopy.plan.Decider;
import io.lakecopy.plan.Decision;
import io.lakecopy.plan.DestinationFacts;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Decides every planned object with {@link Decider}, from one listing of the destination prefix, the resumed
 * ledger and --previous-manifest. Where ETags cannot be compared (multipart copies), the destination's recorded
 * source ETag ({@value #SOURCE_ETAG_METADATA} metadata, written by update runs) decides: only those few objects are
 * HEADed.
 */
final class DestinationCheck {
  private static final Logger LOG = LoggerFactory.getLogger(DestinationCheck.class);
  /** User metadata that update runs put on multipart copies: the source ETag they were copied from. */
  static final String SOURCE_ETAG_METADATA = "lakecopy-source-etag";

  private DestinationCheck() {}

  /**
   * Retries: SDK only (HEAD of destination objects whose ETag is not comparable).
   *
   * @param recorded what the resumed ledger recorded, by destination key
   * @return a decision for every plan, by plan id
   */
  static Map<Integer, Decision> decide(List<ObjectPlan> plans, Decider decider, Map<String, S3Object> destObjects,
      Map<String, Decider.Recorded> recorded, Set<S3Location> copiedBefore, S3Client dest, int parallelism) {
    Map<Integer, Decision> decisions = new HashMap<>();
    List<ObjectPlan> toHead = new ArrayList<>();
    for (ObjectPlan p : plans) {
      Decision d = decider.decide(p.source(), facts(destObjects.get(p.dest().key())),
          Optional.ofNullable(recorded.get(p.dest().key())), copiedBefore.contains(p.source().location()));
      if (d.action() == Decision.Action.HEAD_DESTINATION) {
        toHead.add(p);
      } else {
        decisions.put(p.id(), d);
      }
    }
    List<Decision> headed = BoundedParallel.map(toHead, parallelism, "lakecopy-head-dest", p -> decider.decide(
        p.source(), facts(destObjects.get(p.dest().key())).map(f -> f.withRecordedSourceETag(recordedSourceETag(dest,
            p))), Optional.ofNullable(recorded.get(p.dest().key())), copiedBefore.contains(p.source().location())));
    for (int i = 0; i < toHead.size(); i++) {
      decisions.put(toHead.get(i).id(), headed.get(i));
    }
    long copies = decisions.values().stream().filter(Decision::copies).count();
    LOG.info("Decided {} objects: {} to copy, {} not ({} HEAD requests)", plans.size(), copies,
        plans.size() - copies, toHead.size());
    return decisions;
  }

  private static Optional<DestinationFacts> facts(S3Object listed) {
    return Optional.ofNullable(listed).map(o -> DestinationFacts.listed(o.size(), o.eTag(), o.lastModified()));
  }

  /** The recorded source ETag, or null if absent or the HEAD failed (then the object counts as different). */
  private static String recordedSourceETag(S3Client dest, ObjectPlan p) {
    try {
      return dest.headObject(b -> b.bucket(p.dest().bucket()).key(p.dest().key())).metadata()
          .get(SOURCE_ETAG_METADATA);
    } catch (SdkException e) {
      LOG.warn("HEAD {} failed ({}); treating it as different", p.dest(), S3Errors.describe(e));
      return null;
    }
  }
}
