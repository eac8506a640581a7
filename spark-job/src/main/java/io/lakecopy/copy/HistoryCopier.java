package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.ListingPages;
import io.lakecopy.plan.ObjectVersion;
import io.lakecopy.plan.PartPlanner;
import io.lakecopy.plan.S3VersionPages;
import io.lakecopy.plan.VersionHistory;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.Status;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.OperationCounts;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Limits;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;

/**
 * --all-versions: writes one key's history at its destination key ({@link VersionHistory}), entry after entry,
 * oldest first, each only once the one before it is written: a version with one CopyObject that names its version
 * id (or, above the multipart threshold, in parts in this call: {@link CopyInParts#copyWhole}), each proved by the
 * copier's ETag and checksum checks; a delete marker with a DeleteObject of the destination key without a version
 * id, which on a bucket with versioning enabled deletes nothing and adds a delete marker. The first entry that
 * fails stops the key: the ones after it are not written. Then the destination key's history is listed again and
 * must be what was planned, the entries written in order after those kept; that listing gives each copy its
 * destination version id. No Spark here: unit tests run it against fakes.
 *
 * <p>What it can delete: nothing. A delete marker hides the current version and keeps it, on a bucket whose
 * versioning is enabled (the run checks that before anything is written, and a DeleteObject answered without
 * {@code x-amz-delete-marker: true} stops the key as VERIFY_FAILED); a copy that fails its checks is removed by its
 * own version id ({@link OwnWrites}).
 */
public final class HistoryCopier {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryCopier.class);

  /**
   * One key: where it is, where it goes, and both histories, newest first (as listed).
   *
   * @param destHistory the destination key's history as the run listed it, newest first (empty: none)
   */
  public record Key(S3Location source, S3Location dest, List<ObjectVersion> sourceHistory,
      List<ObjectVersion> destHistory) {
    public Key {
      requireNonNull(source, "source is null");
      requireNonNull(dest, "dest is null");
      sourceHistory = List.copyOf(sourceHistory);
      destHistory = List.copyOf(destHistory);
    }
  }

  private final S3Client dest;
  private final TaskCopier copier;
  private final CopyInParts inParts;
  private final long thresholdBytes;
  private final long partSizeBytes;
  private final OperationCounts counts;
  private final int pageSize;

  /**
   * @param counts told of every request, or null
   * @param partSizeBytes the part size of versions copied in parts
   * @param thresholdBytes versions larger than this are copied in parts
   */
  public HistoryCopier(S3Client source, S3Client dest, RequestOptions destination, OperationCounts counts,
      Verification verification, boolean copyTags, long partSizeBytes, long thresholdBytes, int pageSize) {
    this.dest = requireNonNull(dest, "dest is null");
    this.counts = counts;
    this.thresholdBytes = thresholdBytes;
    this.partSizeBytes = partSizeBytes;
    this.pageSize = pageSize;
    OwnWrites own = new OwnWrites(dest, DeleteCondition.UNKNOWN, OperationCounts.onRequest(counts));
    MultipartUploads uploads = new MultipartUploads(source, dest, copyTags, new UploadRegistry(counts), null,
        destination, counts, SourcePins.Pin.SOURCE_HEAD, own, verification);
    this.copier = new TaskCopier(dest, destination, counts, SourcePins.Pin.SOURCE_HEAD, own, uploads, verification);
    this.inParts = new CopyInParts(uploads, copier::copy, destination.copySourceCustomerKey() != null,
        partSizeBytes);
  }

  /**
   * What a dry run reports of a key: the entries already at the destination SKIPPED, those to write PLANNED, or
   * the key FAILED when its destination history is not the start of the source's. Pure.
   */
  public static List<ObjectOutcome> planned(Key key) {
    VersionHistory.Plan plan = plan(key);
    List<ObjectOutcome> out = new ArrayList<>();
    if (!settled(key, plan, out)) {
      plan.toWrite().forEach(v -> out.add(outcome(key, v, Status.PLANNED, CopyMethod.NONE, null,
          v.deleteMarker() ? "delete marker" : null, 0, null)));
    }
    return out;
  }

  private static VersionHistory.Plan plan(Key key) {
    return VersionHistory.plan(VersionHistory.oldestFirst(key.sourceHistory()),
        VersionHistory.oldestFirst(key.destHistory()));
  }

  /** Adds the outcomes of a conflict, or of the entries kept; whether it was a conflict (nothing to write). */
  private static boolean settled(Key key, VersionHistory.Plan plan, List<ObjectOutcome> out) {
    if (plan.conflict() != null) {
      out.add(outcome(key, key.sourceHistory().get(0), Status.FAILED, CopyMethod.NONE, ErrorKind.DESTINATION_EXISTS,
          key.dest() + ": " + plan.conflict() + "; nothing was written to it", 0, null));
      return true;
    }
    plan.kept().forEach(k -> out.add(outcome(key, k.source(), Status.SKIPPED, CopyMethod.NONE, null,
        "already at the destination", 0, k.destVersionId())));
    return false;
  }

  /** The outcomes of the key's entries, oldest first (a key whose destination history differs: one). */
  public List<ObjectOutcome> copy(Key key) {
    return copy(key, false);
  }

  /**
   * As {@link #copy(Key)}; with {@code relist}, the destination key's history is listed again first instead of
   * taken from the key (a retried task: its failed attempt may have written part of the history since).
   */
  public List<ObjectOutcome> copy(Key key, boolean relist) {
    if (relist) {
      try {
        key = new Key(key.source(), key.dest(), key.sourceHistory(), history(key.dest()));
      } catch (SdkException e) {
        return List.of(outcome(key, key.sourceHistory().get(0), Status.FAILED, CopyMethod.NONE, S3Errors.classify(e),
            "listing the history of " + key.dest() + " before writing it: " + S3Errors.describe(e)
                + "; nothing was written", 0, null));
      }
    }
    VersionHistory.Plan plan = plan(key);
    List<ObjectOutcome> out = new ArrayList<>();
    if (settled(key, plan, out)) {
      return out;
    }
    int written = 0;
    ObjectOutcome failed = null;
    for (ObjectVersion v : plan.toWrite()) {
      if (failed != null) {
        out.add(outcome(key, v, Status.SKIPPED, CopyMethod.NONE, null, "not written: an older entry of this key"
            + " failed, and a history is written in order", 0, null));
        continue;
      }
      ObjectOutcome o = v.deleteMarker() ? marker(key, v) : version(key, v);
      out.add(o);
      if (o.status() == Status.FAILED) {
        failed = o;
      } else {
        written++;
      }
    }
    return written == 0 ? out : withDestVersions(key, plan, out, written);
  }

  private ObjectOutcome version(Key key, ObjectVersion v) {
    boolean parts = v.sizeBytes() > Math.min(thresholdBytes, S3Limits.MAX_SINGLE_COPY_BYTES);
    CopyTask task = new CopyTask(0, key.source().bucket(), key.source().key(), v.eTag(), v.copySourceVersionId(),
        key.dest().bucket(), key.dest().key(), v.storageClass(), null, 0, 0, v.sizeBytes() - 1);
    TaskOutcome t = parts ? inParts.copyWhole(task) : copier.copy(task);
    CopyMethod method = parts ? CopyMethod.MULTIPART : CopyMethod.COPY_OBJECT;
    int partCount = parts ? PartPlanner.partCount(v.sizeBytes(), partSizeBytes) : 1;
    return new ObjectOutcome(key.source(), key.dest(), v.sizeBytes(), v.eTag(), v.versionId(), t.eTag(), method,
        partCount, t.succeeded() ? Status.COPIED : Status.FAILED, t.errorKind(), t.message(), t.durationMillis(), 1,
        t.sourceChecksum(), t.destChecksum(), t.verifiedBy(), null);
  }

  private ObjectOutcome marker(Key key, ObjectVersion v) {
    long start = System.nanoTime();
    try {
      DeleteObjectResponse r = dest.deleteObject(b -> b.bucket(key.dest().bucket()).key(key.dest().key())
          .overrideConfiguration(OperationCounts.onRequest(counts)));
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (!addedMarker(r.deleteMarker(), r.versionId())) {
        LOG.error("DeleteObject of {} did not add a delete marker of its own version (x-amz-delete-marker {},"
            + " version {})", key.dest(), r.deleteMarker(), r.versionId());
        return outcome(key, v, Status.FAILED, CopyMethod.NONE, ErrorKind.VERIFY_FAILED, "DeleteObject of "
            + key.dest() + " was answered without x-amz-delete-marker: true and a version id of its own (version "
            + r.versionId() + "): is versioning still enabled on " + key.dest().bucket() + "? The rest of this"
            + " key's history is not written", millis, null);
      }
      return outcome(key, v, Status.COPIED, CopyMethod.NONE, null, "delete marker", millis, null);
    } catch (SdkException e) {
      return outcome(key, v, Status.FAILED, CopyMethod.NONE, S3Errors.classify(e), "DeleteObject of " + key.dest()
          + " (a delete marker): " + S3Errors.describe(e), (System.nanoTime() - start) / 1_000_000, null);
    }
  }

  /**
   * Whether a DeleteObject without a version id added a delete marker as a new version: {@code x-amz-delete-marker:
   * true}, and a version id other than {@code null} (a bucket whose versioning was suspended meanwhile answers a
   * marker in the null version, which replaced the key's null version). Pure.
   */
  static boolean addedMarker(Boolean deleteMarker, String versionId) {
    return Boolean.TRUE.equals(deleteMarker) && !ObjectVersion.NULL_VERSION.equals(versionId);
  }

  /**
   * The outcomes with the destination version of each entry written, from a listing of the destination key's
   * history, which must be the one listed before with the written entries after it, in order; else the entries
   * written fail DESTINATION_CHANGED (another writer wrote the key meanwhile: the copies stay, out of order).
   */
  private List<ObjectOutcome> withDestVersions(Key key, VersionHistory.Plan plan, List<ObjectOutcome> out,
      int written) {
    List<ObjectVersion> now;
    try {
      now = history(key.dest());
    } catch (SdkException e) {
      LOG.warn("Listing the versions of {} after its copy failed: {}", key.dest(), S3Errors.describe(e));
      List<ObjectOutcome> noted = new ArrayList<>(out);
      for (int i = plan.kept().size(); i < plan.kept().size() + written; i++) {
        ObjectOutcome o = noted.get(i);
        noted.set(i, o.with(o.status(), null, (o.errorMessage() == null ? "" : o.errorMessage() + "; ")
            + "written and verified, but the listing of the destination history after it failed ("
            + S3Errors.describe(e) + "): its order and destination version id were not checked"));
      }
      return noted;
    }
    List<ObjectVersion> oldestFirst = VersionHistory.oldestFirst(now);
    int before = plan.kept().size();
    List<ObjectVersion> expected = new ArrayList<>();
    plan.kept().forEach(k -> expected.add(k.source()));
    expected.addAll(plan.toWrite().subList(0, written));
    String differs = oldestFirst.size() != expected.size() ? "it has " + oldestFirst.size() + " entries, not "
        + expected.size() : null;
    for (int i = 0; differs == null && i < expected.size(); i++) {
      if (!VersionHistory.same(expected.get(i), oldestFirst.get(i))) {
        differs = "its entry " + (i + 1) + " (oldest first) is not the source's";
      }
    }
    List<ObjectOutcome> result = new ArrayList<>(out);
    for (int i = 0; i < written; i++) {
      int at = before + i;
      ObjectOutcome o = result.get(at);
      result.set(at, differs == null ? o.inDestVersion(oldestFirst.get(at).versionId())
          : o.with(Status.FAILED, ErrorKind.DESTINATION_CHANGED, "written, but the destination key's history is not"
              + " the source's after the copy (" + differs + "): another writer wrote " + key.dest()
              + " meanwhile"));
    }
    return result;
  }

  /** A key's history, newest first, as ListObjectVersions lists it now. Retries: SDK only. */
  private List<ObjectVersion> history(S3Location at) {
    ListingPages pages = new S3VersionPages(dest, at.bucket(), pageSize, counts);
    ListingPages.Page page = pages.page(at.key(), false, null, null);
    for (ListingPages.Listed l : page.objects()) {
      if (l.key().equals(at.key())) {
        return l.versions();
      }
    }
    return List.of();
  }

  /** The outcome of an entry no copy request was sent for (a delete marker's DeleteObject aside). */
  private static ObjectOutcome outcome(Key key, ObjectVersion v, Status status, CopyMethod method, ErrorKind kind,
      String message, long millis, String destVersionId) {
    return new ObjectOutcome(key.source(), key.dest(), v.sizeBytes(), v.eTag(), v.versionId(), null, method, 0,
        status, kind, message, millis, millis > 0 ? 1 : 0, null, null, null, destVersionId);
  }
}
