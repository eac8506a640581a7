package io.lakecopy.job;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.lakecopy.config.IfExists;
import io.lakecopy.config.JobConfig;
import io.lakecopy.copy.CopySourceProbe;
import io.lakecopy.copy.DeleteCondition;
import io.lakecopy.copy.DeleteConditionProbe;
import io.lakecopy.copy.DeleteFn;
import io.lakecopy.copy.DryRunOutcomeFn;
import io.lakecopy.copy.NoSourceOutcomeFn;
import io.lakecopy.copy.OwnWrites;
import io.lakecopy.copy.SourcePins;
import io.lakecopy.copy.WaveRows;
import io.lakecopy.copy.WriteConditionProbe;
import io.lakecopy.copy.WriteConditions;
import io.lakecopy.report.ReportWriter;
import io.lakecopy.report.Summary;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.RequestCounter;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One run, on the driver, in phases that each return a value: check the locations, find the sources, plan (one
 * decision per object, written under the run's directory), copy wave after wave, delete (--delete), report. The
 * driver holds configuration, aggregates and at most one wave's driver-owned uploads; every per-object step runs
 * on the executors. Exit codes are decided in cli/, from the {@link Result}.
 */
public final class CopyJob {
  private static final Logger LOG = LoggerFactory.getLogger(CopyJob.class);
  /** Uploads S3 lists as started up to this long before the run began may still be the run's own (clock skew). */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** What a run produced. */
  public record Result(Summary summary, Optional<String> reportLocation) {}

  private final SparkSession spark;
  private final JobConfig config;
  private final JobListener listener;
  private final java.util.function.ToIntFunction<Summary> exitCodes;
  private final StartupTimes startup;
  /**
   * What finding the sources and planning sent from the executors (the driver counts its own with its clients'
   * interceptor).
   */
  private Map<String, Long> planRequests = Map.of();

  /**
   * @param exitCodes the exit code of a finished run, as cli/ decides it: written into {@code _summary.json}
   */
  public CopyJob(SparkSession spark, JobConfig config, JobListener listener,
      java.util.function.ToIntFunction<Summary> exitCodes) {
    this(spark, config, listener, exitCodes, StartupTimes.sinceJvmStart());
  }

  /** @param startup the run's start-up marks so far (arguments, Spark session); the job adds checks, plan, first copy */
  public CopyJob(SparkSession spark, JobConfig config, JobListener listener,
      java.util.function.ToIntFunction<Summary> exitCodes, StartupTimes startup) {
    this.startup = requireNonNull(startup, "startup is null");
    this.exitCodes = requireNonNull(exitCodes, "exitCodes is null");
    this.spark = requireNonNull(spark, "spark is null");
    this.config = requireNonNull(config, "config is null");
    requireNonNull(listener, "listener is null");
    this.listener = new JobListener() {
      @Override
      public void beforeCopy(int wave) {
        startup.mark("first copy");
        listener.beforeCopy(wave);
      }
    };
  }

  /** Runs the job. Throws only when the run cannot go on; failed objects are outcomes. */
  public Result run() {
    long start = System.nanoTime();
    // A Parquet writer holds its row group in the heap until it is full: Parquet's default, 128 MiB, per writing
    // task made the plan's and report's writes the largest live heap of a 10-million-object dry run. Only where
    // the session has no setting of its own.
    spark.sparkContext().hadoopConfiguration().setIfUnset("parquet.block.size",
        String.valueOf(ManifestInput.ROW_GROUP_BYTES));
    RequestCounter driverRequests = new RequestCounter();
    try (S3Client source = config.sourceClient().create(driverRequests);
        S3Client dest = config.destClient().create(driverRequests)) {
      preflight(source, dest);
      startup.mark("checks");
      Opened opened = openRunDirectory();
      RunDirectory run = opened.run();
      boolean finished = false;
      try {
        Result result;
        if (config.versions().mode() == io.lakecopy.config.Versions.Mode.ALL) {
          result = allVersions(run, source, dest, driverRequests, start);
          finished = true;
          return result;
        }
        Planner.Stats stats = plan(run, opened, source, dest);
        startup.mark("plan");
        if (config.dryRun()) {
          marker().ifPresent(m -> staleMarker(dest, m));
          result = dryRunReport(run, stats, start, driverRequests);
        } else {
          result = copy(run, stats, source, dest, driverRequests, start);
        }
        finished = true;
        return result;
      } catch (LakecopyException e) {
        if (e.kind() == ErrorKind.INVALID_INPUT && opened.created() && !run.exists("waves")) {
          run.deleteAll(); // nothing was copied: the bad run leaves no ledger behind to get in the way of the next
        }
        throw e;
      } finally {
        if (finished && opened.temporary()) {
          run.deleteAll();
        } else {
          run.restrictAll();
        }
      }
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /**
   * Checks the roles (--source-role-arn, --dest-role-arn), the buckets' owners (--expected-*-owner), the report and
   * output-manifest locations, and (dry runs) the destination bucket.
   */
  private void preflight(S3Client source, S3Client dest) {
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy: check", false);
    // A role that cannot be assumed stops the run here, naming its flag (exit code 3), not on the first listing or copy.
    config.sourceClient().checkRole(source, io.lakecopy.config.CliOption.SOURCE_ROLE_ARN.display());
    config.destClient().checkRole(dest, io.lakecopy.config.CliOption.DEST_ROLE_ARN.display());
    // A bucket of another account than --expected-*-owner stops the run here (exit code 2).
    config.source().ifPresent(s -> io.lakecopy.s3.BucketOwnerCheck.check(config.sourceClient(), source, s,
        io.lakecopy.config.CliOption.EXPECTED_SOURCE_OWNER.display()));
    io.lakecopy.s3.BucketOwnerCheck.check(config.destClient(), dest, config.dest(),
        io.lakecopy.config.CliOption.EXPECTED_DEST_OWNER.display());
    // A resumed run writes a new report too: nothing at --report is ever replaced.
    config.report().ifPresent(r -> ReportWriter.checkWritable(spark, r));
    config.outputManifest().ifPresent(m -> ReportWriter.checkWritable(spark, m,
        "--output-manifest (run.output-manifest)"));
    if (config.dryRun()) {
      Buckets.checkBucket(dest, config.dest().bucket(), "--dest (dest.uri)");
    }
    if (config.versions().mode() == io.lakecopy.config.Versions.Mode.ALL) {
      AllVersions.checkNoSpeculation(spark);
      AllVersions.checkDestination(dest, config.dest().bucket());
    }
    if (config.verification().objectLock()) {
      io.lakecopy.copy.ObjectLocks.checkDestination(dest, config.dest().bucket(),
          io.lakecopy.config.CliOption.OBJECT_LOCK.display());
    }
  }

  /** The run directory, whether this run created it, and whether it is a temporary one. */
  private record Opened(RunDirectory run, boolean created, boolean temporary) {}

  private Opened openRunDirectory() {
    var hadoop = spark.sparkContext().hadoopConfiguration();
    RunDirectory.Meta meta = new RunDirectory.Meta(Instant.now(), config.source().map(Object::toString)
        .orElse(config.manifest().orElse("")), config.dest().toString(), fingerprint());
    if (config.resume()) {
      RunDirectory run = RunDirectory.open(hadoop, config.ledger().orElseThrow(), "--resume (run.resume)");
      checkSameRun(run.meta());
      return new Opened(run, false, false);
    }
    if (config.ledger().isPresent()) {
      return new Opened(RunDirectory.create(hadoop, config.ledger().get(), "--ledger (run.ledger)", meta), true, false);
    }
    return new Opened(RunDirectory.create(hadoop, temporaryLocation(spark), "the run's temporary directory", meta), true,
        true);
  }

  /**
   * Where a run without --ledger keeps its directory: the default file system, which every executor reaches (HDFS on
   * EMR, DBFS on Databricks), or the local temporary directory in local mode.
   */
  static String temporaryLocation(SparkSession spark) {
    String name = "lakecopy-run-" + UUID.randomUUID();
    if (spark.sparkContext().master().startsWith("local")) {
      return new Path(new java.io.File(System.getProperty("java.io.tmpdir")).toURI().toString(), name).toString();
    }
    var uri = FileSystem.getDefaultUri(spark.sparkContext().hadoopConfiguration());
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      throw LakecopyException.invalidInput("--ledger (run.ledger) is needed here: the cluster's default file system ("
          + uri + ") is local to each machine, so the executors cannot share a run directory on it; give --ledger on"
          + " a shared file system (s3a://, hdfs://, dbfs:/)");
    }
    return new Path(new Path(uri.toString(), "/tmp/lakecopy"), name).toString();
  }

  /** The settings that shape the plan: a resumed run must give the same. */
  private String fingerprint() {
    return String.join("|", config.source().map(Object::toString).orElse(""), config.manifest().orElse(""),
        config.dest().toString(), config.ifExists().name(), "delete=" + config.delete(), "move=" + config.move(),
        "map=" + config.keyMapper().regex().map(Object::toString).orElse("") + "->" + config.keyMapper().replacement()
            + (config.keyMapper().flatten() ? " flat" : ""),
        "parts=" + config.partSizeBytes() + "/" + config.multipartThresholdBytes()
            + (config.sourcePartLayout() ? "/source" : "")
            + (config.maxUploadParts() != io.lakecopy.s3.S3Limits.MAX_PARTS ? "/max=" + config.maxUploadParts() : ""));
  }

  private void checkSameRun(RunDirectory.Meta meta) {
    String here = config.source().map(Object::toString).orElse(config.manifest().orElse(""));
    if (!meta.dest().equals(config.dest().toString()) || !meta.source().equals(here)) {
      throw LakecopyException.invalidInput("--resume (run.resume): the ledger is of a run from '" + meta.source()
          + "' to '" + meta.dest() + "'; give the same --source and --dest to resume it");
    }
    if (!meta.fingerprint().equals(fingerprint())) {
      throw LakecopyException.invalidInput("--resume (run.resume): the ledger's run was planned with other settings ("
          + meta.fingerprint() + "); give the same --if-exists, --delete, --move, key mapping, --part-size and"
          + " --multipart-threshold (and --part-layout) to resume it, or start a new run");
    }
  }

  /** The plan: read back when an earlier attempt of the run finished it, else made now. Retries: SDK only. */
  private Planner.Stats plan(RunDirectory run, Opened opened, S3Client source, S3Client dest) {
    if (run.exists(RunDirectory.PLANNED)) {
      LOG.info("Resuming the plan in {}", run.root());
      return Planner.Stats.fromProperties(run.read(RunDirectory.PLANNED));
    }
    if (!opened.created()) {
      // the run being resumed died while planning: its partial plan is its own, planned again from scratch
      for (String own : new String[] {"listing", "input", "plan", "outcomes", "journal", "waves"}) {
        run.deleteOwn(own);
      }
    }
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy: find sources", false);
    Sources.Found found = Sources.find(spark, config, source, run);
    Optional<Sources.Destination> listed = needsDestination() ? Optional.of(Sources.destination(spark, config, dest,
        run)) : Optional.empty();
    Optional<Dataset<Row>> previous = config.previousManifest().map(m -> Sources.previous(spark, config, source, run));
    Planner planner = new Planner(spark, config, run);
    Planner.Stats stats = planner.plan(found, listed.map(Sources.Destination::rows), previous);
    Map<String, Long> requests = new HashMap<>(planner.requests());
    found.requests().forEach((k, v) -> requests.merge(k, v, Long::sum));
    listed.ifPresent(d -> d.requests().forEach((k, v) -> requests.merge(k, v, Long::sum)));
    planRequests = requests;
    if (stats.missing() > 0) {
      writeMissing(run);
    }
    return stats;
  }

  private boolean needsDestination() {
    return config.ifExists() != IfExists.OVERWRITE || config.delete()
        || (config.move() && config.previousManifest().isPresent());
  }

  /** Manifest entries whose object does not exist (--skip-missing) are reported SKIPPED. */
  private void writeMissing(RunDirectory run) {
    Dataset<Row> missing = spark.read().schema(io.lakecopy.copy.SourceRows.MAPPED).parquet(run.path("plan/mapped"))
        .filter(col("missing")).withColumn("object_id", org.apache.spark.sql.functions.lit(-1L)
            .minus(org.apache.spark.sql.functions.monotonically_increasing_id()).minus(1L << 40));
    missing.map(new NoSourceOutcomeFn(config.dest(), true), Encoders.row(WaveRows.SCHEMA)).write()
        .parquet(run.path("outcomes/missing"));
  }

  /** A dry run's report: the plan as report rows, and --delete's candidates. */
  private Result dryRunReport(RunDirectory run, Planner.Stats stats, long start, RequestCounter driverRequests) {
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy: report", false);
    run.deleteOwn("outcomes/dry-run"); // an earlier dry run of the same ledger
    run.deleteOwn("outcomes/dry-run-deletes");
    Planner.read(spark, run).filter(col("part_number").leq(1)).map(new DryRunOutcomeFn(config.move(), config.streamReason()),
        Encoders.row(WaveRows.SCHEMA)).write().parquet(run.path("outcomes/dry-run"));
    if (config.delete()) {
      spark.read().parquet(run.path("plan/deletes")).map(new NoSourceOutcomeFn(config.dest(), false),
          Encoders.row(WaveRows.SCHEMA)).write().parquet(run.path("outcomes/dry-run-deletes"));
    }
    Map<String, Long> requests = new HashMap<>(driverRequests.counts());
    planRequests.forEach((k, v) -> requests.merge(k, v, Long::sum));
    projected(stats).forEach((k, v) -> requests.merge(k, v, Long::sum));
    return report(run, start, requests, true, "", "", "");
  }

  /**
   * The requests a real run of this plan would add to what the dry run already sent (the listings): one CopyObject
   * per single copy; per multipart copy its parts, a source HEAD, GetObjectTagging unless --no-tags, Create and
   * Complete; per move a HEAD and a DeleteObject; per --delete a DeleteObject; a HeadBucket before the first write;
   * the probe of the destination's store before the first copy, as on a store that honours the copy-source condition
   * (a CopyObject, and with multipart copies a Create, an UploadPartCopy and an Abort; a dry run sends none).
   */
  private Map<String, Long> projected(Planner.Stats s) {
    if (config.streamed()) {
      return projectedStreamed(s);
    }
    Map<String, Long> m = new HashMap<>();
    if (s.probeSource().isPresent()) {
      put(m, "CopyObject", 1);
      if (s.multipartCopies() > 0) {
        put(m, "CreateMultipartUpload", 1);
        put(m, "UploadPartCopy", 1);
        put(m, "AbortMultipartUpload", 1);
      }
    }
    put(m, "CopyObject", s.singleCopies());
    put(m, "UploadPartCopy", s.parts());
    put(m, "CreateMultipartUpload", s.multipartCopies());
    put(m, "CompleteMultipartUpload", s.multipartCopies());
    put(m, "HeadObject", s.multipartCopies() + (config.move() ? s.toCopy() + s.deleteSource() : 0));
    if (config.copyTags()) {
      put(m, "GetObjectTagging", s.multipartCopies());
    }
    put(m, "DeleteObject", s.deletes() + (config.move() ? s.toCopy() + s.deleteSource() : 0));
    if (s.multipartCopies() > 0) {
      put(m, "ListMultipartUploads", 1);
    }
    return m;
  }

  /**
   * As {@link #projected}, for a streamed run: per single copy a source HEAD, GetObjectTagging unless --no-tags, a
   * GetObject and a PutObject; per part a ranged GetObject and an UploadPart (over plain HTTP each GetObject is sent
   * twice: the SDK reads the body once for its checksum header); per multipart copy a source HEAD before Create and
   * one before Complete, GetObjectTagging unless --no-tags, Create and Complete; moves and deletes as above. No
   * probe of copy requests.
   */
  private Map<String, Long> projectedStreamed(Planner.Stats s) {
    Map<String, Long> m = new HashMap<>();
    put(m, "GetObject", s.singleCopies() + s.parts());
    put(m, "PutObject", s.singleCopies());
    put(m, "UploadPart", s.parts());
    put(m, "CreateMultipartUpload", s.multipartCopies());
    put(m, "CompleteMultipartUpload", s.multipartCopies());
    put(m, "HeadObject", s.singleCopies() + 2 * s.multipartCopies()
        + (config.move() ? s.toCopy() + s.deleteSource() : 0));
    if (config.copyTags()) {
      put(m, "GetObjectTagging", s.singleCopies() + s.multipartCopies());
    }
    put(m, "DeleteObject", s.deletes() + (config.move() ? s.toCopy() + s.deleteSource() : 0));
    if (s.multipartCopies() > 0) {
      put(m, "ListMultipartUploads", 1);
    }
    return m;
  }

  private static void put(Map<String, Long> m, String op, long n) {
    if (n > 0) {
      m.merge(op, n, Long::sum);
    }
  }

  /** The real run: waves, deletes, report, marker. Retries: SDK only. */
  private Result copy(RunDirectory run, Planner.Stats stats, S3Client source, S3Client dest,
      RequestCounter driverRequests, long start) {
    Optional<Found> staleMarker = marker().flatMap(m -> staleMarker(dest, m));
    if (!needsDestination() && stats.toCopy() + stats.deleteSource() > 0) {
      // No listing reached the destination: a missing bucket is told before the first copy, not by every copy.
      Buckets.checkBucket(dest, config.dest().bucket(), "--dest (dest.uri)");
    }
    staleMarker.ifPresent(found -> deleteStaleMarker(dest, marker().orElseThrow(), found));
    Instant since = run.meta().started().minus(CLOCK_SKEW);
    // Before the first copy: does the destination's store honour x-amz-copy-source-if-match? (RGW 16.2 does not.)
    // A streamed copy names no copy source: nothing to probe, and the destination could not read the source anyway.
    SourcePins pins = config.streamed() ? SourcePins.UNPROBED : stats.probeSource().map(from ->
        new CopySourceProbe(dest).probe(from, config.dest(), stats.multipartCopies() > 0)).orElse(SourcePins.UNPROBED);
    // Before the first delete: does the store honour If-Match on DeleteObject? (RGW 16.2 does not.)
    boolean deletes = config.move() || (config.delete() && stats.deletes() > 0);
    OwnWrites ownWrites = new OwnWrites(dest, deletes ? DeleteCondition.of(new DeleteConditionProbe(dest)
        .probe(config.dest())) : DeleteCondition.UNKNOWN, o -> { });
    // Before the first copy of a run that must not overwrite what it did not list: which writes can be held to the
    // listing (If-None-Match / If-Match)? AWS S3 honours both requests; S3Mock and S3Proxy only Complete.
    boolean multipart = stats.multipartCopies() > 0;
    boolean heldToListing = config.ifExists() != IfExists.OVERWRITE && stats.toCopy() > 0;
    WriteConditions writes = heldToListing
        ? new WriteConditionProbe(dest).probe(stats.probeSource().filter(p -> stats.singleCopies() > 0
            && !config.streamed()), config.dest(), multipart) : WriteConditions.OFF;
    Waves waves = new Waves(spark, config, run, source, dest, listener, pins, ownWrites, writes);
    Thread abortOnExit = new Thread(() -> {
      int live = waves.driverUploads();
      if (live == 0) {
        return;
      }
      LOG.warn("Stopping with {} multipart uploads in progress; aborting them", live);
      try (S3Client s3 = config.destClient().create()) {
        waves.abortAll(s3);
      }
    }, "lakecopy-abort-uploads");
    Runtime.getRuntime().addShutdownHook(abortOnExit);
    try {
      waves.copy(stats, config.resume());
    } finally {
      int failed = waves.abortAll(dest);
      if (failed > 0) {
        LOG.error("{} multipart uploads could not be aborted; see the warnings above", failed);
      }
      removeHook(abortOnExit);
    }
    Map<String, Long> requests = new HashMap<>(driverRequests.counts());
    waves.executorRequests().forEach((k, v) -> requests.merge(k, v, Long::sum));
    planRequests.forEach((k, v) -> requests.merge(k, v, Long::sum));
    if (config.delete() && stats.deletes() > 0) {
      long failures = new Reporter(spark, run).outcomes().filter(col("status").equalTo("FAILED")).count();
      if (failures > 0) {
        LOG.warn("--delete: {} objects failed, so no destination object is deleted", failures);
      } else {
        deletes(run, ownWrites.known() == DeleteCondition.HONOURED).forEach((k, v) -> requests.merge(k, v, Long::sum));
      }
    }
    if (stats.multipartCopies() > 0) {
      reportUnrecorded(run, dest, since);
    }
    String pinned = config.streamed() ? "streamed: GetObject If-Match on the planned ETag (and version id), a HEAD"
        + " pinned the same way before each CompleteMultipartUpload; ETags checked against the MD5 of the bytes"
        + " streamed (" + config.streamReason() + ")" : pins.describe();
    Result result = report(run, start, requests, false, stats.toCopy() > 0 ? pinned : "",
        ownWrites.known().describe(), heldToListing ? writes.describe() : "");
    if (result.summary().failed() == 0) {
      marker().ifPresent(m -> writeMarker(dest, m));
    }
    return result;
  }

  /**
   * --all-versions: an earlier run's completion marker deleted, each key's history, then the report and (nothing
   * failed) the completion marker.
   */
  private Result allVersions(RunDirectory run, S3Client source, S3Client dest, RequestCounter driverRequests,
      long start) {
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy: all versions", false);
    // as for current objects: a marker of an earlier run must not announce what this run is still writing
    Optional<Found> staleMarker = marker().flatMap(m -> staleMarker(dest, m));
    Map<String, Long> requests = new HashMap<>(AllVersions.copy(spark, config, source, dest, run, () -> {
      if (!config.dryRun()) {
        staleMarker.ifPresent(found -> deleteStaleMarker(dest, marker().orElseThrow(), found));
      }
    }));
    driverRequests.counts().forEach((k, v) -> requests.merge(k, v, Long::sum));
    Result result = report(run, start, requests, false, "", "", "");
    if (!config.dryRun() && result.summary().failed() == 0) {
      marker().ifPresent(m -> writeMarker(dest, m));
    }
    return result;
  }

  /** --delete, on the executors: each listed destination object still in scope, if it still has its ETag. */
  private Map<String, Long> deletes(RunDirectory run, boolean ifMatchHonoured) {
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy: delete", false);
    String out = "outcomes/deletes";
    run.deleteOwn(out);
    Dataset<Row> candidates = spark.read().parquet(run.path("plan/deletes"));
    int partitions = (int) Math.max(1, Math.min(2L * spark.sparkContext().defaultParallelism(),
        candidates.count()));
    io.lakecopy.copy.RequestCounts sent = new io.lakecopy.copy.RequestCounts();
    spark.sparkContext().register(sent, "lakecopy.deleteRequests");
    candidates.repartition(partitions).mapPartitions(new DeleteFn(config.destClient(), config.dest().bucket(),
        config.maxConcurrency(), sent, ifMatchHonoured), Encoders.row(WaveRows.SCHEMA)).write()
        .parquet(run.path(out));
    return sent.value();
  }

  /**
   * The report, _summary.json, _SUCCESS and the output manifest, from the committed outcomes.
   *
   * @param sourcePin which protection held the copies to their planned source, or empty
   * @param deleteCondition what held the run's deletes to what was verified, or empty (no deletes)
   * @param writeCondition on which writes the copies were held to the destination listing, or empty
   */
  private Result report(RunDirectory run, long start, Map<String, Long> requests, boolean estimated,
      String sourcePin, String deleteCondition, String writeCondition) {
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy: report", false);
    Reporter reporter = new Reporter(spark, run);
    // a dry run of a new run has one outcome row per object: the plan's
    Dataset<Row> outcomes = reporter.outcomes(estimated && !config.resume());
    Summary summary = reporter.summary(outcomes, Duration.ofNanos(System.nanoTime() - start))
        .withRequests(requests, config.prices(), estimated).withSourcePin(sourcePin)
        .withDeleteCondition(deleteCondition).withWriteCondition(writeCondition);
    if (!config.dryRun()) {
      config.outputManifest().ifPresent(m -> reporter.writeOutputManifest(outcomes, m));
    }
    config.report().ifPresent(r -> {
      reporter.writeReport(outcomes, r, config.reportFormat());
      int exitCode = exitCodes.applyAsInt(summary);
      ReportWriter.writeSummary(spark, r, summary.toJson(config.source().map(Object::toString).orElse(
          config.manifest().orElse("")), config.dest().toString(), exitCode),
          summary.failed() == 0 && summary.planned() == 0);
    });
    return new Result(summary, config.report());
  }

  /**
   * Uploads of the plan's multipart keys that S3 still lists as started during the run but that no journal of
   * the run records: a CreateMultipartUpload whose response was lost leaves one, and so does another writer of the
   * key. Nothing tells them apart, so they are reported, never aborted. (A recorded upload still live is one
   * whose abort failed; that was logged when it failed.) Filtered with Spark against the plan, so the driver
   * holds only the few uploads S3 lists. Retries: SDK only.
   */
  private void reportUnrecorded(RunDirectory run, S3Client dest, Instant since) {
    java.util.List<Row> live = new java.util.ArrayList<>();
    try {
      for (var u : dest.listMultipartUploadsPaginator(b -> b.bucket(config.dest().bucket())
          .prefix(config.dest().key())).uploads()) {
        if (u.initiated() != null && !u.initiated().isBefore(since)) {
          live.add(org.apache.spark.sql.RowFactory.create(u.key(), u.uploadId(), u.initiated().toString()));
        }
      }
    } catch (SdkException e) {
      LOG.warn("Could not list multipart uploads under {}: {}", config.dest(), S3Errors.describe(e));
      return;
    }
    if (live.isEmpty()) {
      return;
    }
    var schema = new org.apache.spark.sql.types.StructType().add("u_key", "string").add("u_id", "string")
        .add("u_initiated", "string");
    Dataset<Row> uploads = spark.createDataFrame(live, schema);
    Dataset<Row> planned = Planner.read(spark, run).filter(col("method").isin("MULTIPART", "STREAM_MULTIPART"))
        .select(col("dest_key"));
    Dataset<Row> ours = uploads.join(planned, uploads.col("u_key").equalTo(planned.col("dest_key")), "left_semi");
    java.util.Set<String> ids = new java.util.HashSet<>();
    live.forEach(r -> ids.add(r.getString(1)));
    java.util.Set<String> recorded = run.exists("journal")
        ? new java.util.HashSet<>(spark.read().textFile(run.path("journal"))
            .filter(new io.lakecopy.copy.LiveUploadFilter(ids))
            .map((org.apache.spark.api.java.function.MapFunction<String, String>)
                l -> io.lakecopy.copy.Journal.upload(l).orElseThrow().uploadId(), Encoders.STRING())
            .collectAsList())
        : java.util.Set.of();
    for (Row u : ours.collectAsList()) {
      if (recorded.contains(u.getString(1))) {
        continue;
      }
      LOG.warn("Multipart upload {} of {} (started {}) was not created by a request this run got an answer to: a"
          + " CreateMultipartUpload whose response was lost leaves one, and so does another writer of the key. It was"
          + " not aborted. If no one else writes this key, abort it: lakecopy cleanup, or aws s3api"
          + " abort-multipart-upload --key '{}' --upload-id {}", u.getString(1), u.getString(0), u.getString(2),
          u.getString(0), u.getString(1));
    }
  }

  /** The completion marker's location, if one is asked for. */
  private Optional<S3Location> marker() {
    return config.completionMarker().map(m -> config.dest().resolve(m));
  }

  /** What a HEAD of the stale completion marker showed: its ETag, and its version id where the bucket names one. */
  private record Found(String eTag, String versionId) {}

  /**
   * The stale completion marker (an empty object) at the marker's key, to be removed before copying.
   *
   * <p>Retries: SDK only.
   *
   * @throws LakecopyException INVALID_INPUT if a non-empty object is there: that is not a marker, and the run never
   *     replaces what it did not write
   */
  private Optional<Found> staleMarker(S3Client dest, S3Location marker) {
    try {
      var head = dest.headObject(b -> b.bucket(marker.bucket()).key(marker.key()));
      if (head.contentLength() != null && head.contentLength() > 0) {
        throw LakecopyException.invalidInput("--completion-marker (run.completion-marker): " + marker + " holds a "
            + head.contentLength() + "-byte object, not an empty marker; refusing to replace it");
      }
      return Optional.of(new Found(head.eTag(), head.versionId()));
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw new LakecopyException(kind, "--completion-marker: HEAD " + marker + ": " + S3Errors.describe(e), e);
    }
  }

  /**
   * Removes the stale marker, exactly the empty object the HEAD found: its version where the bucket names one, else
   * while the key holds its ETag ({@code If-Match}). A store that ignores If-Match (Ceph RGW 16.2) deletes what the
   * key holds by then: the marker's key is reserved for the run's marker, and a marker a concurrent run wrote there is
   * written again when this run succeeds. Retries: SDK only.
   */
  private static void deleteStaleMarker(S3Client dest, S3Location marker, Found found) {
    boolean byVersion = io.lakecopy.copy.OwnWrites.namesAVersion(found.versionId());
    Buckets.onBucket(marker.bucket(), "--dest (dest.uri)", () -> dest.deleteObject(b -> {
      b.bucket(marker.bucket()).key(marker.key());
      if (byVersion) {
        b.versionId(found.versionId());
      } else {
        b.ifMatch(found.eTag());
      }
    }));
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
    } catch (SdkException e) {
      if (S3Errors.classify(e) != ErrorKind.SOURCE_CHANGED) {
        throw e;
      }
      LOG.warn("Completion marker {} was written by someone else during the run; left as it is", marker);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs and finds nothing left to abort.
    }
  }
}
