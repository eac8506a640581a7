package io.lakecopy.cli;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.IfExists;
import io.lakecopy.config.JobConfig;
import io.lakecopy.copy.MultipartUploads;
import io.lakecopy.copy.UploadRegistry;
import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.CopyPlanner;
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
      // [owner guards] A bucket of another account than --expected-*-owner stops the run here (exit code 2).
      config.source().ifPresent(s -> io.lakecopy.s3.BucketOwnerCheck.check(config.sourceClient(), source, s,
          io.lakecopy.config.CliOption.EXPECTED_SOURCE_OWNER.display()));
      io.lakecopy.s3.BucketOwnerCheck.check(config.destClient(), dest, config.dest(),
          io.lakecopy.config.CliOption.EXPECTED_DEST_OWNER.display());
      // No HeadBucket for the source: its listing, or for a manifest the check of each bucket the
      // manifest names, says whether it exists. A real run's destination is checked by its first
      // write (see CopyRun); a dry run writes nothing, so asks.
      if (config.dryRun()) {
        Discovery.checkBucket(dest, config.dest().bucket(), "--dest (dest.uri)");
      }
      if (!config.resume()) {
        config.report().ifPresent(r -> ReportWriter.checkWritable(spark, r));
      }
      config.outputManifest().ifPresent(m -> ReportWriter.checkWritable(spark, m, "--output-manifest (run.output-manifest)"));
      Optional<Ledger.State> earlier = config.resume() ? Optional.of(openLedger().read()) : Optional.empty();
      earlier.ifPresent(this::checkSameRun);
      Discovery.Found found = new Discovery(spark, config, source).find();
      List<ObjectPlan> plans = comparable(CopyPlanner.plan(found.objects(), config.dest(),
          config.multipartThresholdBytes(), config.partSizeBytes(), config.keyMapper()));
      LOG.info("Planned {} objects: {} single copies, {} multipart", plans.size(),
          plans.stream().filter(p -> p.method() == CopyMethod.COPY_OBJECT).count(),
          plans.stream().filter(p -> p.method() == CopyMethod.MULTIPART).count());
      List<ObjectOutcome> outcomes = config.dryRun() ? dryRun(plans, dest) : copy(plans, source, dest, earlier);
      outcomes.addAll(skipped(found.missing()));
      for (var o : found.copiedBefore()) {
        outcomes.add(new ObjectOutcome(o.location(), config.dest().resolve(config.keyMapper()
            .map(o.relativeKey())), o.sizeBytes(), o.eTag(), null, CopyMethod.NONE, 0, Status.SKIPPED, null,
            "copied before (--previous-manifest)", 0, 0));
      }
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
        ReportWriter.write(spark, outcomes, r, config.reportFormat(), config.resume());
        int exitCode = allDenied ? ExitCode.CANNOT_RUN.code()
            : summary.failed() > 0 ? ExitCode.SOME_FAILED.code() : ExitCode.OK.code();
        ReportWriter.writeSummary(spark, r, summary.toJson(config.source().map(Object::toString).orElse(
            config.manifest().orElse("")), config.dest().toString(), exitCode),
            summary.failed() == 0 && summary.planned() == 0);
      });
      if (!config.dryRun() && summary.failed() == 0) {
        config.completionMarker().ifPresent(m -> writeMarker(dest, m));
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

  private List<ObjectOutcome> copy(List<ObjectPlan> plans, S3Client source, S3Client dest,
      Optional<Ledger.State> earlier) {
    Instant runStart = earlier.map(Ledger.State::started).orElse(Instant.now()).minus(CLOCK_SKEW);
    UploadRegistry registry = new UploadRegistry();
    Thread abortOnExit = registry.shutdownHook(config.destClient());
    Runtime.getRuntime().addShutdownHook(abortOnExit);
    try {
      Optional<Ledger> ledger = config.ledger().map(l -> config.resume() ? openLedger() : newLedger());
      MultipartUploads uploads = new MultipartUploads(source, dest, config.copyTags(), registry,
          config.ifExists() == IfExists.UPDATE ? DestinationCheck.SOURCE_ETAG_METADATA : null,
          config.destClient().options()); // [encryption] the KMS key map and the ETag rule under SSE-C/KMS
      CopyRun run = new CopyRun(spark, config, uploads, dest, ledger, listener, plans);
      Map<String, S3Object> destObjects = earlier.isPresent() || config.ifExists() != IfExists.OVERWRITE
          || config.delete() ? listDestination(dest) : Map.of();
      List<S3Object> extra = config.delete() ? SyncActions.toDelete(plans, destObjects, config.dest(),
          config.objectFilter(), config.completionMarker().orElse(null), config.maxDelete()) : List.of();
      run.leaveAlone(DestinationCheck.leaveAlone(plans, config.ifExists(), destObjects, dest, config.maxConcurrency()));
      earlier.ifPresent(state -> resume(run, plans, state, dest, uploads, destObjects));
      config.completionMarker().ifPresent(m -> Discovery.onBucket(config.dest().bucket(), "--dest (dest.uri)",
          () -> dest.deleteObject(b -> b.bucket(config.dest().bucket()).key(config.dest().key() + m))));
      List<ObjectOutcome> outcomes = new ArrayList<>(run.run());
      executorRequests = run.executorRequests();
      if (config.move()) {
        outcomes = new ArrayList<>(SyncActions.move(plans, outcomes, source, dest, config.maxConcurrency()));
      }
      long failed = outcomes.stream().filter(o -> o.status() == Status.FAILED).count();
      if (!extra.isEmpty() && failed > 0) {
        LOG.warn("--delete: {} objects failed, so no destination object is deleted", failed);
      } else if (!extra.isEmpty()) {
        outcomes.addAll(SyncActions.delete(dest, config.dest().bucket(), extra));
      }
      return outcomes;
    } finally {
      int failed = registry.abortAll(dest);
      Set<String> keys = new HashSet<>();
      plans.forEach(p -> keys.add(p.dest().key()));
      // Only multipart copies create uploads that a lost CreateMultipartUpload response could orphan.
      boolean anyMultipart = plans.stream().anyMatch(p -> p.method() == CopyMethod.MULTIPART);
      int orphans = anyMultipart ? registry.sweepOrphans(dest, config.dest(), keys, runStart) : 0;
      if (failed > 0) {
        LOG.error("{} multipart uploads could not be aborted; see the warnings above", failed);
      }
      if (orphans > 0) {
        LOG.warn("Aborted {} orphaned multipart uploads of this run's destination keys", orphans);
      }
      removeHook(abortOnExit);
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

  private void resume(CopyRun run, List<ObjectPlan> plans, Ledger.State state, S3Client dest,
      MultipartUploads uploads, Map<String, S3Object> destObjects) {
    Set<String> live = new HashSet<>();
    dest.listMultipartUploadsPaginator(b -> b.bucket(config.dest().bucket()).prefix(config.dest().key())).uploads()
        .forEach(u -> live.add(u.uploadId()));
    Resumer.Decision decision = Resumer.decide(plans, state, destObjects, live, dest);
    for (var stale : decision.stale()) {
      uploads.abort(new S3Location(config.dest().bucket(), stale.destKey()), stale.uploadId(), null);
    }
    run.alreadyDone(decision.done());
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

  /** The completion marker: an empty object under the destination prefix. Retries: SDK only. */
  private void writeMarker(S3Client dest, String marker) {
    dest.putObject(b -> b.bucket(config.dest().bucket()).key(config.dest().key() + marker),
        software.amazon.awssdk.core.sync.RequestBody.empty());
    LOG.info("Wrote completion marker {}", config.dest().resolve(marker));
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
   * HEAD, GetObjectTagging unless --no-tags, Create and Complete; deletes in batches of 1,000.
   */
  private Map<String, Long> projected(List<ObjectPlan> plans, List<ObjectOutcome> outcomes) {
    Map<String, Long> m = new HashMap<>();
    for (ObjectPlan p : plans) {
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
    long batches = (deletes + SyncActions.DELETE_BATCH - 1) / SyncActions.DELETE_BATCH;
    if (config.move()) {
      m.merge("HeadObject", (long) plans.size(), Long::sum);
      batches += (plans.size() + SyncActions.DELETE_BATCH - 1) / SyncActions.DELETE_BATCH;
    }
    if (batches > 0) {
      m.put("DeleteObjects", batches);
    }
    if (plans.stream().anyMatch(p -> p.method() == CopyMethod.MULTIPART)) {
      m.merge("ListMultipartUploads", 1L, Long::sum);
    }
    return m;
  }

  /** The plan as report rows; with --delete also the destination objects it would remove. Retries: SDK only. */
  private List<ObjectOutcome> dryRun(List<ObjectPlan> plans, S3Client dest) {
    boolean needDest = config.delete() || config.ifExists() != IfExists.OVERWRITE;
    Map<String, S3Object> destObjects = needDest ? listDestination(dest) : Map.of();
    Map<Integer, String> leftAlone = DestinationCheck.leaveAlone(plans, config.ifExists(), destObjects, dest,
        config.maxConcurrency());
    List<ObjectOutcome> out = new ArrayList<>();
    for (ObjectPlan p : plans) {
      String why = leftAlone.get(p.id());
      out.add(why != null
          ? new ObjectOutcome(p.source().location(), p.dest(), p.source().sizeBytes(),
              p.source().eTag(), null, CopyMethod.NONE, 0, Status.SKIPPED, null, "would skip: " + why, 0, 0)
          : new ObjectOutcome(p.source().location(), p.dest(), p.source().sizeBytes(),
              p.source().eTag(), null, p.method(), p.partCount(), Status.PLANNED, null, "would copy with "
                  + (p.method() == CopyMethod.MULTIPART ? p.partCount() + " UploadPartCopy parts" : "one CopyObject")
                  + (config.move() ? ", then delete the source (--move)" : ""), 0, 0));
    }
    if (config.delete()) {
      for (S3Object o : SyncActions.toDelete(plans, destObjects, config.dest(), config.objectFilter(),
          config.completionMarker().orElse(null), config.maxDelete())) {
        out.add(new ObjectOutcome(null, new S3Location(config.dest().bucket(), o.key()), o.size(), null, o.eTag(),
            CopyMethod.NONE, 0, Status.PLANNED, null, "would be deleted: no source (--delete)", 0, 0));
      }
    }
    return out;
  }

  private List<ObjectOutcome> skipped(List<ManifestEntry> missing) {
    List<ObjectOutcome> out = new ArrayList<>();
    for (ManifestEntry m : missing) {
      out.add(new ObjectOutcome(m.location(), config.dest().resolve(config.keyMapper().map(m.relativeKey())), 0, null,
          null, CopyMethod.NONE, 0, Status.SKIPPED, ErrorKind.NOT_FOUND, "manifest line " + m.line()
              + ": object does not exist", 0, 0));
    }
    return out;
  }
}
