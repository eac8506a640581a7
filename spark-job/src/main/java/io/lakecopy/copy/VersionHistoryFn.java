package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.ObjectVersion;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.OperationCounts;
import io.lakecopy.s3.S3ClientSettings;
import io.lakecopy.s3.S3Location;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * On the executors, --all-versions: each key of a partition (a row with the source key's history, its destination
 * key and that key's history, {@link #ROW_COLUMNS}) written with {@link HistoryCopier}, up to {@code maxInFlight}
 * keys at a time, each key's entries one after the other; or, in a dry run, planned. Emits one outcome row
 * ({@link WaveRows#SCHEMA}) per source entry. A retried task (attempt 2 and later) lists each key's destination
 * history again before writing it, so what the failed attempt wrote is kept, not written twice. Two attempts at
 * once would both write: the run refuses Spark's speculation ({@code AllVersions}).
 */
public final class VersionHistoryFn implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  /** The columns each input row has: the source key, its history, the destination key and its history (or null). */
  public static final String[] ROW_COLUMNS = {"key", "versions", "dest_key", "d_versions"};
  /** Keys handed to the threads per batch, per key in flight. */
  private static final int KEYS_PER_SLOT = 4;

  /**
   * What every task does.
   *
   * @param partSizeBytes the part size of versions copied in parts
   * @param thresholdBytes versions larger than this are copied in parts
   * @param pageSize max-keys of the listing of a key's history after its copy
   */
  public record Settings(String sourceBucket, String destBucket, int maxInFlight, boolean copyTags,
      long partSizeBytes, long thresholdBytes, int pageSize, Verification verification, boolean dryRun)
      implements Serializable {
    public Settings {
      requireNonNull(sourceBucket, "sourceBucket is null");
      requireNonNull(destBucket, "destBucket is null");
      requireNonNull(verification, "verification is null");
    }
  }

  private final Settings settings;
  private final S3ClientSettings sourceClient;
  private final S3ClientSettings destClient;
  private final RequestCounts sent;
  private final int stage;

  /** @param sent the stage's accumulator of requests by operation */
  public VersionHistoryFn(Settings settings, S3ClientSettings sourceClient, S3ClientSettings destClient,
      RequestCounts sent, int stage) {
    this.settings = requireNonNull(settings, "settings is null");
    this.sourceClient = requireNonNull(sourceClient, "sourceClient is null");
    this.destClient = requireNonNull(destClient, "destClient is null");
    this.sent = requireNonNull(sent, "sent is null");
    this.stage = stage;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    OperationCounts counts = new OperationCounts();
    HistoryCopier copier = settings.dryRun() ? null : new HistoryCopier(ExecutorS3Clients.get(sourceClient),
        ExecutorS3Clients.get(destClient), destClient.options(), counts, settings.verification(),
        settings.copyTags(), settings.partSizeBytes(), settings.thresholdBytes(), settings.pageSize());
    org.apache.spark.TaskContext context = org.apache.spark.TaskContext.get();
    boolean relist = context != null && context.attemptNumber() > 0;
    int batchSize = Math.max(1, settings.maxInFlight()) * KEYS_PER_SLOT;
    // batch after batch as the writer asks for rows: a task holds the outcomes of one batch, not of its partition
    return new Iterator<>() {
      private Iterator<Row> batch = java.util.Collections.emptyIterator();
      private boolean counted;

      @Override
      public boolean hasNext() {
        while (!batch.hasNext() && rows.hasNext()) {
          batch = outcomes(batch(rows, batchSize), copier, relist).iterator();
        }
        if (!batch.hasNext() && !counted) {
          counted = true;
          sent.add(counts.snapshot());
        }
        return batch.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return batch.next();
      }
    };
  }

  private List<HistoryCopier.Key> batch(Iterator<Row> rows, int size) {
    List<HistoryCopier.Key> batch = new ArrayList<>(size);
    while (rows.hasNext() && batch.size() < size) {
      batch.add(key(rows.next()));
    }
    return batch;
  }

  /** The outcome rows of one batch of keys: written (copier), or planned (a dry run: no copier). */
  private List<Row> outcomes(List<HistoryCopier.Key> batch, HistoryCopier copier, boolean relist) {
    List<List<ObjectOutcome>> done = copier == null
        ? batch.stream().map(HistoryCopier::planned).toList()
        : BoundedParallel.map(batch, settings.maxInFlight(), "lakecopy-history", k -> copier.copy(k, relist));
    List<Row> out = new ArrayList<>();
    done.forEach(outcomes -> outcomes.forEach(o -> out.add(WaveRows.object(-1, 1, stage, o))));
    return out;
  }

  private HistoryCopier.Key key(Row r) {
    List<ObjectVersion> dest = r.isNullAt(r.fieldIndex("d_versions")) ? List.of()
        : ListingRows.versions(r, "d_versions");
    return new HistoryCopier.Key(new S3Location(settings.sourceBucket(), r.getAs("key")),
        new S3Location(settings.destBucket(), r.getAs("dest_key")), ListingRows.versions(r, "versions"), dest);
  }
}
