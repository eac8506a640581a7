package io.lakecopy.cli;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.plan.PartRange;
import io.lakecopy.report.Ledger;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
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
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Decides, from an earlier run's ledger, what a resumed run does with the multipart uploads that run started:
 * live uploads of objects still to be copied, from the same source ETag and part size, are adopted with the parts
 * they already hold; every other live upload in the ledger is stale (aborted). Which objects are already done is
 * the {@link io.lakecopy.plan.Decider}'s business (see {@link #recorded}).
 */
final class Resumer {
  private static final Logger LOG = LoggerFactory.getLogger(Resumer.class);

  /** A live upload taken over from the earlier run, with the parts it already holds (by part number). */
  record Adopted(String uploadId, Map<Integer, String> partETags) {}

  /** The decision: adopted uploads by plan id, stale uploads to abort. */
  record Decision(Map<Integer, Adopted> adopted, List<Ledger.Upload> stale) {}

  private Resumer() {}

  /** What the ledger says was copied, by destination key, for the Decider. */
  static Map<String, io.lakecopy.plan.Decider.Recorded> recorded(Ledger.State ledger) {
    Map<String, io.lakecopy.plan.Decider.Recorded> recorded = new HashMap<>();
    ledger.done().forEach((key, d) -> recorded.put(key, new io.lakecopy.plan.Decider.Recorded(d.sourceETag(),
        d.destETag())));
    return recorded;
  }

  /**
   * Retries: SDK only (ListParts per upload of the ledger).
   *
   * @param toCopy the plans this run copies
   * @param liveUploads upload ids ListMultipartUploads shows under the destination prefix
   */
  static Decision decide(List<ObjectPlan> toCopy, Ledger.State ledger, Set<String> liveUploads, S3Client dest) {
    Map<Integer, Adopted> adopted = new HashMap<>();
    Set<String> adoptedIds = new HashSet<>();
    for (ObjectPlan plan : toCopy) {
      Ledger.Upload upload = ledger.uploads().get(plan.dest().key());
      if (upload == null || plan.method() != CopyMethod.MULTIPART || !upload.sourceETag().equals(plan.source().eTag())
          || upload.partSizeBytes() != plan.partSizeBytes() || !liveUploads.contains(upload.uploadId())) {
        continue;
      }
      // ListMultipartUploads is the authority on which uploads are live; ListParts then tells their parts.
      Map<Integer, String> parts = existingParts(dest, plan, upload.uploadId());
      if (parts != null) {
        adopted.put(plan.id(), new Adopted(upload.uploadId(), parts));
        adoptedIds.add(upload.uploadId());
      }
    }
    List<Ledger.Upload> stale = new ArrayList<>();
    for (Ledger.Upload u : ledger.uploads().values()) {
      if (!adoptedIds.contains(u.uploadId()) && liveUploads.contains(u.uploadId())) {
        stale.add(u);
      }
    }
    LOG.info("Resuming: {} uploads adopted, {} stale uploads to abort", adopted.size(), stale.size());
    return new Decision(adopted, stale);
  }

  /** Parts already copied into a live upload (sizes checked against the plan), or null if the upload is gone. */
  private static Map<Integer, String> existingParts(S3Client dest, ObjectPlan plan, String uploadId) {
    Map<Integer, Long> expectedSizes = new HashMap<>();
    for (PartRange r : plan.parts()) {
      expectedSizes.put(r.partNumber(), r.sizeBytes());
    }
    Map<Integer, String> parts = new HashMap<>();
    try {
      for (Part p : dest.listPartsPaginator(b -> b.bucket(plan.dest().bucket()).key(plan.dest().key())
          .uploadId(uploadId)).parts()) {
        if (p.size() != null && p.size().equals(expectedSizes.get(p.partNumber()))) {
          parts.put(p.partNumber(), p.eTag());
        }
      }
      return parts;
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.NOT_FOUND) {
        return null;
      }
      throw new LakecopyException(kind, "--resume: ListParts of upload " + uploadId + " of " + plan.dest() + ": "
          + S3Errors.describe(e), e);
    }
  }
}
