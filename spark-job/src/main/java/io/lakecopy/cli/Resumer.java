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
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Decides, from an earlier run's ledger and one listing of the destination, what a resumed run still
 * has to do: objects already at the destination are done; live uploads of unchanged sources are
 * adopted with the parts they already hold; every other upload in the ledger is stale.
 */
final class Resumer {
  private static final Logger LOG = LoggerFactory.getLogger(Resumer.class);

  /** A live upload taken over from the earlier run, with the parts it already holds (by part number). */
  record Adopted(String uploadId, Map<Integer, String> partETags) {}

  /** The decision: done objects (with their destination ETag), adopted uploads, stale uploads to abort. */
  record Decision(Map<Integer, String> done, Map<Integer, Adopted> adopted, List<Ledger.Upload> stale) {}

  private Resumer() {}

  /**
   * Retries: SDK only (ListParts per upload of the ledger).
   *
   * @param destObjects the destination prefix's listing, by key
   * @param liveUploads upload ids ListMultipartUploads shows under the destination prefix
   */
  static Decision decide(List<ObjectPlan> plans, Ledger.State ledger, Map<String, S3Object> destObjects,
      Set<String> liveUploads, S3Client dest) {
    Map<Integer, String> done = new HashMap<>();
    Map<Integer, Adopted> adopted = new HashMap<>();
    Set<String> adoptedIds = new HashSet<>();
    for (ObjectPlan plan : plans) {
      String key = plan.dest().key();
      S3Object there = destObjects.get(key);
      String doneETag = alreadyThere(plan, ledger, there);
      if (doneETag != null) {
        done.put(plan.id(), doneETag);
        continue;
      }
      Ledger.Upload upload = ledger.uploads().get(key);
      if (upload == null || plan.method() != CopyMethod.MULTIPART || !upload.sourceETag().equals(plan.source().eTag())
          || upload.partSizeBytes() != plan.partSizeBytes()) {
        continue;
      }
      // ListMultipartUploads is the authority on which uploads are live; ListParts then tells their parts.
      Map<Integer, String> parts = liveUploads.contains(upload.uploadId())
          ? existingParts(dest, plan, upload.uploadId()) : null;
      if (parts != null) {
        adopted.put(plan.id(), new Adopted(upload.uploadId(), parts));
        adoptedIds.add(upload.uploadId());
      } else if (completedAfter(plan, there, ledger)) {
        done.put(plan.id(), there.eTag());
      }
    }
    List<Ledger.Upload> stale = new ArrayList<>();
    for (Ledger.Upload u : ledger.uploads().values()) {
      if (!adoptedIds.contains(u.uploadId()) && liveUploads.contains(u.uploadId())) {
        stale.add(u);
      }
    }
    LOG.info("Resuming: {} objects already at the destination, {} uploads adopted, {} stale uploads to abort",
        done.size(), adopted.size(), stale.size());
    return new Decision(done, adopted, stale);
  }

  /** The destination ETag if the object is already there as this plan would make it, else null. */
  private static String alreadyThere(ObjectPlan plan, Ledger.State ledger, S3Object there) {
    if (there == null || there.size() != plan.source().sizeBytes()) {
      return null;
    }
    Ledger.Done recorded = ledger.done().get(plan.dest().key());
    if (recorded != null && recorded.sourceETag().equals(plan.source().eTag()) && recorded.destETag().equals(there.eTag())) {
      return there.eTag();
    }
    // A single copy of a single-part object keeps its ETag (its MD5): the same ETag is the same bytes.
    boolean singlePartSource = !plan.source().eTag().contains("-");
    if (plan.method() == CopyMethod.COPY_OBJECT && singlePartSource && plan.source().eTag().equals(there.eTag())) {
      return there.eTag();
    }
    return null;
  }

  /** The earlier run completed this upload but died before recording it. */
  private static boolean completedAfter(ObjectPlan plan, S3Object there, Ledger.State ledger) {
    return there != null && there.size() == plan.source().sizeBytes()
        && there.eTag().endsWith("-" + plan.partCount() + "\"") && there.lastModified() != null
        && !there.lastModified().isBefore(ledger.started());
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
