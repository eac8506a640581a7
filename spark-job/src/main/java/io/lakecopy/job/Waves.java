package io.lakecopy.job;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.lakecopy.config.IfExists;
import io.lakecopy.config.JobConfig;
import io.lakecopy.copy.HadoopConf;
import io.lakecopy.copy.Journal;
import io.lakecopy.copy.MoveFn;
import io.lakecopy.copy.MultipartUploads;
import io.lakecopy.copy.PlanRows;
import io.lakecopy.copy.SourcePins;
import io.lakecopy.copy.UploadRegistry;
import io.lakecopy.copy.WaveCopier;
import io.lakecopy.copy.WaveCopyFn;
import io.lakecopy.copy.WaveRows;
import io.lakecopy.plan.Decider;
import io.lakecopy.plan.PartRange;
import io.lakecopy.plan.PlanRow;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.OutcomeRows;
import io.lakecopy.report.Status;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3ClientSettings;
import io.lakecopy.s3.S3Location;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The copy, wave after wave. A wave: its driver-owned uploads (objects whose parts are spread over tasks) are
 * created and journaled; the copy stage runs on the executors and its outcome rows are committed under the run's
 * directory; the driver completes its uploads; retryable failures are copied again (whole, new upload) up to
 * {@code --object-attempts} rounds; with --move the copied sources are verified and deleted on the executors; the
 * wave is marked done. A wave that a dead run started is resumed: objects its journal records as copied are not
 * copied again, its live uploads are adopted with the parts they hold, and every other object is HEADed first.
 *
 * <p>Driver state: at most the uploads and part ETags of one wave's spread objects.
 */
final class Waves {
  private static final Logger LOG = LoggerFactory.getLogger(Waves.class);
  /** Copy requests per task above which the automatic partition count grows. */
  static final int REQUESTS_PER_PARTITION = 2_000;

  private final SparkSession spark;
  private final JobConfig config;
  private final RunDirectory run;
  private final S3Client source;
  private final S3Client dest;
  private final SourcePins pins;
  private final io.lakecopy.copy.WriteConditions writes;
  /** How the driver deletes what must not stay (one probe per run at most); its condition goes to the executors. */
  private final io.lakecopy.copy.OwnWrites driverOwnWrites;
  private final JobListener listener;
  private final String writerPrefix;
  private final Map<String, Long> executorRequests = new TreeMap<>();
  /** The driver's uploads of the wave being copied; a new registry per wave (one that aborted refuses more). */
  private volatile UploadRegistry registry = new UploadRegistry();
  private boolean anyMultipart;

  /**
   * @param pins how copies are held to their planned source on the destination (the run's probe found out)
   * @param ownWrites the driver's deletes of the run's own writes, with what is known of If-Match on DeleteObject
   *     (the run's probe found out: always known to runs that delete)
   * @param writes on which write requests copies are held to what the destination listing saw (the run's probe
   *     found out; off for --if-exists overwrite)
   */
  Waves(SparkSession spark, JobConfig config, RunDirectory run, S3Client source, S3Client dest,
      JobListener listener, SourcePins pins, io.lakecopy.copy.OwnWrites ownWrites,
      io.lakecopy.copy.WriteConditions writes) {
    this.pins = Objects.requireNonNull(pins, "pins is null");
    this.writes = Objects.requireNonNull(writes, "writes is null");
    this.driverOwnWrites = Objects.requireNonNull(ownWrites, "ownWrites is null");
    this.spark = spark;
    this.config = config;
    this.run = run;
    this.source = source;
    this.dest = dest;
    this.listener = listener;
    this.writerPrefix = "r" + Instant.now().toEpochMilli();
  }

  /**
   * Aborts what the driver holds of the wave being copied (the run is stopping), on a thread of its own whatever
   * the caller's interrupt state. Retries: SDK only.
   *
   * @return how many aborts failed
   */
  int abortAll(S3Client s3) {
    return registry.abortAll(s3);
  }

  /** How many uploads the driver holds of the wave being copied. */
  int driverUploads() {
    return registry.liveCount();
  }

  /** HTTP attempts the executors sent, by operation. */
  Map<String, Long> executorRequests() {
    return executorRequests;
  }

  /**
   * Copies every wave not done yet; a resumed run also tries again, in every wave, the objects whose copy or move
   * failed.
   */
  void copy(Planner.Stats stats, boolean resumedRun) {
    for (int w = 0; w < stats.waves(); w++) {
      wave(w, stats, resumedRun);
    }
  }

  private void wave(int w, Planner.Stats stats, boolean resumedRun) {
    String doneMarker = "waves/" + w + ".done";
    boolean done = run.exists(doneMarker);
    if (done && !resumedRun) {
      return;
    }
    boolean interrupted = !done && run.exists("waves/" + w + ".started");
    run.write("waves/" + w + ".started", Instant.now().toString());
    registry = new UploadRegistry();
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy: wave " + (w + 1) + " of " + stats.waves(), false);
    Dataset<Row> plan = Planner.read(spark, run).filter(col("wave").equalTo(w));
    if (stats.notCopied() + stats.failing() + stats.deleteSource() > 0) {
      writePlanOutcomes(plan, w);
    }
    Dataset<Row> toCopy = plan.filter(col("action").equalTo("COPY"));
    anyMultipart = stats.multipartCopies() > 0;
    boolean known = !done && !interrupted && stats.waves() == 1; // one fresh wave: the plan's totals are its totals
    Resume resume = interrupted ? resume(w, plan) : Resume.NONE;
    Dataset<Row> input;
    if (done) {
      // a finished wave of the run being resumed: its failed copies are tried again, its failed moves below
      Dataset<Row> failed = latest(w, OutcomeRows.MOVE_STAGE).filter(col("status").equalTo(Status.FAILED.name()))
          .select(col("object_id").as("f_id"));
      input = toCopy.join(failed, toCopy.col("object_id").equalTo(failed.col("f_id")), "left_semi");
    } else if (interrupted) {
      input = toCopy.join(resume.done(), toCopy.col("object_id").equalTo(resume.done().col("d_id")), "left_anti");
    } else {
      input = toCopy;
    }
    int first = nextRound(w);
    boolean any = known ? stats.toCopy() > 0 : !input.isEmpty();
    for (int round = first; any; round++) {
      Started started = stats.spread() > 0 ? startSpread(input, w, round, resume) : Started.NONE;
      Map<Long, Spread> spread = started.uploads();
      listener.beforeCopy(w);
      long failures = started.failed() + copyStage(withUploads(input, spread, resume), w, round,
          interrupted && round == first, known && round == first ? Optional.of(stats) : Optional.empty());
      failures += completeSpread(w, round, spread);
      if (failures == 0 || round - first + 1 >= config.objectAttempts()) {
        break;
      }
      Dataset<Row> retry = latest(w, OutcomeRows.MOVE_STAGE).filter(col("status").equalTo(Status.FAILED.name())
          .and(col("error_kind").isin(retryableKinds())).and(col("attempts").lt(config.objectAttempts())));
      if (retry.isEmpty()) {
        break;
      }
      LOG.warn("Wave {}, round {}: {} objects failed with retryable errors; copying them again", w + 1, round,
          retry.count());
      input = toCopy.join(retry.select(col("object_id").as("r_id")), toCopy.col("object_id").equalTo(col("r_id")),
          "left_semi");
      resume = Resume.NONE;
    }
    if (config.move()) {
      move(w, plan);
    }
    abortLeftovers(w);
    run.write(doneMarker, Instant.now().toString());
  }

  /** The first move attempt number not yet used in the wave. */
  private int nextMove(int w) {
    int n = 1;
    while (run.exists("outcomes/w" + w + "-move" + n)) {
      n++;
    }
    return n;
  }

  /** The first round number not yet used in the wave (rounds of an earlier attempt of the run count too). */
  private int nextRound(int w) {
    int max = 0;
    for (String d : run.committed("outcomes")) {
      String name = new org.apache.hadoop.fs.Path(d).getName();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("w" + w + "-r(\\d+)(-.*)?").matcher(name);
      if (m.matches()) {
        max = Math.max(max, Integer.parseInt(m.group(1)));
      }
    }
    return max + 1;
  }

  /** The objects the plan does not copy get their outcome now: skipped, failing, or (--move) source to delete. */
  private void writePlanOutcomes(Dataset<Row> plan, int w) {
    String out = "outcomes/w" + w + "-plan";
    if (run.committed("outcomes").contains(run.path(out))) {
      return;
    }
    run.deleteOwn(out);
    plan.filter(col("action").notEqual("COPY").and(col("part_number").leq(1)))
        .map(new io.lakecopy.copy.PlanOutcomeFn(), Encoders.row(WaveRows.SCHEMA)).write().parquet(run.path(out));
  }

  /** A driver-owned upload: its id, and the parts it already holds (adopted from a dead run). */
  private record Spread(PlanRow first, String uploadId, Map<Integer, String> known) {}

  /** What a resumed wave knows from the dead run's journal. */
  private record Resume(Dataset<Row> done, Map<Long, String> liveUploads) {
    static final Resume NONE = new Resume(null, Map.of());
  }

  /**
   * The dead run's journal of this wave: objects it copied get their outcome (COPIED, by the resumed run) and are
   * not copied again; uploads it created that are still live are adopted (one per object; any other is aborted).
   */
  private Resume resume(int w, Dataset<Row> plan) {
    String journal = run.path("journal/wave=" + w);
    if (!run.exists("journal/wave=" + w)) {
      return new Resume(spark.createDataFrame(List.of(), doneSchema()), Map.of());
    }
    Dataset<String> lines = spark.read().textFile(journal);
    Dataset<Row> done = lines.flatMap(new io.lakecopy.copy.JournalDoneFn(), Encoders.row(doneSchema()))
        .dropDuplicates("d_id");
    String resumedOut = "outcomes/w" + w + "-resumed";
    run.deleteOwn(resumedOut);
    Dataset<Row> first = plan.filter(col("action").equalTo("COPY").and(col("part_number").leq(1)));
    first.join(done, first.col("object_id").equalTo(done.col("d_id")))
        .map(new io.lakecopy.copy.ResumedOutcomeFn(), Encoders.row(WaveRows.SCHEMA)).write()
        .parquet(run.path(resumedOut));
    Map<Long, String> adopt = new HashMap<>();
    for (Journal.Upload u : recordedLive(lines)) {
      String earlier = adopt.putIfAbsent(u.objectId(), u.uploadId());
      if (earlier != null) {
        abortRecorded(u); // the same object started twice (a retried task): keep one
      }
    }
    LOG.info("Resuming wave {}: {} live uploads of the earlier run to adopt", w + 1, adopt.size());
    return new Resume(done, adopt);
  }

  /**
   * The journaled uploads that S3 still lists as live: filtered on the executors against the live ids (few), so
   * the driver never holds the journal. Retries: SDK only.
   */
  private List<Journal.Upload> recordedLive(Dataset<String> lines) {
    Set<String> live = liveUploads();
    if (live.isEmpty()) {
      return List.of();
    }
    return lines.filter(new io.lakecopy.copy.LiveUploadFilter(live)).collectAsList().stream()
        .map(l -> Journal.upload(l).orElseThrow()).toList();
  }

  static StructType doneSchema() {
    return new StructType().add("d_id", DataTypes.LongType, false).add("d_etag", DataTypes.StringType, false)
        .add("d_version", DataTypes.StringType, true);
  }

  private void abortRecorded(Journal.Upload u) {
    registry.abortNow(dest, new S3Location(config.dest().bucket(), u.destKey()), u.uploadId());
  }

  /** Upload ids S3 lists as live under the destination prefix. Retries: SDK only. */
  private Set<String> liveUploads() {
    Set<String> live = new HashSet<>();
    dest.listMultipartUploadsPaginator(b -> b.bucket(config.dest().bucket()).prefix(config.dest().key())).uploads()
        .forEach(u -> live.add(u.uploadId()));
    return live;
  }

  /**
   * Creates (or adopts) the uploads of the wave's spread objects, each journaled as it is created. Retries: SDK
   * only; an object whose upload cannot be created fails this round.
   */
  private Started startSpread(Dataset<Row> input, int w, int round, Resume resume) {
    List<PlanRow> objects = input.filter(col("spread").and(col("part_number").equalTo(1))).collectAsList().stream()
        .map(PlanRows::of).toList();
    if (objects.isEmpty()) {
      return Started.NONE;
    }
    Journal journal = Journal.open(run.hadoop(), run.path("journal/wave=" + w), writerPrefix + "-driver-r" + round);
    MultipartUploads uploads = uploads();
    Map<Long, Spread> started = new java.util.concurrent.ConcurrentHashMap<>();
    List<ObjectOutcome> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    BoundedParallel.map(objects, config.maxConcurrency(), "lakecopy-start", p -> {
      try {
        String adopt = resume.liveUploads().get(p.objectId());
        if (adopt != null) {
          List<PartRange> parts = io.lakecopy.plan.PartPlanner.plan(p.source().sizeBytes(), p.partSizeBytes());
          Optional<Map<Integer, String>> known = uploads.existingParts(p.dest(), adopt, parts);
          if (known.isPresent()) {
            uploads.adopted(p.dest(), adopt);
            started.put(p.objectId(), new Spread(p, adopt, known.get()));
            return null;
          }
        }
        String uploadId = uploads.start(new io.lakecopy.plan.ObjectPlan(0, p.source(), p.dest(), p.method(),
            p.partSizeBytes()));
        // Journaled before any part is copied: a driver that dies from here on leaves an upload its resume finds.
        journal.uploads(List.of(new Journal.Upload(p.objectId(), uploadId, p.dest().key())));
        started.put(p.objectId(), new Spread(p, uploadId, Map.of()));
      } catch (LakecopyException e) {
        failures.add(ObjectOutcome.failed(p, e.kind(), e.getMessage(), 0, round));
      }
      return null;
    });
    if (!failures.isEmpty()) {
      List<Row> rows = new ArrayList<>();
      for (ObjectOutcome o : failures) {
        PlanRow p = objects.stream().filter(x -> x.dest().equals(o.to())).findFirst().orElseThrow();
        rows.add(WaveRows.object(p.objectId(), w, OutcomeRows.copyStage(round) + 1, o));
      }
      writeSmall(rows, "outcomes/w" + w + "-r" + round + "-start");
    }
    return new Started(started, failures.size());
  }

  /** The round's driver-owned uploads, and how many objects failed to start one. */
  private record Started(Map<Long, Spread> uploads, int failed) {
    static final Started NONE = new Started(Map.of(), 0);
  }

  private MultipartUploads uploads() {
    return new MultipartUploads(source, dest, config.copyTags(), registry,
        config.ifExists() == IfExists.UPDATE ? Decider.SOURCE_ETAG_METADATA : null, config.destClient().options(),
        null, pins.uploadPartCopy(), driverOwnWrites, config.verification());
  }

  /**
   * The copy stage's input: every row of the round, with the upload id of its driver-owned or adopted upload, and
   * without the parts an adopted upload already holds (and without the spread objects whose upload failed).
   */
  private Dataset<Row> withUploads(Dataset<Row> input, Map<Long, Spread> spread, Resume resume) {
    List<Row> ids = new ArrayList<>();
    List<Row> known = new ArrayList<>();
    spread.values().forEach(s -> {
      ids.add(RowFactory.create(s.first().objectId(), s.uploadId()));
      s.known().keySet().forEach(n -> known.add(RowFactory.create(s.first().objectId(), n)));
    });
    resume.liveUploads().forEach((id, upload) -> {
      if (!spread.containsKey(id)) {
        ids.add(RowFactory.create(id, upload)); // a task adopts it (an object one task copies whole)
      }
    });
    Dataset<Row> rows = input;
    if (!ids.isEmpty()) {
      Dataset<Row> u = spark.createDataFrame(ids, new StructType().add("u_id", DataTypes.LongType, false)
          .add("u_upload", DataTypes.StringType, false));
      rows = rows.join(org.apache.spark.sql.functions.broadcast(u), rows.col("object_id").equalTo(u.col("u_id")),
          "left").withColumn("upload_id", coalesce(col("u_upload"), col("upload_id"))).drop("u_id", "u_upload");
    }
    // a spread object without an upload failed to start: its failure is already written
    rows = rows.filter(col("spread").equalTo(false).or(col("upload_id").isNotNull()));
    if (!known.isEmpty()) {
      Dataset<Row> k = spark.createDataFrame(known, new StructType().add("k_id", DataTypes.LongType, false)
          .add("k_part", DataTypes.IntegerType, false));
      rows = rows.join(org.apache.spark.sql.functions.broadcast(k), rows.col("object_id").equalTo(k.col("k_id"))
          .and(rows.col("part_number").equalTo(k.col("k_part"))), "left_anti");
    }
    return rows.select(java.util.Arrays.stream(PlanRows.SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new));
  }

  /**
   * The copy stage on the executors; its outcome rows committed under outcomes/.
   *
   * @param known the plan's totals, when they are this stage's (the first round of a run's only wave)
   * @return how many objects (and parts of driver-owned uploads) failed, as the executors counted them
   */
  private long copyStage(Dataset<Row> rows, int w, int round, boolean cautious, Optional<Planner.Stats> known) {
    String out = "outcomes/w" + w + "-r" + round;
    run.deleteOwn(out); // a dead run's uncommitted attempt at this round is written again
    long requests;
    long bytes;
    if (known.isPresent()) {
      requests = known.get().singleCopies() + known.get().parts();
      bytes = known.get().bytesToCopy();
    } else {
      Row totals = rows.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
          org.apache.spark.sql.functions.sum(col("last_byte").minus(col("first_byte")).plus(1))).first();
      requests = totals.getLong(0);
      bytes = totals.isNullAt(1) ? 0 : totals.getLong(1);
    }
    int partitions = partitions(requests);
    S3ClientSettings executorDest = config.destClient().withMaxConnections(config.maxConcurrency()
        * tasksPerExecutor());
    WaveCopier.Settings settings = new WaveCopier.Settings(config.maxConcurrency(), config.copyTags(),
        config.ifExists() == IfExists.UPDATE ? Decider.SOURCE_ETAG_METADATA : null, cautious, round, pins,
        driverOwnWrites.known(), writes, config.verification(), config.streamed(),
        io.lakecopy.copy.BandwidthLimit.share(config.bwlimitBytesPerSecond(), spark.sparkContext().defaultParallelism()));
    try (ProgressLine line = ProgressLine.start(spark.sparkContext(), requests, bytes, config.progressInterval())) {
      // a streamed copy holds a source connection per request in flight, as it holds a destination one
      S3ClientSettings executorSource = config.streamed() ? config.sourceClient().withMaxConnections(
          config.maxConcurrency() * tasksPerExecutor()) : config.sourceClient();
      WaveCopyFn fn = new WaveCopyFn(settings, executorSource, executorDest, new HadoopConf(run.hadoop()),
          run.path("journal/wave=" + w), writerPrefix + "-r" + round, line.progress());
      rows.repartition(partitions, when(col("spread"), hash(col("object_id"), col("part_number")))
              .otherwise(hash(col("object_id"))))
          .sortWithinPartitions("object_id", "part_number")
          .mapPartitions(fn, Encoders.row(WaveRows.SCHEMA)).write().parquet(run.path(out));
      line.progress().sent().value().forEach((k, v) -> executorRequests.merge(k, v, Long::sum));
      run.restrict(out);
      return line.progress().failures().value();
    }
  }

  /**
   * Completes (or aborts) the round's driver-owned uploads from their part outcomes. Retries: SDK only.
   *
   * @return how many of them failed
   */
  private long completeSpread(int w, int round, Map<Long, Spread> spread) {
    if (spread.isEmpty()) {
      return 0;
    }
    Map<Long, Map<Integer, ObjectOutcome>> parts = new HashMap<>();
    for (Row r : spark.read().schema(WaveRows.SCHEMA).parquet(run.path("outcomes/w" + w + "-r" + round))
        .filter(col("kind").equalTo(WaveRows.PART)).collectAsList()) {
      parts.computeIfAbsent(WaveRows.objectId(r), k -> new HashMap<>()).put(WaveRows.partNumber(r),
          WaveRows.outcome(r));
    }
    MultipartUploads uploads = uploads();
    List<Row> rows = BoundedParallel.map(new ArrayList<>(spread.values()), config.maxConcurrency(),
        "lakecopy-complete", s -> WaveRows.object(s.first().objectId(), w, OutcomeRows.copyStage(round) + 5,
            complete(uploads, s, parts.getOrDefault(s.first().objectId(), Map.of()), round)));
    writeSmall(rows, "outcomes/w" + w + "-r" + round + "-complete");
    return rows.stream().filter(r -> WaveRows.outcome(r).status() == Status.FAILED).count();
  }

  private ObjectOutcome complete(MultipartUploads uploads, Spread s, Map<Integer, ObjectOutcome> parts, int round) {
    PlanRow p = s.first();
    Optional<Map.Entry<Integer, ObjectOutcome>> failed = parts.entrySet().stream()
        .filter(e -> e.getValue().status() != Status.COPIED).min(Map.Entry.comparingByKey());
    if (failed.isPresent()) {
      uploads.abort(p.dest(), s.uploadId(), null);
      return ObjectOutcome.failed(p, failed.get().getValue().errorKind(), "part " + failed.get().getKey() + ": "
          + failed.get().getValue().errorMessage(), 0, round);
    }
    List<String> eTags = new ArrayList<>();
    List<String> checksums = new ArrayList<>();
    String version = null;
    for (int n = 1; n <= p.partCount(); n++) {
      ObjectOutcome part = parts.get(n);
      checksums.add(part == null ? null : part.destChecksum());
      String eTag = part != null ? part.destETag() : s.known().get(n);
      if (eTag == null) {
        uploads.abort(p.dest(), s.uploadId(), null);
        return ObjectOutcome.failed(p, ErrorKind.OTHER, "part " + n + " missing from the copy stage", 0, round);
      }
      if (part != null && part.sourceVersionId() != null) {
        version = part.sourceVersionId();
      }
      eTags.add(eTag);
    }
    try {
      MultipartUploads.Completed done = uploads.complete(new io.lakecopy.plan.ObjectPlan(0, p.source(), p.dest(),
          p.method(), p.partSizeBytes(), writes.completeMultipartUpload()
              ? io.lakecopy.plan.WriteCondition.of(p.destination()) : io.lakecopy.plan.WriteCondition.NONE),
          s.uploadId(), eTags, checksums);
      return ObjectOutcome.copied(p, done.eTag(), version, 0, round, done.note())
          .verified(done.sourceChecksum(), done.destChecksum(), done.by().column());
    } catch (LakecopyException e) {
      return ObjectOutcome.failed(p, e.kind(), e.getMessage(), 0, round);
    }
  }

  /**
   * --move: every copied object of the wave, and every one planning found already there, on the executors; an
   * object whose earlier move failed (a resumed run) is tried again, one already moved is left alone.
   */
  private void move(int w, Dataset<Row> plan) {
    int attempt = nextMove(w);
    String out = "outcomes/w" + w + "-move" + attempt;
    run.deleteOwn(out); // an uncommitted attempt of a dead run
    Dataset<Row> copies = latest(w, OutcomeRows.MOVE_STAGE);
    Dataset<Row> moved = latest(w, Integer.MAX_VALUE).filter(col("status").equalTo(Status.MOVED.name()))
        .select(col("object_id").as("x_id"));
    Dataset<Row> deleteOnly = plan.filter(col("action").equalTo("DELETE_SOURCE").and(col("part_number").leq(1)))
        .select(col("object_id").as("m_id"));
    Dataset<Row> candidates = copies.join(deleteOnly, copies.col("object_id").equalTo(deleteOnly.col("m_id")), "left")
        .filter(col("status").equalTo(Status.COPIED.name()).or(col("m_id").isNotNull()
            .and(col("stage").equalTo(OutcomeRows.PLAN_STAGE)))).drop("m_id")
        .join(moved, col("object_id").equalTo(col("x_id")), "left_anti");
    io.lakecopy.copy.RequestCounts sent = new io.lakecopy.copy.RequestCounts();
    spark.sparkContext().register(sent, "lakecopy.moveRequests");
    candidates.select(java.util.Arrays.stream(WaveRows.SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new))
        .mapPartitions(new MoveFn(config.sourceClient(), config.destClient(), config.maxConcurrency(), sent,
            OutcomeRows.MOVE_STAGE + attempt,
            driverOwnWrites.known() == io.lakecopy.copy.DeleteCondition.HONOURED), Encoders.row(WaveRows.SCHEMA)).write()
        .parquet(run.path(out));
    sent.value().forEach((k, v) -> executorRequests.merge(k, v, Long::sum));
    run.restrict(out);
  }

  /**
   * Every object's latest outcome in the wave among the stages below {@code belowStage} (rows of
   * {@link WaveRows#SCHEMA}, objects only).
   */
  Dataset<Row> latest(int w, int belowStage) {
    return latest(spark, run, w, belowStage);
  }

  static Dataset<Row> latest(SparkSession spark, RunDirectory run, int w, int belowStage) {
    List<String> dirs = run.committed("outcomes").stream()
        .filter(d -> new org.apache.hadoop.fs.Path(d).getName().startsWith("w" + w + "-")).toList();
    if (dirs.isEmpty()) {
      return spark.createDataFrame(List.of(), WaveRows.SCHEMA);
    }
    Dataset<Row> rows = spark.read().schema(WaveRows.SCHEMA).parquet(dirs.toArray(String[]::new))
        .filter(col("kind").equalTo(WaveRows.OBJECT).and(col("stage").lt(belowStage)));
    return rows.withColumn("rank", row_number().over(Window.partitionBy("object_id").orderBy(desc("stage"))))
        .filter(col("rank").equalTo(1)).drop("rank");
  }

  /**
   * Uploads this wave created that are still live: the driver's own, and those the journals record of tasks that
   * died (a task aborts its own in a finally). Only recorded uploads are aborted. Retries: SDK only.
   */
  private void abortLeftovers(int w) {
    registry.abortAll(dest);
    if (run.exists("journal/wave=" + w) && anyMultipart) {
      recordedLive(spark.read().textFile(run.path("journal/wave=" + w))).forEach(this::abortRecorded);
    }
  }

  private void writeSmall(List<Row> rows, String relative) {
    run.deleteOwn(relative);
    spark.createDataFrame(rows, WaveRows.SCHEMA).coalesce(1).write().parquet(run.path(relative));
  }

  private int partitions(long requests) {
    long n = config.partitions() > 0 ? config.partitions()
        : Math.max(2L * spark.sparkContext().defaultParallelism(),
            (requests + REQUESTS_PER_PARTITION - 1) / REQUESTS_PER_PARTITION);
    return (int) Math.max(1, Math.min(n, Math.max(1, requests)));
  }

  /** Tasks one executor JVM runs at once, each with maxInFlight requests: the connection pool must fit them. */
  private int tasksPerExecutor() {
    String cores = spark.conf().get("spark.executor.cores", "");
    if (!cores.isEmpty()) {
      return Math.max(1, Integer.parseInt(cores.strip()));
    }
    String master = spark.sparkContext().master();
    return master.startsWith("local") ? spark.sparkContext().defaultParallelism() : 4;
  }

  private static String[] retryableKinds() {
    return java.util.Arrays.stream(ErrorKind.values()).filter(ErrorKind::retryable).map(Enum::name)
        .toArray(String[]::new);
  }
}
