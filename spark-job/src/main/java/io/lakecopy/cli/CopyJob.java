package io.lakecopy.cli;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.IfExists;
import io.lakecopy.config.JobConfig;
import io.lakecopy.copy.MultipartUploads;
import io.lakecopy.copy.UploadRegistry;
import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.CopyPlanner;
import io.lakecopy.plan.Decider;
import io.lakecopy.plan.Decision;
import io.lakecopy.plan.DeleteScope;
import io.lakecopy.plan.ManifestEntry;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.report.Ledger;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.ReportWriter;
import io.lakecopy.report.Status;
import io.lakecopy.report.Summary;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One run on the driver: check, discover, plan, copy (in rounds, see {@link CopyRun}), report. The
 * driver owns every upload id; whatever happens, none is left when run() returns or the JVM stops.
 */
public final class CopyJob {
  private static final Logger LOG = LoggerFactory.getLogger(CopyJob.class);
  /** Uploads S3 lists as started up to this long before the run began may still be the run's own (clock skew). */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** What a run produced. */
  public record Result(List<ObjectOutcome> outcomes, Summary summary, Optional<String> reportLocation) {}

  private final SparkSession spark;
  private final JobConfig config;
  private final JobListener listener;
  /** What the executors sent in the last run, by operation (the driver counts its own). */
  private Map<String, Long> executorRequests = Map.of();

  public CopyJob(SparkSession spark, JobConfig config, JobListener listener) {
    this.spark = requireNonNull(spark, "spark is null");
    this.config = requireNonNull(config, "config is null");
    this.listener = requireNonNull(listener, "listener is null");
  }

  /** Runs the job. Throws only when the run cannot go on; failed objects are outcomes. */
  public Result run() {
    long start = System.nanoTime();
    io.lakecopy.s3.RequestCounter driverRequests = new io.lakecopy.s3.RequestCounter();
    executorRequests = Map.of();
    try (S3Client source = config.sourceClient().create(driverRequests);
        S3Client dest = config.destClient().create(driverRequests)) {
      spark.sparkContext().setJobGroup("lakecopy", "lakecopy: list and plan", false);
      // No HeadBucket for the source: its listing, or for a manifest the check of each bucket the
      // manifest names, says whether it exists. A real run's destination is checked by its first
      // write (see CopyRun); a dry run writes nothing, so asks.
      if (config.dryRun()) {
        Discovery.checkBucket(dest, config.dest().bucket(), "--dest (dest.uri)");
      }
      // A resumed run writes a new report too: nothing at --report is ever replaced.
      config.report().ifPresent(r -> ReportWriter.checkWritable(spark, r));
      config.outputManifest().ifPresent(m -> ReportWriter.checkWritable(spark, m, "--output-manifest (run.output-manifest)"));
      Optional<Ledger.State> earlier = config.resume() ? Optional.of(openLedger().read()) : Optional.empty();
      earlier.ifPresent(this::checkSameRun);
      Discovery.Found found = new Discovery(spark, config, source).find();
      List<ObjectPlan> plans = comparable(CopyPlanner.plan(found.objects(), config.dest(),
          config.multipartThresholdBytes(), config.partSizeBytes(), config.keyMapper()));
      CopyPlanner.checkWrites(plans, config.source(), marker());
      LOG.info("Planned {} objects: {} single copies, {} multipart", plans.size(),
          plans.stream().filter(p -> p.method() == CopyMethod.COPY_OBJECT).count(),
          plans.stream().filter(p -> p.method() == CopyMethod.MULTIPART).count());
      List<ObjectOutcome> outcomes = config.dryRun() ? dryRun(plans, found, dest, earlier)
          : copy(plans, found, source, dest, earlier);
      outcomes.addAll(skipped(found.missing()));
      Map<String, Long> requests = new HashMap<>(driverRequests.counts());
      (config.dryRun() ? projected(plans, outcomes) : executorRequests).forEach((k, v) -> requests.merge(k, v, Long::sum));
      Summary summary = Summary.of(outcomes, Duration.ofNanos(System.nanoTime() - start))
          .withRequests(requests, config.prices(), config.dryRun());
      boolean allDenied = allDenied(outcomes);
      if (!config.dryRun()) {
        config.outputManifest().ifPresent(m -> ReportWriter.writeOutputManifest(spark, outcomes, m));
      }
      config.report().ifPresent(r -> {
        spark.sparkContext().setJobGroup("lakecopy", "lakecopy: write report", false);
        ReportWriter.write(spark, outcomes, r, config.reportFormat());
        int exitCode = allDenied ? ExitCode.CANNOT_RUN.code()
            : summary.failed() > 0 ? ExitCode.SOME_FAILED.code() : ExitCode.OK.code();
        ReportWriter.writeSummary(spark, r, summary.toJson(config.source().map(Object::toString).orElse(
            config.manifest().orElse("")), config.dest().toString(), exitCode),
            summary.failed() == 0 && summary.planned() == 0);
      });
      if (!config.dryRun() && summary.failed() == 0) {
        marker().ifPresent(m -> writeMarker(dest, m));
      }
      if (allDenied) {
        throw new LakecopyException(ErrorKind.ACCESS_DENIED, "access denied on every copy (" + outcomes.get(0)
            .errorMessage() + "); check that the destination credentials may read the source and write the"
            + " destination");
      }
      return new Result(outcomes, summary, config.report());
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private List<ObjectOutcome> copy(List<ObjectPlan> plans, Discovery.Found found, S3Client source, S3Client dest,
      Optional<Ledger.State> earlier) {
    Instant runStart = earlier.map(Ledger.State::started).orElse(Instant.now()).minus(CLOCK_SKEW);
    UploadRegistry registry = new UploadRegistry();
    Thread abortOnExit = registry.shutdownHook(config.destClient());
    Runtime.getRuntime().addShutdownHook(abortOnExit);
    try {
      Map<String, S3Object> destObjects = needsDestListing(earlier) ? listDestination(dest) : Map.of();
      Map<Integer, Decision> decisions = decide(plans, found, destObjects, earlier, dest);
      List<S3Object> extra = config.delete() ? SyncActions.toDelete(destObjects, config.dest(), mappedKeys(found),
          deleteScope(found), config.maxDelete()) : List.of();
      Optional<String> staleMarker = marker().flatMap(m -> staleMarker(dest, m));
      // Everything is known to be valid: from here on the run writes.
      Optional<Ledger> ledger = config.ledger().map(l -> config.resume() ? openLedger() : newLedger());
      staleMarker.ifPresent(eTag -> deleteStaleMarker(dest, marker().orElseThrow(), eTag));
      MultipartUploads uploads = new MultipartUploads(source, dest, config.copyTags(), registry,
          config.ifExists() == IfExists.UPDATE ? DestinationCheck.SOURCE_ETAG_METADATA : null);
      CopyRun run = new CopyRun(spark, config, uploads, dest, ledger, listener, plans);
      run.decided(decisions);
      List<ObjectPlan> toCopy = plans.stream().filter(p -> decisions.get(p.id()).copies()).toList();
      earlier.ifPresent(state -> resume(run, toCopy, state, dest, uploads));
      List<ObjectOutcome> outcomes = new ArrayList<>(run.run());
      executorRequests = run.executorRequests();
      if (config.move()) {
        outcomes = move(plans, decisions, outcomes, destObjects, source, dest);
      }
      long failed = outcomes.stream().filter(o -> o.status() == Status.FAILED).count();
      if (!extra.isEmpty() && failed > 0) {
        LOG.warn("--delete: {} objects failed, so no destination object is deleted", failed);
      } else if (!extra.isEmpty()) {
        outcomes.addAll(SyncActions.delete(dest, config.dest().bucket(), extra, config.maxConcurrency()));
      }
      return outcomes;
    } finally {
      int failed = registry.abortAll(dest);
      if (failed > 0) {
        LOG.error("{} multipart uploads could not be aborted; see the warnings above", failed);
      }
      // Only multipart copies create uploads that a lost CreateMultipartUpload response could leave behind.
      if (plans.stream().anyMatch(p -> p.method() == CopyMethod.MULTIPART)) {
        Set<String> keys = new HashSet<>();
        plans.forEach(p -> keys.add(p.dest().key()));
        reportUnrecorded(registry.unrecorded(dest, config.dest(), keys, runStart));
      }
      removeHook(abortOnExit);
    }
  }

  private boolean needsDestListing(Optional<Ledger.State> earlier) {
    return earlier.isPresent() || config.ifExists() != IfExists.OVERWRITE || config.delete()
        || (config.move() && config.previousManifest().isPresent());
  }

  /** One decision per plan (see {@link Decider}). Retries: SDK only (HEADs of incomparable destinations). */
  private Map<Integer, Decision> decide(List<ObjectPlan> plans, Discovery.Found found, Map<String, S3Object> destObjects,
      Optional<Ledger.State> earlier, S3Client dest) {
    return DestinationCheck.decide(plans, new Decider(config.ifExists(), config.move()), destObjects,
        earlier.map(Resumer::recorded).orElse(Map.of()), found.copiedBefore(), dest, config.maxConcurrency());
  }

  /** Every destination key a listed source maps to, filtered out or not: --delete never deletes those. */
  private Set<String> mappedKeys(Discovery.Found found) {
    S3Location base = config.source().orElseThrow();
    Set<String> keys = new HashSet<>();
    for (String key : found.listedKeys()) {
      try {
        keys.add(config.dest().resolve(config.keyMapper().map(key.substring(base.key().length()))).key());
      } catch (IllegalArgumentException e) {
        // a mapped key S3 cannot hold matches no destination object
      }
    }
    return keys;
  }

  private DeleteScope deleteScope(Discovery.Found found) {
    return new DeleteScope(config.source().map(S3Location::key).orElse(""), config.objectFilter(),
        found.listedPrefixes(), config.completionMarker());
  }

  /**
   * --move: every copied object, and every one the destination already holds identically, is verified and its
   * source deleted (see {@link SyncActions#move}).
   */
  private List<ObjectOutcome> move(List<ObjectPlan> plans, Map<Integer, Decision> decisions,
      List<ObjectOutcome> outcomes, Map<String, S3Object> destObjects, S3Client source, S3Client dest) {
    List<SyncActions.MoveItem> items = new ArrayList<>();
    for (ObjectPlan p : plans) {
      ObjectOutcome o = outcomes.get(p.id());
      Decision d = decisions.get(p.id());
      if (d.copies() && o.status() == Status.COPIED) {
        items.add(new SyncActions.MoveItem(p, o, p.method(), o.destETag()));
      } else if (d.action() == Decision.Action.DELETE_SOURCE) {
        items.add(new SyncActions.MoveItem(p, o, CopyMethod.NONE, destObjects.get(p.dest().key()).eTag()));
      }
    }
    List<ObjectOutcome> moved = SyncActions.move(items, source, dest, config.maxConcurrency());
    List<ObjectOutcome> result = new ArrayList<>(outcomes);
    for (int i = 0; i < items.size(); i++) {
      result.set(items.get(i).plan().id(), moved.get(i));
    }
    return result;
  }

  /** Uploads the run cannot prove are its own are reported, never aborted. */
  private static void reportUnrecorded(List<software.amazon.awssdk.services.s3.model.MultipartUpload> uploads) {
    for (var u : uploads) {
      LOG.warn("Multipart upload {} of {} (started {}) was not created by a request this run got an answer to: a"
          + " CreateMultipartUpload whose response was lost leaves one, and so does another writer of the key. It was"
          + " not aborted. If no one else writes this key, abort it: lakecopy cleanup, or aws s3api"
          + " abort-multipart-upload --key '{}' --upload-id {}", u.uploadId(), u.key(), u.initiated(), u.key(),
          u.uploadId());
    }
  }

  /** One listing of the destination prefix, by key. Retries: SDK only. */
  private Map<String, S3Object> listDestination(S3Client dest) {
    Map<String, S3Object> destObjects = new HashMap<>();
    Discovery.onBucket(config.dest().bucket(), "--dest (dest.uri)", () -> {
      for (S3Object o : dest.listObjectsV2Paginator(b -> b.bucket(config.dest().bucket())
          .prefix(config.dest().key())).contents()) {
        destObjects.put(o.key(), o);
      }
      return null;
    });
    return destObjects;
  }

  /**
   * In update runs, objects whose ETag a single CopyObject would not preserve (multipart sources) are
   * copied as multipart uploads, which record the source ETag, so that the next update can compare.
   */
  private List<ObjectPlan> comparable(List<ObjectPlan> plans) {
    if (config.ifExists() != IfExists.UPDATE) {
      return plans;
    }
    return plans.stream().map(p -> p.method() == CopyMethod.COPY_OBJECT && p.source().eTag().contains("-")
        && p.source().sizeBytes() > 0 ? new ObjectPlan(p.id(), p.source(), p.dest(), CopyMethod.MULTIPART,
        p.partSizeBytes()) : p).toList();
  }

  private void resume(CopyRun run, List<ObjectPlan> toCopy, Ledger.State state, S3Client dest,
      MultipartUploads uploads) {
    Set<String> live = new HashSet<>();
    dest.listMultipartUploadsPaginator(b -> b.bucket(config.dest().bucket()).prefix(config.dest().key())).uploads()
        .forEach(u -> live.add(u.uploadId()));
    Resumer.Decision decision = Resumer.decide(toCopy, state, live, dest);
    for (var stale : decision.stale()) {
      uploads.abort(new S3Location(config.dest().bucket(), stale.destKey()), stale.uploadId(), null);
    }
    run.adopt(decision.adopted());
  }

  private Ledger newLedger() {
    return Ledger.create(spark.sparkContext().hadoopConfiguration(), config.ledger().orElseThrow(),
        config.source().map(Object::toString).orElse(""), config.dest().toString());
  }

  private Ledger openLedger() {
    return Ledger.open(spark.sparkContext().hadoopConfiguration(), config.ledger().orElseThrow());
  }

  private void checkSameRun(Ledger.State state) {
    if (!state.dest().equals(config.dest().toString())
        || !state.source().equals(config.source().map(Object::toString).orElse(""))) {
      throw LakecopyException.invalidInput("--resume (run.resume): the ledger is of a run from '" + state.source()
          + "' to '" + state.dest() + "'; give the same --source and --dest to resume it");
    }
  }

  /** The completion marker's location, if one is asked for. */
  private Optional<S3Location> marker() {
    return config.completionMarker().map(m -> config.dest().resolve(m));
  }

  /**
   * The ETag of a stale completion marker (an empty object) at the marker's key, to be removed before copying.
   *
   * <p>Retries: SDK only.
   *
   * @throws LakecopyException INVALID_INPUT if a non-empty object is there: that is not a marker, and the run never
   *     replaces what it did not write
   */
  private Optional<String> staleMarker(S3Client dest, S3Location marker) {
    try {
      var head = dest.headObject(b -> b.bucket(marker.bucket()).key(marker.key()));
      if (head.contentLength() != null && head.contentLength() > 0) {
        throw LakecopyException.invalidInput("--completion-marker (run.completion-marker): " + marker + " holds a "
            + head.contentLength() + "-byte object, not an empty marker; refusing to replace it");
      }
      return Optional.of(head.eTag());
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return Optional.empty();
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      if (io.lakecopy.s3.S3Errors.classify(e) == ErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw new LakecopyException(io.lakecopy.s3.S3Errors.classify(e), "--completion-marker: HEAD " + marker + ": "
          + io.lakecopy.s3.S3Errors.describe(e), e);
    }
  }

  /** Removes the stale marker, only if it is still the empty object that was found. Retries: SDK only. */
  private static void deleteStaleMarker(S3Client dest, S3Location marker, String eTag) {
    Discovery.onBucket(marker.bucket(), "--dest (dest.uri)",
        () -> dest.deleteObject(b -> b.bucket(marker.bucket()).key(marker.key()).ifMatch(eTag)));
    LOG.info("Removed the stale completion marker {}", marker);
  }

  /**
   * The completion marker: an empty object under the destination prefix, written only if nothing is there (an
   * object that appeared since the stale one was removed is not replaced). Retries: SDK only.
   */
  private static void writeMarker(S3Client dest, S3Location marker) {
    try {
      dest.putObject(b -> b.bucket(marker.bucket()).key(marker.key()).ifNoneMatch("*"),
          software.amazon.awssdk.core.sync.RequestBody.empty());
      LOG.info("Wrote completion marker {}", marker);
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      if (io.lakecopy.s3.S3Errors.classify(e) != ErrorKind.SOURCE_CHANGED) {
        throw e;
      }
      LOG.warn("Completion marker {} was written by someone else during the run; left as it is", marker);
    }
  }

  /** Every object denied at the destination means the run could not run at all: exit code 3, not 1. */
  private static boolean allDenied(List<ObjectOutcome> outcomes) {
    return !outcomes.isEmpty() && outcomes.stream()
        .allMatch(o -> o.status() == Status.FAILED && o.errorKind() == ErrorKind.ACCESS_DENIED);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs and finds nothing left to abort.
    }
  }

  /**
   * The requests a real run of this plan would add to what the dry run already sent (the listing or
   * the manifest HEADs): one CopyObject per single copy; per multipart object its parts, a source
   * HEAD, GetObjectTagging unless --no-tags, Create and Complete; per move a HEAD and a DeleteObject, per --delete
   * a DeleteObject.
   */
  private Map<String, Long> projected(List<ObjectPlan> plans, List<ObjectOutcome> outcomes) {
    Map<String, Long> m = new HashMap<>();
    for (ObjectPlan p : plans) {
      if (outcomes.get(p.id()).method() == CopyMethod.NONE) {
        continue; // skipped, or (--move) only the source is deleted
      }
      if (p.method() == CopyMethod.COPY_OBJECT) {
        m.merge("CopyObject", 1L, Long::sum);
      } else {
        m.merge("UploadPartCopy", (long) p.partCount(), Long::sum);
        m.merge("HeadObject", 1L, Long::sum);
        m.merge("CreateMultipartUpload", 1L, Long::sum);
        m.merge("CompleteMultipartUpload", 1L, Long::sum);
        if (config.copyTags()) {
          m.merge("GetObjectTagging", 1L, Long::sum);
        }
      }
    }
    long deletes = outcomes.stream().filter(o -> o.source().isEmpty()).count();
    if (config.move()) {
      long moves = outcomes.stream().filter(o -> o.status() == Status.PLANNED && !o.source().isEmpty()).count();
      m.merge("HeadObject", moves, Long::sum);
      deletes += moves;
    }
    if (deletes > 0) {
      m.put("DeleteObject", deletes);
    }
    if (plans.stream().anyMatch(p -> p.method() == CopyMethod.MULTIPART && outcomes.get(p.id()).method()
        != CopyMethod.NONE)) {
      m.merge("ListMultipartUploads", 1L, Long::sum);
    }
    return m;
  }

  /**
   * The plan as report rows, each with the decision a real run would take and why; with --delete also the
   * destination objects it would remove. Sends no write request. Retries: SDK only.
   */
  private List<ObjectOutcome> dryRun(List<ObjectPlan> plans, Discovery.Found found, S3Client dest,
      Optional<Ledger.State> earlier) {
    Map<String, S3Object> destObjects = needsDestListing(earlier) ? listDestination(dest) : Map.of();
    Map<Integer, Decision> decisions = decide(plans, found, destObjects, earlier, dest);
    marker().ifPresent(m -> staleMarker(dest, m));
    List<ObjectOutcome> out = new ArrayList<>();
    for (ObjectPlan p : plans) {
      Decision d = decisions.get(p.id());
      out.add(switch (d.action()) {
        case COPY -> planned(p, p.method(), p.partCount(), Status.PLANNED, null, "would copy with "
            + (p.method() == CopyMethod.MULTIPART ? p.partCount() + " UploadPartCopy parts" : "one CopyObject")
            + (config.move() ? ", then delete the source (--move)" : "") + " (" + d.reason() + ")");
        case DELETE_SOURCE -> planned(p, CopyMethod.NONE, 0, Status.PLANNED, null, "would delete the source: "
            + d.reason());
        case FAIL -> planned(p, CopyMethod.NONE, 0, Status.FAILED, d.failureKind(), "would fail: " + d.reason());
        default -> planned(p, CopyMethod.NONE, 0, Status.SKIPPED, null, "would skip: " + d.reason());
      });
    }
    if (config.delete()) {
      for (S3Object o : SyncActions.toDelete(destObjects, config.dest(), mappedKeys(found), deleteScope(found),
          config.maxDelete())) {
        out.add(new ObjectOutcome(null, new S3Location(config.dest().bucket(), o.key()), o.size(), null, null,
            o.eTag(), CopyMethod.NONE, 0, Status.PLANNED, null, "would be deleted: no source (--delete)", 0, 0));
      }
    }
    return out;
  }

  private static ObjectOutcome planned(ObjectPlan p, CopyMethod method, int parts, Status status, ErrorKind kind,
      String message) {
    return new ObjectOutcome(p.source().location(), p.dest(), p.source().sizeBytes(), p.source().eTag(),
        p.source().versionId(), null, method, parts, status, kind, message, 0, 0);
  }

  private List<ObjectOutcome> skipped(List<ManifestEntry> missing) {
    List<ObjectOutcome> out = new ArrayList<>();
    for (ManifestEntry m : missing) {
      out.add(new ObjectOutcome(m.location(), config.dest().resolve(config.keyMapper().map(m.relativeKey())), 0, null,
          m.versionId(), null, CopyMethod.NONE, 0, Status.SKIPPED, ErrorKind.NOT_FOUND, "manifest line " + m.line()
              + ": object does not exist", 0, 0));
    }
    return out;
  }
}
