package io.lakecopy.cli;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.JobConfig;
import io.lakecopy.copy.BoundedParallel;
import io.lakecopy.copy.CopyTask;
import io.lakecopy.copy.MultipartUploads;
import io.lakecopy.copy.TaskOutcome;
import io.lakecopy.copy.UploadRegistry;
import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.CopyPlanner;
import io.lakecopy.plan.ManifestEntry;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.plan.PartRange;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.ReportWriter;
import io.lakecopy.report.Status;
import io.lakecopy.report.Summary;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One run on the driver: check, discover, plan, start uploads, copy on the executors, complete or
 * abort, report. The driver owns every upload id; whatever happens, none is left when run() returns.
 */
public final class CopyJob {
  private static final Logger LOG = LoggerFactory.getLogger(CopyJob.class);

  /** What a run produced. */
  public record Result(List<ObjectOutcome> outcomes, Summary summary, Optional<String> reportLocation) {}

  private final SparkSession spark;
  private final JobConfig config;
  private final JobListener listener;

  public CopyJob(SparkSession spark, JobConfig config, JobListener listener) {
    this.spark = requireNonNull(spark, "spark is null");
    this.config = requireNonNull(config, "config is null");
    this.listener = requireNonNull(listener, "listener is null");
  }

  /** Runs the job. Throws only when the run cannot go on; failed objects are outcomes. */
  public Result run() {
    long start = System.nanoTime();
    try (S3Client source = config.sourceClient().create(); S3Client dest = config.destClient().create()) {
      spark.sparkContext().setJobGroup("lakecopy", "lakecopy: list and plan", false);
      config.source().ifPresent(s -> Discovery.checkBucket(source, s.bucket(), "--source (source.uri)"));
      Discovery.checkBucket(dest, config.dest().bucket(), "--dest (dest.uri)");
      config.report().ifPresent(r -> ReportWriter.checkWritable(spark, r));
      Discovery.Found found = new Discovery(spark, config, source).find();
      List<ObjectPlan> plans = CopyPlanner.plan(found.objects(), config.dest(), config.multipartThresholdBytes(),
          config.partSizeBytes());
      LOG.info("Planned {} objects: {} single copies, {} multipart", plans.size(),
          plans.stream().filter(p -> p.method() == CopyMethod.COPY_OBJECT).count(),
          plans.stream().filter(p -> p.method() == CopyMethod.MULTIPART).count());
      List<ObjectOutcome> outcomes = config.dryRun() ? planned(plans) : copy(plans, source, dest);
      outcomes.addAll(skipped(found.missing()));
      Summary summary = Summary.of(outcomes, Duration.ofNanos(System.nanoTime() - start));
      config.report().ifPresent(r -> {
        spark.sparkContext().setJobGroup("lakecopy", "lakecopy: write report", false);
        ReportWriter.write(spark, outcomes, r, config.reportFormat());
      });
      return new Result(outcomes, summary, config.report());
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private List<ObjectOutcome> copy(List<ObjectPlan> plans, S3Client source, S3Client dest) {
    UploadRegistry registry = new UploadRegistry();
    Thread abortOnExit = registry.shutdownHook(config.destClient());
    Runtime.getRuntime().addShutdownHook(abortOnExit);
    try {
      MultipartUploads uploads = new MultipartUploads(source, dest, config.copyTags(), registry);
      Execution execution = new Execution(plans, uploads);
      execution.startUploads();
      listener.beforeCopy(plans);
      spark.sparkContext().setJobGroup("lakecopy", "lakecopy: copy " + plans.size() + " objects", false);
      List<TaskOutcome> results = CopyStage.run(spark, execution.tasks(), config.destClient(),
          config.maxConcurrency(), config.partitions());
      spark.sparkContext().setJobGroup("lakecopy", "lakecopy: complete uploads", false);
      return execution.finish(results);
    } finally {
      int failed = registry.abortAll(dest);
      if (failed > 0) {
        LOG.error("{} multipart uploads could not be aborted; see the warnings above", failed);
      }
      removeHook(abortOnExit);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs and finds nothing left to abort.
    }
  }

  /** The state of one copy run: per object, its upload id, start time and outcome. */
  private final class Execution {
    private final List<ObjectPlan> plans;
    private final MultipartUploads uploads;
    private final String[] uploadIds;
    private final long[] startNanos;
    private final ObjectOutcome[] early;

    Execution(List<ObjectPlan> plans, MultipartUploads uploads) {
      this.plans = plans;
      this.uploads = uploads;
      this.uploadIds = new String[plans.size()];
      this.startNanos = new long[plans.size()];
      this.early = new ObjectOutcome[plans.size()];
    }

    /** Creates every multipart upload, maxConcurrency at a time; a failure fails only its object. */
    void startUploads() {
      List<ObjectPlan> multipart = plans.stream().filter(p -> p.method() == CopyMethod.MULTIPART).toList();
      BoundedParallel.map(multipart, config.maxConcurrency(), "lakecopy-start", plan -> {
        startNanos[plan.id()] = System.nanoTime();
        try {
          uploadIds[plan.id()] = uploads.start(plan);
        } catch (LakecopyException e) {
          early[plan.id()] = failed(plan, e.kind(), e.getMessage(), 0);
        }
        return null;
      });
    }

    List<CopyTask> tasks() {
      List<CopyTask> tasks = new ArrayList<>();
      for (ObjectPlan p : plans) {
        var src = p.source();
        if (p.method() == CopyMethod.COPY_OBJECT) {
          tasks.add(new CopyTask(p.id(), src.location().bucket(), src.location().key(), src.eTag(), p.dest().bucket(),
              p.dest().key(), src.storageClass(), null, 0, 0, src.sizeBytes() - 1));
        } else if (uploadIds[p.id()] != null) {
          for (PartRange r : p.parts()) {
            tasks.add(new CopyTask(p.id(), src.location().bucket(), src.location().key(), src.eTag(),
                p.dest().bucket(), p.dest().key(), null, uploadIds[p.id()], r.partNumber(), r.firstByte(),
                r.lastByte()));
          }
        }
      }
      return tasks;
    }

    /** Completes (or aborts) every multipart upload and turns task outcomes into object outcomes. */
    List<ObjectOutcome> finish(List<TaskOutcome> results) {
      List<List<TaskOutcome>> byObject = new ArrayList<>(plans.size());
      for (int i = 0; i < plans.size(); i++) {
        byObject.add(new ArrayList<>());
      }
      for (TaskOutcome r : results) {
        byObject.get(r.objectId()).add(r);
      }
      List<ObjectOutcome> outcomes = BoundedParallel.map(plans, config.maxConcurrency(), "lakecopy-complete",
          p -> early[p.id()] != null ? early[p.id()] : outcome(p, byObject.get(p.id())));
      return new ArrayList<>(outcomes);
    }

    private ObjectOutcome outcome(ObjectPlan plan, List<TaskOutcome> parts) {
      if (plan.method() == CopyMethod.COPY_OBJECT) {
        TaskOutcome r = parts.get(0);
        return r.succeeded() ? copied(plan, r.eTag(), r.durationMillis())
            : failed(plan, r.errorKind(), r.message(), r.durationMillis());
      }
      String uploadId = uploadIds[plan.id()];
      parts.sort(java.util.Comparator.comparingInt(TaskOutcome::partNumber));
      Optional<TaskOutcome> firstFailure = parts.stream().filter(r -> !r.succeeded()).findFirst();
      if (firstFailure.isPresent() || parts.size() != plan.partCount()) {
        uploads.abort(plan.dest(), uploadId, null);
        TaskOutcome f = firstFailure.orElse(null);
        return failed(plan, f == null ? ErrorKind.OTHER : f.errorKind(),
            f == null ? "parts missing from the copy stage" : "part " + f.partNumber() + ": " + f.message(), elapsed(plan));
      }
      try {
        String eTag = uploads.complete(plan, uploadId, parts.stream().map(TaskOutcome::eTag).toList());
        return copied(plan, eTag, elapsed(plan));
      } catch (LakecopyException e) {
        return failed(plan, e.kind(), e.getMessage(), elapsed(plan));
      }
    }

    private long elapsed(ObjectPlan plan) {
      return (System.nanoTime() - startNanos[plan.id()]) / 1_000_000;
    }
  }

  private static ObjectOutcome copied(ObjectPlan p, String destETag, long millis) {
    return new ObjectOutcome(p.source().location().toString(), p.dest().toString(), p.source().sizeBytes(),
        p.source().eTag(), destETag, p.method(), p.partCount(), Status.COPIED, null, null, millis);
  }

  private static ObjectOutcome failed(ObjectPlan p, ErrorKind kind, String message, long millis) {
    LOG.error("Failed to copy {} to {}: {} {}", p.source().location(), p.dest(), kind, message);
    return new ObjectOutcome(p.source().location().toString(), p.dest().toString(), p.source().sizeBytes(),
        p.source().eTag(), null, p.method(), p.partCount(), Status.FAILED, kind, message, millis);
  }

  private static List<ObjectOutcome> planned(List<ObjectPlan> plans) {
    List<ObjectOutcome> out = new ArrayList<>();
    for (ObjectPlan p : plans) {
      out.add(new ObjectOutcome(p.source().location().toString(), p.dest().toString(), p.source().sizeBytes(),
          p.source().eTag(), null, p.method(), p.partCount(), Status.PLANNED, null, null, 0));
    }
    return out;
  }

  private List<ObjectOutcome> skipped(List<ManifestEntry> missing) {
    List<ObjectOutcome> out = new ArrayList<>();
    for (ManifestEntry m : missing) {
      out.add(new ObjectOutcome(m.location().toString(), config.dest().resolve(m.relativeKey()).toString(), 0, null,
          null, CopyMethod.NONE, 0, Status.SKIPPED, ErrorKind.NOT_FOUND, "manifest line " + m.line()
              + ": object does not exist", 0));
    }
    return out;
  }
}
