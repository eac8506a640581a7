package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.plan.PlanRow;
import io.lakecopy.plan.WriteCondition;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.s3.AdaptiveLimit;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.ETags;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Copies the plan rows of one task, batch after batch: single CopyObjects; multipart objects this task owns from
 * create to complete (the parts of an object that fit one task's requests in flight); and the parts of uploads the
 * driver owns (objects too big for one task), whose outcomes the driver completes. No Spark here: unit tests run it
 * against fakes.
 *
 * <p>Per batch: (in a resumed wave) a HEAD of each destination, to leave alone what the dead run already copied;
 * then every upload this task owns is created (or an earlier one adopted with the parts it holds) and recorded in
 * the journal before any of its parts is copied; then all the batch's requests are sent, {@code maxInFlight} at a
 * time (one pool of threads for the whole task); then each owned upload is completed with its parts in order, or
 * aborted. The next batch is prepared and sent while the last requests of the previous one are still in flight, so
 * the slots never drain at a batch boundary; its outcomes are received after that. Whatever happens, no upload this
 * task created outlives it: the task's {@link UploadRegistry} aborts what is left in a {@code finally}, after the
 * task's requests are stopped.
 *
 * <p>Retries: each request SDK only; whole objects are retried by the driver in a later round.
 */
public final class WaveCopier {
  private static final Logger LOG = LoggerFactory.getLogger(WaveCopier.class);
  /** Requests per batch, per request in flight: enough to keep every slot busy between batch boundaries. */
  static final int BATCH_REQUESTS_PER_SLOT = 4;

  /**
   * What a wave's copy stage does, the same for every task.
   *
   * @param sourceETagMetadataKey user metadata that records the source ETag on multipart copies (update runs), or
   *     null
   * @param cautious the wave was started by a run that died: HEAD each destination first, and leave an object alone
   *     whose destination already holds it (same size and ETag)
   * @param round the copy round (1 = first attempt of every object), for the outcomes' attempt count
   * @param pins how copies are held to their planned source on this destination ({@link CopySourceProbe})
   * @param deleteCondition what the driver knows of If-Match on this destination's DeleteObject: how a copy that
   *     must not stay is deleted ({@link OwnWrites})
   * @param writes on which write requests a copy is held to what the destination listing saw at its key
   *     ({@link WriteConditions}; {@link WriteConditions#OFF} for --if-exists overwrite)
   * @param streamed the run streams its copies ({@code --copy-mode}): every request is a GetObject of the source
   *     piped into a PutObject or UploadPart ({@link StreamedCopier}) instead of a server-side copy
   * @param taskBytesPerSecond a streamed run's --bwlimit share of each task: the bytes a second its requests read from
   *     the source together ({@link BandwidthLimit}); 0 for no limit
   */
  public record Settings(int maxInFlight, boolean copyTags, String sourceETagMetadataKey, boolean cautious,
      int round, SourcePins pins, DeleteCondition deleteCondition, WriteConditions writes, Verification verification,
      boolean streamed, long taskBytesPerSecond) implements Serializable {
    /** Without --bwlimit. */
    public Settings(int maxInFlight, boolean copyTags, String sourceETagMetadataKey, boolean cautious, int round,
        SourcePins pins, DeleteCondition deleteCondition, WriteConditions writes, Verification verification,
        boolean streamed) {
      this(maxInFlight, copyTags, sourceETagMetadataKey, cautious, round, pins, deleteCondition, writes, verification,
          streamed, 0);
    }

    /** Server-side copies. */
    public Settings(int maxInFlight, boolean copyTags, String sourceETagMetadataKey, boolean cautious, int round,
        SourcePins pins, DeleteCondition deleteCondition, WriteConditions writes, Verification verification) {
      this(maxInFlight, copyTags, sourceETagMetadataKey, cautious, round, pins, deleteCondition, writes, verification,
          false);
    }

    /** Unconditional writes at the destination. */
    public Settings(int maxInFlight, boolean copyTags, String sourceETagMetadataKey, boolean cautious, int round,
        SourcePins pins, DeleteCondition deleteCondition) {
      this(maxInFlight, copyTags, sourceETagMetadataKey, cautious, round, pins, deleteCondition,
          WriteConditions.OFF, Verification.DEFAULT);
    }

    public Settings {
      requireNonNull(writes, "writes is null");
      requireNonNull(verification, "verification is null");
      requireNonNull(pins, "pins is null");
      requireNonNull(deleteCondition, "deleteCondition is null");
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be >= 1: " + maxInFlight);
      }
      if (round < 1) {
        throw new IllegalArgumentException("round must be >= 1: " + round);
      }
      if (taskBytesPerSecond < 0) {
        throw new IllegalArgumentException("taskBytesPerSecond must be >= 0: " + taskBytesPerSecond);
      }
    }
  }

  /** One plan row to copy, with the upload it belongs to where one exists (driver-owned, or adopted). */
  public record Input(PlanRow row, String uploadId) {
    public Input {
      requireNonNull(row, "row is null");
    }
  }

  /** What the task produced: an object's outcome, or a part of a driver-owned upload. */
  public sealed interface Result permits ObjectDone, PartDone {}

  /** An object's outcome. */
  public record ObjectDone(PlanRow row, ObjectOutcome outcome) implements Result {}

  /** A part of a driver-owned upload, copied or not. */
  public record PartDone(PlanRow row, String uploadId, TaskOutcome outcome) implements Result {}

  private final Settings settings;
  private final S3Client dest;
  private final MultipartUploads uploads;
  private final UploadRegistry registry;
  private final Journal journal;
  private final CopyProgress progress;
  private final io.lakecopy.s3.OperationCounts sent = new io.lakecopy.s3.OperationCounts();
  private final ParallelCopier parallel;

  /** As the full constructor, with no request options (unit tests). */
  public WaveCopier(Settings settings, S3Client source, S3Client dest, AdaptiveLimit limit, Journal journal,
      CopyProgress progress) {
    this(settings, source, dest, io.lakecopy.s3.RequestOptions.NONE, limit, journal, progress);
  }

  /**
   * @param destination the destination client's options (encryption: the KMS key map, and which ETags are MD5s)
   * @param progress the stage's accumulators, or null (unit tests)
   */
  public WaveCopier(Settings settings, S3Client source, S3Client dest, io.lakecopy.s3.RequestOptions destination,
      AdaptiveLimit limit, Journal journal, CopyProgress progress) {
    this.settings = requireNonNull(settings, "settings is null");
    this.dest = requireNonNull(dest, "dest is null");
    this.journal = requireNonNull(journal, "journal is null");
    this.progress = progress;
    this.registry = new UploadRegistry(sent);
    OwnWrites own = new OwnWrites(dest, settings.deleteCondition(), sent.onRequest());
    this.uploads = new MultipartUploads(source, dest, settings.copyTags(), registry, settings.sourceETagMetadataKey(),
        destination, sent, settings.pins().uploadPartCopy(), own, settings.verification());
    java.util.function.Function<CopyTask, TaskOutcome> copier = settings.streamed()
        ? new StreamedCopier(source, dest, uploads, destination, sent, own, settings.copyTags(),
            BandwidthLimit.forTask(settings.taskBytesPerSecond()))::copy
        : new TaskCopier(dest, destination, sent, settings.pins().copyObject(), own, uploads,
            settings.verification())::copy;
    this.parallel = new ParallelCopier(copier, settings.maxInFlight(), limit);
  }

  /** Copies every input, in batches, handing each result to {@code sink}. */
  public void copy(Iterator<Input> inputs, Consumer<Result> results) {
    Consumer<Result> sink = progress == null ? results : r -> {
      if (r instanceof ObjectDone d ? d.outcome().status() == io.lakecopy.report.Status.FAILED
          : !((PartDone) r).outcome().succeeded()) {
        progress.failed();
      }
      results.accept(r);
    };
    Input held = null;
    Sending previous = null;
    try {
      while (held != null || inputs.hasNext()) {
        Batch batch = new Batch();
        long limit = (long) settings.maxInFlight() * BATCH_REQUESTS_PER_SLOT;
        while (held != null || inputs.hasNext()) {
          Input next = held != null ? held : inputs.next();
          held = null;
          if (batch.requests >= limit && !batch.continues(next)) {
            held = next; // the rows of one owned object stay in one batch
            break;
          }
          batch.add(next);
        }
        // this batch's requests take the slots of the previous one's as they free up; then the previous is received
        Sending sending = send(batch, sink);
        if (previous != null) {
          receive(previous, sink);
        }
        previous = sending;
      }
      if (previous != null) {
        receive(previous, sink);
      }
      journal.flush();
    } finally {
      parallel.close();
      int failed = registry.abortAll(dest);
      if (failed > 0) {
        LOG.error("{} multipart uploads of this task could not be aborted; see the warnings above", failed);
      }
      if (progress != null) {
        progress.addAttempts(sent);
      }
    }
  }

  /** The rows of one batch, by kind. */
  private static final class Batch {
    final List<PlanRow> singles = new ArrayList<>();
    final Map<Long, Owned> owned = new LinkedHashMap<>();
    final List<Input> spread = new ArrayList<>();
    long requests;
    Long lastOwned;

    boolean continues(Input next) {
      return lastOwned != null && lastOwned == next.row().objectId() && !next.row().spread();
    }

    void add(Input in) {
      PlanRow r = in.row();
      requests++;
      if (!r.method().inParts()) {
        singles.add(r);
        lastOwned = null;
      } else if (r.spread()) {
        spread.add(in);
        lastOwned = null;
      } else {
        owned.computeIfAbsent(r.objectId(), id -> new Owned(in.uploadId())).rows.add(r);
        lastOwned = r.objectId();
      }
    }
  }

  /** An object this task copies from create to complete. */
  private static final class Owned {
    final List<PlanRow> rows = new ArrayList<>();
    /** An earlier run's upload to adopt, or null. */
    final String adopt;
    String uploadId;
    Map<Integer, String> known = Map.of();
    ObjectOutcome failure;
    long startNanos = System.nanoTime();

    Owned(String adopt) {
      this.adopt = adopt;
    }

    PlanRow first() {
      return rows.get(0);
    }
  }

  /** A batch whose requests are sent: what each request is for, and the uploads it owns. */
  private record Sending(List<Owned> owned, List<Object> origin, ParallelCopier.Sent sent) {}

  /** Prepares a batch (uploads created and journalled first) and sends its requests. */
  private Sending send(Batch batch, Consumer<Result> sink) {
    if (settings.cautious()) {
      leaveAloneWhatIsThere(batch, sink);
    }
    List<Owned> owned = new ArrayList<>(batch.owned.values());
    BoundedParallel.map(owned, settings.maxInFlight(), "lakecopy-start", o -> {
      start(o);
      return null;
    });
    // every upload created here, including one that replaces an adopted upload found gone
    journal.uploads(owned.stream().filter(o -> o.uploadId != null && !o.uploadId.equals(o.adopt))
        .map(o -> new Journal.Upload(o.first().objectId(), o.uploadId, o.first().dest().key())).toList());

    List<CopyTask> tasks = new ArrayList<>();
    List<Object> origin = new ArrayList<>(); // what each task is for: a single, an owned object, or a spread part
    for (PlanRow r : batch.singles) {
      tasks.add(singleTask(r));
      origin.add(r);
    }
    for (Owned o : owned) {
      if (o.failure != null) {
        continue;
      }
      for (PlanRow r : o.rows) {
        if (!o.known.containsKey(r.part().partNumber())) {
          tasks.add(partTask(r, o.uploadId));
          origin.add(o);
        }
      }
    }
    for (Input in : batch.spread) {
      tasks.add(partTask(in.row(), in.uploadId()));
      origin.add(in);
    }
    return new Sending(owned, origin, parallel.submit(tasks.iterator()));
  }

  /** Waits for a batch's requests, completes its owned uploads and hands every outcome to {@code sink}. */
  private void receive(Sending sending, Consumer<Result> sink) {
    List<TaskOutcome> results = sending.sent().await();
    List<Object> origin = sending.origin();
    List<Owned> owned = sending.owned();
    if (progress != null) {
      progress.add(results);
    }

    Map<Owned, Map<Integer, TaskOutcome>> partsOf = new HashMap<>();
    for (int i = 0; i < results.size(); i++) {
      TaskOutcome r = results.get(i);
      Object o = origin.get(i);
      if (o instanceof PlanRow single) {
        ObjectOutcome outcome = (r.succeeded()
            ? ObjectOutcome.copied(single, r.eTag(), r.copiedVersionId(), r.durationMillis(), settings.round(),
                r.message())
            : ObjectOutcome.failed(single, r.errorKind(), r.message(), r.durationMillis(), settings.round()))
            .verified(r.sourceChecksum(), r.destChecksum(), r.verifiedBy());
        if (r.succeeded()) {
          journal.done(new Journal.Done(single.objectId(), r.eTag(), r.copiedVersionId()));
        }
        sink.accept(new ObjectDone(single, outcome));
      } else if (o instanceof Owned own) {
        partsOf.computeIfAbsent(own, k -> new HashMap<>()).put(r.partNumber(), r);
      } else {
        Input in = (Input) o;
        sink.accept(new PartDone(in.row(), in.uploadId(), r));
      }
    }
    List<ObjectDone> completed = BoundedParallel.map(owned, settings.maxInFlight(), "lakecopy-complete",
        o -> new ObjectDone(o.first(), finish(o, partsOf.getOrDefault(o, Map.of()))));
    boolean anyOwned = false;
    for (ObjectDone d : completed) {
      sink.accept(d);
      anyOwned = true;
      if (d.outcome().status() == io.lakecopy.report.Status.COPIED) {
        journal.done(new Journal.Done(d.row().objectId(), d.outcome().destETag(), d.outcome().sourceVersionId()));
      }
    }
    if (anyOwned) {
      journal.flush(); // multipart copies are expensive to redo: record them at once
    } else {
      journal.flushIfDue();
    }
  }

  /**
   * A resumed wave: an object whose destination already holds exactly the source (same size and ETag) was copied
   * by the run that died; it is reported copied (so --move deletes its source) and not copied again. Owned objects
   * with an adopted upload are copied on (their destination does not exist yet). Retries: SDK only.
   */
  private void leaveAloneWhatIsThere(Batch batch, Consumer<Result> sink) {
    List<PlanRow> candidates = new ArrayList<>(batch.singles);
    batch.owned.values().stream().filter(o -> o.adopt == null).forEach(o -> candidates.add(o.first()));
    List<Optional<String>> there = BoundedParallel.map(candidates, settings.maxInFlight(), "lakecopy-head-dest",
        this::sameAtDestination);
    for (int i = 0; i < candidates.size(); i++) {
      if (there.get(i).isEmpty()) {
        continue;
      }
      PlanRow r = candidates.get(i);
      batch.singles.remove(r);
      batch.owned.remove(r.objectId());
      sink.accept(new ObjectDone(r, ObjectOutcome.copiedEarlier(r, there.get(i).get(), null)));
    }
  }

  /** The destination's ETag if it holds exactly the source, else empty. Retries: SDK only. */
  private Optional<String> sameAtDestination(PlanRow r) {
    try {
      HeadObjectResponse head = dest.headObject(b -> b.bucket(r.dest().bucket()).key(r.dest().key())
          .overrideConfiguration(sent.onRequest()));
      boolean same = head.contentLength() != null && head.contentLength() == r.source().sizeBytes()
          && ETags.same(head.eTag(), r.source().eTag());
      return same ? Optional.of(head.eTag()) : Optional.empty();
    } catch (SdkException e) {
      return Optional.empty(); // not there (or not readable): copy it
    }
  }

  /** Creates the object's upload, or adopts the earlier run's with the parts it holds. Retries: SDK only. */
  private void start(Owned o) {
    PlanRow first = o.first();
    ObjectPlan plan = objectPlan(first);
    try {
      if (o.adopt != null) {
        Optional<Map<Integer, String>> parts = uploads.existingParts(first.dest(), o.adopt,
            o.rows.stream().map(PlanRow::part).toList());
        if (parts.isPresent()) {
          o.uploadId = o.adopt;
          o.known = parts.get();
          uploads.adopted(first.dest(), o.adopt);
          return;
        }
      }
      o.uploadId = uploads.start(plan);
    } catch (LakecopyException e) {
      o.failure = ObjectOutcome.failed(first, e.kind(), e.getMessage(), millis(o), settings.round());
    }
  }

  /** Completes (or aborts) an owned upload. Retries: SDK only. */
  private ObjectOutcome finish(Owned o, Map<Integer, TaskOutcome> copied) {
    PlanRow first = o.first();
    if (o.failure != null) {
      return o.failure;
    }
    Optional<TaskOutcome> failed = copied.values().stream().filter(t -> !t.succeeded())
        .min(java.util.Comparator.comparingInt(TaskOutcome::partNumber));
    String version = copied.values().stream().map(TaskOutcome::copiedVersionId).filter(java.util.Objects::nonNull)
        .findFirst().orElse(null);
    if (failed.isPresent()) {
      uploads.abort(first.dest(), o.uploadId, null);
      TaskOutcome f = failed.get();
      return ObjectOutcome.failed(first, f.errorKind(), "part " + f.partNumber() + ": " + f.message(), millis(o),
          settings.round());
    }
    List<String> eTags = new ArrayList<>(first.partCount());
    List<String> checksums = new ArrayList<>(first.partCount());
    for (int n = 1; n <= first.partCount(); n++) {
      checksums.add(copied.containsKey(n) ? copied.get(n).destChecksum() : null);
      String eTag = copied.containsKey(n) ? copied.get(n).eTag() : o.known.get(n);
      if (eTag == null) {
        uploads.abort(first.dest(), o.uploadId, null);
        return ObjectOutcome.failed(first, ErrorKind.OTHER, "part " + n + " missing from the copy stage", millis(o),
            settings.round());
      }
      eTags.add(eTag);
    }
    try {
      MultipartUploads.Completed done = uploads.complete(objectPlan(first), o.uploadId, eTags, checksums);
      return ObjectOutcome.copied(first, done.eTag(), version, millis(o), settings.round(), done.note())
          .verified(done.sourceChecksum(), done.destChecksum(), done.by().column());
    } catch (LakecopyException e) {
      return ObjectOutcome.failed(first, e.kind(), e.getMessage(), millis(o), settings.round());
    }
  }

  private long millis(Owned o) {
    return (System.nanoTime() - o.startNanos) / 1_000_000;
  }

  private ObjectPlan objectPlan(PlanRow r) {
    return new ObjectPlan(0, r.source(), r.dest(), r.method(), r.partSizeBytes(),
        settings.writes().completeMultipartUpload() ? WriteCondition.of(r.destination()) : WriteCondition.NONE);
  }

  private CopyTask singleTask(PlanRow r) {
    var s = r.source();
    return new CopyTask(r.objectId(), s.location().bucket(), s.location().key(), s.eTag(), s.versionId(),
        r.dest().bucket(), r.dest().key(), s.storageClass(), null, 0, 0, s.sizeBytes() - 1,
        settings.writes().copyObject() ? WriteCondition.of(r.destination()) : WriteCondition.NONE);
  }

  private static CopyTask partTask(PlanRow r, String uploadId) {
    var s = r.source();
    return new CopyTask(r.objectId(), s.location().bucket(), s.location().key(), s.eTag(), s.versionId(),
        r.dest().bucket(), r.dest().key(), null, requireNonNull(uploadId, "uploadId is null"), r.part().partNumber(),
        r.part().firstByte(), r.part().lastByte());
  }

  /** For logs: a failure as text. */
  static String describe(Throwable t) {
    return S3Errors.describe(t);
  }
}
