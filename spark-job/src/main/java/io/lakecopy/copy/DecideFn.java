package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.Decider;
import io.lakecopy.plan.Decision;
import io.lakecopy.plan.DestinationFacts;
import io.lakecopy.plan.PartPlanner;
import io.lakecopy.plan.PlanRow;
import io.lakecopy.plan.SourceLayout;
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
import software.amazon.awssdk.services.s3.model.ObjectAttributes;

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

  /**
   * How objects are copied once they are to be copied.
   *
   * @param sourceParts {@code --part-layout source}: a source written in parts is copied in parts of its own size
   *     where they can be read ({@link SourceLayout}), so that its copy has its ETag
   * @param streamed the run streams its copies ({@code --copy-mode}): the streamed methods, with the same thresholds
   *     and parts
   */
  /**
   * @param maxParts the most parts an upload may have on the destination ({@code --max-upload-parts}); part sizes
   *     grow to keep every object within it
   */
  public record Layout(long multipartThresholdBytes, long partSizeBytes, boolean keepComparableETags,
      int spreadAboveParts, boolean sourceParts, int maxParts, boolean streamed) implements Serializable {
    /** Server-side copies, up to S3's 10,000 parts. */
    public Layout(long multipartThresholdBytes, long partSizeBytes, boolean keepComparableETags,
        int spreadAboveParts, boolean sourceParts) {
      this(multipartThresholdBytes, partSizeBytes, keepComparableETags, spreadAboveParts, sourceParts,
          io.lakecopy.s3.S3Limits.MAX_PARTS, false);
    }

    /** The planned part layout for every object, server-side, up to S3's 10,000 parts. */
    public Layout(long multipartThresholdBytes, long partSizeBytes, boolean keepComparableETags,
        int spreadAboveParts) {
      this(multipartThresholdBytes, partSizeBytes, keepComparableETags, spreadAboveParts, false);
    }
  }

  private final Decider decider;
  private final Layout layout;
  private final S3ClientSettings destClient;
  private final S3ClientSettings sourceClient;
  private final int parallelism;
  private final RequestCounts sent;

  /**
   * @param spreadAboveParts multipart copies of more parts than this are spread over tasks (the driver owns their
   *     uploads); smaller ones are copied by one task from create to complete
   */
  public DecideFn(Decider decider, Layout layout, S3ClientSettings destClient, int parallelism, RequestCounts sent) {
    this(decider, layout, destClient, destClient, parallelism, sent);
  }

  /** @param sourceClient reads the part layout of sources written in parts ({@link Layout#sourceParts}) */
  public DecideFn(Decider decider, Layout layout, S3ClientSettings destClient, S3ClientSettings sourceClient,
      int parallelism, RequestCounts sent) {
    this.sourceClient = requireNonNull(sourceClient, "sourceClient is null");
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
    /** The source's own part size ({@link Layout#sourceParts}), or 0 for the planned one. */
    long sourcePartBytes;

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
      decide(items, dest, layout.sourceParts() ? ExecutorS3Clients.get(sourceClient) : null, counts, out);
      return out;
    }, () -> sent.add(counts.snapshot()));
  }

  private void decide(List<Item> chunk, S3Client dest, S3Client source, io.lakecopy.s3.OperationCounts counts,
      List<Row> out) {
    List<Item> toHead = new ArrayList<>();
    for (Item i : chunk) {
      i.decision = decide(i);
      if (i.decision.action() == Decision.Action.HEAD_DESTINATION) {
        toHead.add(i);
      }
    }
    BoundedParallel.map(toHead, parallelism, "lakecopy-head-dest", i -> {
      i.destination = i.destination.map(d -> d.withRecordedSourceETag(recordedSourceETag(dest, i.dest, counts)));
      i.decision = decide(i);
      return null;
    });
    if (source != null) {
      List<Item> inParts = chunk.stream().filter(i -> i.decision.copies() && i.source.sizeBytes() > 0
          && SourceLayout.partsOf(i.source.eTag()) > 0
          && SourceLayout.partsOf(i.source.eTag()) <= layout.maxParts()).toList();
      BoundedParallel.map(inParts, parallelism, "lakecopy-head-source", i -> {
        i.sourcePartBytes = sourcePartBytes(source, i.source, counts).orElse(0);
        return null;
      });
    }
    for (Item i : chunk) {
      CopyMethod method = i.sourcePartBytes > 0 ? CopyMethod.multipart(layout.streamed()) : method(i.source);
      long partSize = i.sourcePartBytes > 0 ? i.sourcePartBytes : i.decision.copies()
          ? PartPlanner.effectivePartSize(i.source.sizeBytes(), layout.partSizeBytes(), layout.maxParts())
          : layout.partSizeBytes();
      boolean spread = method.inParts()
          && PartPlanner.partCount(i.source.sizeBytes(), partSize) > layout.spreadAboveParts();
      for (PlanRow p : PlanRow.rows(i.objectId, i.wave, i.source, i.dest, i.destination, i.copiedBefore,
          i.decision, method, partSize, spread)) {
        out.add(PlanRows.toRow(p));
      }
    }
  }

  private Decision decide(Item i) {
    return decider.decide(i.source, i.destination, Optional.empty(), i.copiedBefore)
        .withinParts(i.source.sizeBytes(), layout.maxParts());
  }

  CopyMethod method(SourceObject s) {
    return CopyMethod.of(s.sizeBytes(), s.eTag(), layout.multipartThresholdBytes(), layout.keepComparableETags(),
        layout.streamed());
  }

  /**
   * A source's own part size: from its part sizes (GetObjectAttributes {@code ObjectParts}, which S3 answers for
   * objects with additional checksums), else from a HEAD of its part 1 ({@code partNumber=1}: its length and the
   * parts count), both pinned to the planned ETag; empty where neither gives a layout {@link SourceLayout} can copy
   * (the copy then takes the planned parts). Retries: SDK only.
   */
  private static java.util.OptionalLong sourcePartBytes(S3Client source, SourceObject s,
      io.lakecopy.s3.OperationCounts counts) {
    S3Location at = s.location();
    try {
      List<Long> sizes = new ArrayList<>();
      Integer marker = null;
      do {
        Integer from = marker;
        var attributes = source.getObjectAttributes(b -> b.bucket(at.bucket()).key(at.key()).versionId(s.versionId())
            .objectAttributes(ObjectAttributes.E_TAG, ObjectAttributes.OBJECT_PARTS).maxParts(1000)
            .partNumberMarker(from).overrideConfiguration(counts.onRequest()));
        var parts = attributes.objectParts();
        // GetObjectAttributes takes no If-Match: the ETag it answers must be the planned one
        if (!io.lakecopy.s3.ETags.same(attributes.eTag(), s.eTag()) || parts == null || !parts.hasParts()
            || parts.parts().isEmpty()) {
          sizes.clear();
          break;
        }
        parts.parts().forEach(p -> sizes.add(p.size() == null ? -1L : p.size()));
        marker = Boolean.TRUE.equals(parts.isTruncated()) ? parts.nextPartNumberMarker() : null;
      } while (marker != null);
      java.util.OptionalLong fromParts = SourceLayout.fromParts(s.sizeBytes(), s.eTag(), sizes);
      if (fromParts.isPresent()) {
        return fromParts;
      }
    } catch (SdkException e) {
      LOG.debug("GetObjectAttributes of {} failed ({}); reading its part 1", at, S3Errors.describe(e));
    }
    try {
      var head = source.headObject(b -> b.bucket(at.bucket()).key(at.key()).versionId(s.versionId())
          .ifMatch(s.eTag()).partNumber(1).overrideConfiguration(counts.onRequest()));
      java.util.OptionalLong first = SourceLayout.fromFirstPart(s.sizeBytes(), s.eTag(),
          head.contentLength() == null ? -1 : head.contentLength(), head.partsCount());
      if (first.isEmpty()) {
        LOG.info("{}: its part layout could not be read; it is copied in the planned parts", at);
      }
      return first;
    } catch (SdkException e) {
      LOG.info("{}: its part layout could not be read ({}); it is copied in the planned parts", at,
          S3Errors.describe(e));
      return java.util.OptionalLong.empty();
    }
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
