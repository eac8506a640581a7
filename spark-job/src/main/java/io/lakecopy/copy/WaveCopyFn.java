package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.PlanRow;
import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.S3ClientSettings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The copy stage of a wave, on an executor: copies one partition's plan rows with this JVM's shared clients and
 * returns one outcome row per object (and per part of a driver-owned upload). All logic is in {@link WaveCopier};
 * this class only binds it to Spark. Serializable state only.
 */
public final class WaveCopyFn implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final WaveCopier.Settings settings;
  private final S3ClientSettings sourceClient;
  private final S3ClientSettings destClient;
  private final HadoopConf hadoop;
  private final String journalDir;
  private final String writerPrefix;
  private final CopyProgress progress;

  /**
   * @param journalDir the wave's journal directory (see {@link Journal})
   * @param writerPrefix unique per driver run: names this stage's journal files apart from an earlier run's
   */
  public WaveCopyFn(WaveCopier.Settings settings, S3ClientSettings sourceClient, S3ClientSettings destClient,
      HadoopConf hadoop, String journalDir, String writerPrefix, CopyProgress progress) {
    this.settings = requireNonNull(settings, "settings is null");
    this.sourceClient = requireNonNull(sourceClient, "sourceClient is null");
    this.destClient = requireNonNull(destClient, "destClient is null");
    this.hadoop = requireNonNull(hadoop, "hadoop is null");
    this.journalDir = requireNonNull(journalDir, "journalDir is null");
    this.writerPrefix = requireNonNull(writerPrefix, "writerPrefix is null");
    this.progress = requireNonNull(progress, "progress is null");
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    TaskContext context = TaskContext.get();
    String writer = writerPrefix + "-t" + (context == null ? 0 : context.taskAttemptId());
    Journal journal = Journal.open(hadoop.get(), journalDir, writer);
    WaveCopier copier = new WaveCopier(settings, ExecutorS3Clients.get(sourceClient), ExecutorS3Clients.get(destClient),
        destClient.options(), ExecutorS3Clients.limit(destClient), journal, progress);
    List<Row> out = new ArrayList<>();
    int stage = io.lakecopy.report.OutcomeRows.copyStage(settings.round());
    io.lakecopy.s3.ClientActivity activity = ExecutorS3Clients.activity(destClient);
    copier.copy(new PlanRowIterator(rows), result -> {
      if (result instanceof WaveCopier.ObjectDone d) {
        countObject(activity, d.outcome());
        out.add(WaveRows.object(d.row().objectId(), d.row().wave(), stage, d.outcome()));
      } else {
        WaveCopier.PartDone p = (WaveCopier.PartDone) result;
        activity.part(p.outcome().succeeded(), p.outcome().succeeded() ? p.outcome().bytes() : 0);
        out.add(toRow(p, stage));
      }
    });
    return out.iterator();
  }

  private static void countObject(io.lakecopy.s3.ClientActivity activity, io.lakecopy.report.ObjectOutcome o) {
    if (o.status() == io.lakecopy.report.Status.COPIED) {
      activity.object(true, o.sizeBytes());
    } else if (o.status() == io.lakecopy.report.Status.FAILED) {
      activity.object(false, 0);
    }
  }

  private static Row toRow(WaveCopier.PartDone p, int stage) {
    return WaveRows.part(p.row(), p.uploadId(), stage, p.outcome());
  }

  /** Plan rows read from Spark rows, with the upload id each carries. */
  private record PlanRowIterator(Iterator<Row> rows) implements Iterator<WaveCopier.Input> {
    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public WaveCopier.Input next() {
      Row r = rows.next();
      PlanRow p = PlanRows.of(r);
      return new WaveCopier.Input(p, PlanRows.uploadId(r));
    }
  }
}
