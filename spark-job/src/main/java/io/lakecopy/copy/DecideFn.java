package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.Decider;
import io.lakecopy.plan.Decision;
import io.lakecopy.plan.DestinationFacts;
import io.lakecopy.plan.PartPlanner;
import io.lakecopy.plan.PlanRow;
import io.lakecopy.plan.SourceObject;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.S3ClientSettings;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * On the executors: the one decision per selected object ({@link Decider}), how it is copied, and its plan rows
 * (one per part of a multipart copy). Where the decision needs the destination's recorded source ETag, the object
 * is HEADed here, a chunk of objects at a time with bounded parallelism.
 */
public final class DecideFn implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DecideFn.class);
  /** Rows decided together, so that their HEADs run in parallel. */
  static final int CHUNK = 512;

  /** How objects are copied once they are to be copied. */
  public record Layout(long multipartThresholdBytes, long partSizeBytes, boolean keepComparableETags,
      int spreadAboveParts) implements Serializable {}

  private final Decider decider;
  private final Layout layout;
  private final S3ClientSettings destClient;
  private final int parallelism;
  private final RequestCounts sent;

  /**
   * @param spreadAboveParts multipart copies of more parts than this are spread over tasks (the driver owns their
   *     uploads); smaller ones are copied by one task from create to complete
   */
  public DecideFn(Decider decider, Layout layout, S3ClientSettings destClient, int parallelism, RequestCounts sent) {
    this.decider = requireNonNull(decider, "decider is null");
    this.layout = requireNonNull(layout, "layout is null");
    this.destClient = requireNonNull(destClient, "destClient is null");
    this.parallelism = parallelism;
    this.sent = requireNonNull(sent, "sent is null");
  }

  /** One object being decided. */
  private static final class Item {
    final long objectId;
    final int wave;
    final SourceObject source;
    final S3Location dest;
    Optional<DestinationFacts> destination;
    final boolean copiedBefore;
    Decision decision;

    Item(Row r) {
      objectId = r.getAs("object_id");
      wave = r.getAs("wave");
      source = SourceRows.source(r);
      dest = new S3Location(r.getAs("dest_bucket"), r.getAs("dest_key"));
      Long size = r.getAs("dest_size");
      java.sql.Timestamp modified = r.getAs("dest_last_modified");
      destination = size == null ? Optional.empty() : Optional.of(DestinationFacts.listed(size, r.getAs("dest_etag"),
          modified == null ? null : modified.toInstant()));
      Boolean before = r.getAs("copied_before");
      copiedBefore = before != null && before;
    }
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    S3Client dest = ExecutorS3Clients.get(destClient);
    io.lakecopy.s3.OperationCounts counts = new io.lakecopy.s3.OperationCounts();
    return Chunks.of(rows, CHUNK, chunk -> {
      List<Item> items = new ArrayList<>(chunk.size());
      chunk.forEach(r -> items.add(new Item(r)));
      List<Row> out = new ArrayList<>(items.size());
      decide(items, dest, counts, out);
      return out;
    }, () -> sent.add(counts.snapshot()));
  }

  private void decide(List<Item> chunk, S3Client dest, io.lakecopy.s3.OperationCounts counts, List<Row> out) {
    List<Item> toHead = new ArrayList<>();
    for (Item i : chunk) {
      i.decision = decider.decide(i.source, i.destination, Optional.empty(), i.copiedBefore);
      if (i.decision.action() == Decision.Action.HEAD_DESTINATION) {
        toHead.add(i);
      }
    }
    BoundedParallel.map(toHead, parallelism, "lakecopy-head-dest", i -> {
      i.destination = i.destination.map(d -> d.withRecordedSourceETag(recordedSourceETag(dest, i.dest, counts)));
      i.decision = decider.decide(i.source, i.destination, Optional.empty(), i.copiedBefore);
      return null;
    });
    for (Item i : chunk) {
      CopyMethod method = method(i.source);
      boolean spread = method == CopyMethod.MULTIPART
          && PartPlanner.partCount(i.source.sizeBytes(), layout.partSizeBytes()) > layout.spreadAboveParts();
      for (PlanRow p : PlanRow.rows(i.objectId, i.wave, i.source, i.dest, i.destination, i.copiedBefore,
          i.decision, method, layout.partSizeBytes(), spread)) {
        out.add(PlanRows.toRow(p));
      }
    }
  }

  CopyMethod method(SourceObject s) {
    return CopyMethod.of(s.sizeBytes(), s.eTag(), layout.multipartThresholdBytes(), layout.keepComparableETags());
  }

  /** The recorded source ETag, or null if absent or the HEAD failed (then the object counts as different). */
  private static String recordedSourceETag(S3Client dest, S3Location at, io.lakecopy.s3.OperationCounts counts) {
    try {
      return dest.headObject(b -> b.bucket(at.bucket()).key(at.key()).overrideConfiguration(counts.onRequest()))
          .metadata().get(Decider.SOURCE_ETAG_METADATA);
    } catch (SdkException e) {
      LOG.warn("HEAD {} failed ({}); treating it as different", at, S3Errors.describe(e));
      return null;
    }
  }
}
