package io.lakecopy.cli;

import io.lakecopy.config.IfExists;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.S3Errors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Decides from one listing of the destination prefix which objects {@code --if-exists skip|update}
 * leaves alone. For update, an object is unchanged when the sizes match and the ETags are equal, or,
 * where ETags cannot be compared (multipart copies), when the destination's recorded source ETag
 * ({@value #SOURCE_ETAG_METADATA} metadata, written by update runs) matches: only those few are HEADed.
 */
final class DestinationCheck {
  private static final Logger LOG = LoggerFactory.getLogger(DestinationCheck.class);
  /** User metadata that update runs put on multipart copies: the source ETag they were copied from. */
  static final String SOURCE_ETAG_METADATA = "lakecopy-source-etag";

  private DestinationCheck() {}

  /**
   * Retries: SDK only (HEAD of destination objects whose ETag is not comparable).
   *
   * @return plan id to the reason it is not copied
   */
  static Map<Integer, String> leaveAlone(List<ObjectPlan> plans, IfExists mode, Map<String, S3Object> destObjects,
      S3Client dest, int parallelism) {
    Map<Integer, String> skip = new HashMap<>();
    if (mode == IfExists.OVERWRITE) {
      return skip;
    }
    List<ObjectPlan> toHead = new java.util.ArrayList<>();
    for (ObjectPlan p : plans) {
      S3Object there = destObjects.get(p.dest().key());
      if (there == null) {
        continue;
      }
      if (mode == IfExists.SKIP) {
        skip.put(p.id(), "exists at the destination (--if-exists skip)");
      } else if (there.size() == p.source().sizeBytes()) {
        if (there.eTag().equals(p.source().eTag())) {
          skip.put(p.id(), "unchanged at the destination (same size and ETag)");
        } else {
          toHead.add(p);
        }
      }
    }
    List<Boolean> same = BoundedParallel.map(toHead, parallelism, "lakecopy-head-dest", p -> recordedSame(dest, p));
    for (int i = 0; i < toHead.size(); i++) {
      if (same.get(i)) {
        skip.put(toHead.get(i).id(), "unchanged at the destination (same size and recorded source ETag)");
      }
    }
    LOG.info("--if-exists {}: {} of {} objects left alone at the destination ({} HEAD requests)",
        mode.name().toLowerCase(java.util.Locale.ROOT), skip.size(), plans.size(), toHead.size());
    return skip;
  }

  private static boolean recordedSame(S3Client dest, ObjectPlan p) {
    try {
      String recorded = dest.headObject(b -> b.bucket(p.dest().bucket()).key(p.dest().key())).metadata()
          .get(SOURCE_ETAG_METADATA);
      return recorded != null && recorded.equals(io.lakecopy.s3.ETags.unquote(p.source().eTag()));
    } catch (SdkException e) {
      LOG.warn("HEAD {} failed ({}); copying it", p.dest(), S3Errors.describe(e));
      return false;
    }
  }
}
