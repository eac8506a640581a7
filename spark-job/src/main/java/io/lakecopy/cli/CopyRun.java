package io.lakecopy.cli;

import io.lakecopy.config.JobConfig;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.copy.CopyTask;
import io.lakecopy.copy.MultipartUploads;
import io.lakecopy.copy.TaskOutcome;
import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.plan.PartRange;
import io.lakecopy.report.Ledger;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.Status;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.s3.S3Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy of a planned set of objects, in rounds: start the multipart uploads, copy every task on the
 * executors, complete or abort each upload, then copy again (whole object, new upload) the objects
 * that failed with a retryable error, up to {@code --object-attempts} rounds.
 *
 * <p>Retries: whole object, {@code objectAttempts} rounds; each request: SDK only.
 */
final class CopyRun {
  private static final Logger LOG = LoggerFactory.getLogger(CopyRun.class);

  private final SparkSession spark;
  private final JobConfig config;
  private final MultipartUploads uploads;
  private final S3Client dest;
  private final Optional<Ledger> ledger;
  private final JobListener listener;
  private final List<ObjectPlan> plans;
  private final String[] uploadIds;
  // Written by the parallel completes of one round (one entry per object): must be a concurrent map.
  private final Map<Integer, Map<Integer, String>> knownParts = new java.util.concurrent.ConcurrentHashMap<>();
  private final long[] startNanos;
  private final int[] attempts;
  private final ObjectOutcome[] outcomes;
  private long copyObjectAttempts;
  private long uploadPartCopyAttempts;

  /** The largest object whose copy may go alone before the stage: about one round trip of copying. */
  static final long FIRST_COPY_MAX_BYTES = 16L * 1024 * 1024;

  /** True until the run's first write to the destination has been answered. */
  private boolean firstWrite = true;

  CopyRun(SparkSession spark, JobConfig config, MultipartUploads uploads, S3Client dest, Optional<Ledger> ledger,
      JobListener listener, List<ObjectPlan> plans) {
    this.spark = spark;
    this.config = config;
    this.uploads = uploads;
    this.dest = dest;
    this.ledger = ledger;
    this.listener = listener;
    this.plans = plans;
    this.uploadIds = new String[plans.size()];
    this.startNanos = new long[plans.size()];
    this.attempts = new int[plans.size()];
    this.outcomes = new ObjectOutcome[plans.size()];
  }

  /** Marks objects found at the destination by a resumed run as done. */
  void alreadyDone(Map<Integer, String> done) {
    done.forEach((id, eTag) -> outcomes[id] = outcome(plans.get(id), Status.SKIPPED, eTag, null,
        "already at the destination (resumed run)"));
  }

  /** HTTP attempts the executors sent (retries included), by operation. */
  Map<String, Long> executorRequests() {
    Map<String, Long> m = new HashMap<>();
    if (copyObjectAttempts > 0) {
      m.put("CopyObject", copyObjectAttempts);
    }
    if (uploadPartCopyAttempts > 0) {
      m.put("UploadPartCopy", uploadPartCopyAttempts);
    }
    return m;
  }

  /** Marks objects that are not to be copied, with the reason. */
  void leaveAlone(Map<Integer, String> reasons) {
    reasons.forEach((id, why) -> outcomes[id] = outcome(plans.get(id), Status.SKIPPED, null, null, why));
  }

  /** Takes over live uploads of an earlier run, with the parts they already hold. */
  void adopt(Map<Integer, Resumer.Adopted> adopted) {
    adopted.forEach((id, a) -> {
      uploadIds[id] = a.uploadId();
      knownParts.put(id, new HashMap<>(a.partETags()));
      uploads.adopted(plans.get(id).dest(), a.uploadId());
    });
  }

  /** Runs every round; returns one outcome per plan, in plan order. */
  List<ObjectOutcome> run() {
    List<ObjectPlan> pending = plans.stream().filter(p -> outcomes[p.id()] == null).toList();
    for (int round = 1; !pending.isEmpty(); round++) {
      startUploads(pending);
      if (round == 1) {
        listener.beforeCopy(plans);
      }
      copyRound(pending, round);
      recordDone(pending);
      int finalRound = round;
      pending = pending.stream().filter(p -> retry(p, finalRound)).toList();
      if (!pending.isEmpty()) {
        LOG.warn("Round {}: {} objects failed with retryable errors; copying them again", round, pending.size());
      }
    }
    return List.of(outcomes);
  }

  /**
   * One round's copy stage and completes. A method of its own so that the round's task rows and
   * results (a million of each at scale) are garbage once it returns.
   */
  private void copyRound(List<ObjectPlan> pending, int round) {
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy: copy " + pending.size() + " objects (round " + round
        + ")", false);
    Optional<TaskOutcome> first = firstCopy(pending);
    int firstId = first.map(TaskOutcome::objectId).orElse(-1);
    List<TaskOutcome> results = new ArrayList<>();
    first.ifPresent(results::add);
    List<CopyTask> tasks = tasks(pending.stream().filter(p -> p.id() != firstId).toList());
    try (ProgressLine line = ProgressLine.start(spark.sparkContext(), tasks.size(),
        tasks.stream().mapToLong(CopyTask::sizeBytes).sum(), config.progressInterval())) {
      results.addAll(CopyStage.run(spark, tasks, config.destClient(), config.maxConcurrency(), config.partitions(),
          line.progress()));
      copyObjectAttempts += line.progress().copyObjectAttempts().value();
      uploadPartCopyAttempts += line.progress().uploadPartCopyAttempts().value();
    }
    tasks = null; // the rows have been copied: let them go before the completes build the outcomes
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy: complete uploads (round " + round + ")", false);
    finish(pending, results);
  }

  private boolean retry(ObjectPlan p, int round) {
    ObjectOutcome o = outcomes[p.id()];
    if (o.status() != Status.FAILED || !o.errorKind().retryable() || round >= config.objectAttempts()) {
      return false;
    }
    outcomes[p.id()] = null;
    uploadIds[p.id()] = null;
    knownParts.remove(p.id());
    return true;
  }

  /** Creates the uploads of pending multipart objects (not adopted ones), then records them in the ledger. */
  private void startUploads(List<ObjectPlan> pending) {
    List<ObjectPlan> toStart = pending.stream()
        .filter(p -> p.method() == CopyMethod.MULTIPART && uploadIds[p.id()] == null).toList();
    if (firstWrite && !toStart.isEmpty()) {
      ObjectPlan first = toStart.get(0);
      start(first);
      firstWriteAnswered(outcomes[first.id()] == null ? null : outcomes[first.id()].errorKind());
    }
    BoundedParallel.map(toStart, config.maxConcurrency(), "lakecopy-start", plan -> {
      if (uploadIds[plan.id()] == null && outcomes[plan.id()] == null) {
        start(plan);
      }
      return null;
    });
    ledger.ifPresent(l -> l.recordUploads(toStart.stream().filter(p -> uploadIds[p.id()] != null)
        .map(p -> new Ledger.Upload(p.dest().key(), uploadIds[p.id()], p.source().eTag(), p.partSizeBytes())).toList()));
  }

  private void start(ObjectPlan plan) {
    startNanos[plan.id()] = System.nanoTime();
    attempts[plan.id()]++;
    try {
      uploadIds[plan.id()] = uploads.start(plan);
    } catch (LakecopyException e) {
      outcomes[plan.id()] = failed(plan, e.kind(), e.getMessage());
    }
  }

  /**
   * When no multipart upload has been started, the run's first write is a single copy of the smallest
   * object, sent alone from the driver before the copy stage. It stands in for a HeadBucket of the
   * destination (one request less per run) and stops a run whose destination bucket does not exist
   * before every copy fails on its own. Its object is copied like any other: the outcome joins the
   * stage's. When even the smallest object is big, copying it alone would hold the stage back for the
   * whole copy (measured: 2 s of a 1 GiB object): a HeadBucket asks instead.
   */
  private Optional<TaskOutcome> firstCopy(List<ObjectPlan> pending) {
    if (!firstWrite) {
      return Optional.empty();
    }
    Optional<ObjectPlan> smallest = pending.stream().filter(p -> p.method() == CopyMethod.COPY_OBJECT)
        .min(Comparator.comparingLong(p -> p.source().sizeBytes()));
    if (smallest.isEmpty()) {
      return Optional.empty();
    }
    if (smallest.get().source().sizeBytes() > FIRST_COPY_MAX_BYTES) {
      firstWrite = false;
      Discovery.checkBucket(dest, config.dest().bucket(), "--dest (dest.uri)");
      return Optional.empty();
    }
    Optional<CopyTask> first = tasks(List.of(smallest.get())).stream().findFirst();
    TaskOutcome outcome = new io.lakecopy.copy.TaskCopier(dest, config.destClient().options().encryption()) // [encryption]
        .copy(first.orElseThrow());
    firstWriteAnswered(outcome.succeeded() ? null : outcome.errorKind());
    return Optional.of(outcome);
  }

  /** A first write that failed NOT_FOUND may mean the destination bucket is missing: then stop, exit 2. */
  private void firstWriteAnswered(ErrorKind failure) {
    firstWrite = false;
    if (failure == ErrorKind.NOT_FOUND) {
      Discovery.checkBucket(dest, config.dest().bucket(), "--dest (dest.uri)");
    }
  }

  private List<CopyTask> tasks(List<ObjectPlan> pending) {
    List<CopyTask> tasks = new ArrayList<>();
    for (ObjectPlan p : pending) {
      var src = p.source();
      if (p.method() == CopyMethod.COPY_OBJECT) {
        startNanos[p.id()] = System.nanoTime();
        attempts[p.id()]++;
        tasks.add(new CopyTask(p.id(), src.location().bucket(), src.location().key(), src.eTag(), src.versionId(),
            p.dest().bucket(), p.dest().key(), src.storageClass(), null, 0, 0, src.sizeBytes() - 1));
      } else if (uploadIds[p.id()] != null && outcomes[p.id()] == null) {
        Map<Integer, String> known = knownParts.getOrDefault(p.id(), Map.of());
        for (PartRange r : p.parts()) {
          if (!known.containsKey(r.partNumber())) {
            tasks.add(new CopyTask(p.id(), src.location().bucket(), src.location().key(), src.eTag(), src.versionId(),
                p.dest().bucket(), p.dest().key(), null, uploadIds[p.id()], r.partNumber(), r.firstByte(),
                r.lastByte()));
          }
        }
      }
    }
    return tasks;
  }

  /** Completes (or aborts) every multipart upload of this round and turns task outcomes into object outcomes. */
  private void finish(List<ObjectPlan> pending, List<TaskOutcome> results) {
    // Each object's results as a range of the sorted list: no map of a million small lists.
    List<TaskOutcome> sorted = results instanceof ArrayList<TaskOutcome> a ? a : new ArrayList<>(results);
    sorted.sort(Comparator.comparingInt(TaskOutcome::objectId));
    int[] from = new int[plans.size()];
    int[] to = new int[plans.size()];
    for (int i = 0; i < sorted.size(); ) {
      int id = sorted.get(i).objectId();
      int j = i;
      while (j < sorted.size() && sorted.get(j).objectId() == id) {
        j++;
      }
      from[id] = i;
      to[id] = j;
      i = j;
    }
    List<ObjectPlan> open = pending.stream().filter(p -> outcomes[p.id()] == null).toList();
    BoundedParallel.map(open, config.maxConcurrency(), "lakecopy-complete", p -> {
      outcomes[p.id()] = outcome(p, sorted.subList(from[p.id()], to[p.id()]));
      return null;
    });
  }

  private ObjectOutcome outcome(ObjectPlan plan, List<TaskOutcome> results) {
    if (plan.method() == CopyMethod.COPY_OBJECT) {
      TaskOutcome r = results.get(0);
      return r.succeeded() ? outcome(plan, Status.COPIED, r.eTag(), null, null)
          : failed(plan, r.errorKind(), r.message());
    }
    String uploadId = uploadIds[plan.id()];
    Map<Integer, String> parts = knownParts.computeIfAbsent(plan.id(), k -> new HashMap<>());
    Optional<TaskOutcome> failure = results.stream().filter(r -> !r.succeeded())
        .min(Comparator.comparingInt(TaskOutcome::partNumber));
    results.stream().filter(TaskOutcome::succeeded).forEach(r -> parts.put(r.partNumber(), r.eTag()));
    if (failure.isPresent() || parts.size() != plan.partCount()) {
      uploads.abort(plan.dest(), uploadId, null);
      TaskOutcome f = failure.orElse(null);
      return failed(plan, f == null ? ErrorKind.OTHER : f.errorKind(),
          f == null ? "parts missing from the copy stage" : "part " + f.partNumber() + ": " + f.message());
    }
    List<String> eTags = new ArrayList<>(parts.size());
    for (int n = 1; n <= parts.size(); n++) {
      eTags.add(parts.get(n));
    }
    try {
      return outcome(plan, Status.COPIED, uploads.complete(plan, uploadId, eTags), null, null);
    } catch (LakecopyException e) {
      return failed(plan, e.kind(), e.getMessage());
    }
  }

  private void recordDone(List<ObjectPlan> round) {
    ledger.ifPresent(l -> l.recordDone(round.stream()
        .filter(p -> outcomes[p.id()] != null && outcomes[p.id()].status() == Status.COPIED)
        .map(p -> new Ledger.Done(p.dest().key(), outcomes[p.id()].destETag(), p.source().eTag(),
            p.source().sizeBytes()))
        .toList()));
  }

  private ObjectOutcome failed(ObjectPlan p, ErrorKind kind, String message) {
    LOG.error("Failed to copy {} to {} (attempt {}): {} {}", p.source().location(), p.dest(), attempts[p.id()], kind,
        message);
    return outcome(p, Status.FAILED, null, kind, message);
  }

  private ObjectOutcome outcome(ObjectPlan p, Status status, String destETag, ErrorKind kind, String message) {
    long millis = startNanos[p.id()] == 0 ? 0 : (System.nanoTime() - startNanos[p.id()]) / 1_000_000;
    // A single copy's ETag is usually the source's: keep one string for both, not a million copies.
    String sourceETag = p.source().eTag();
    if (destETag != null && sourceETag != null && io.lakecopy.s3.ETags.unquote(destETag)
        .equals(io.lakecopy.s3.ETags.unquote(sourceETag))) {
      destETag = sourceETag;
    }
    return new ObjectOutcome(p.source().location(), p.dest(), p.source().sizeBytes(),
        sourceETag, destETag, status == Status.SKIPPED ? CopyMethod.NONE : p.method(),
        status == Status.SKIPPED ? 0 : p.partCount(), status, kind, message, millis, attempts[p.id()]);
  }
}
