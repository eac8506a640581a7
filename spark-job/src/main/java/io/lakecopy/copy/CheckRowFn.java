package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.CheckVerdict;
import io.lakecopy.plan.Decider;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.Checksum;
import io.lakecopy.s3.ETags;
import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.S3ClientSettings;
import io.lakecopy.s3.S3Errors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * On the executors: the rows of the source/destination join to {@link CheckRows} report rows, by {@link
 * CheckVerdict}. A key whose ETags cannot be compared is settled, where it can be, by the destination's recorded
 * source ETag, and one whose ETags differ by how the two objects are encrypted: HEADs (never a read of the bytes), a
 * chunk of keys at a time with bounded parallelism. The join's source side is {@code bucket, key, size, etag, dest_key, error} (all null for a
 * destination object no source maps to); its destination side {@code d_key, d_size, d_etag} (null when the key holds
 * nothing).
 */
public final class CheckRowFn implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CheckRowFn.class);
  /** Keys decided together, so that their HEADs run in parallel. */
  private static final int CHUNK = 512;

  private final String destBucket;
  private final S3ClientSettings sourceClient;
  private final S3ClientSettings destClient;
  private final int parallelism;
  private final boolean download;

  /**
   * @param parallelism HEADs (or, with {@code download}, pairs of GETs) in flight per task
   * @param download whether the bytes of every two objects of one size are compared (--download)
   */
  public CheckRowFn(String destBucket, S3ClientSettings sourceClient, S3ClientSettings destClient, int parallelism,
      boolean download) {
    this.destBucket = requireNonNull(destBucket, "destBucket is null");
    this.sourceClient = requireNonNull(sourceClient, "sourceClient is null");
    this.destClient = requireNonNull(destClient, "destClient is null");
    this.parallelism = parallelism;
    this.download = download;
  }

  /** One key being checked. */
  private static final class Key {
    final Row row;
    final Optional<CheckVerdict.Side> source;
    final Optional<CheckVerdict.Side> dest;
    CheckVerdict verdict;

    Key(Row r) {
      row = r;
      source = side(r.getAs("key"), r.getAs("size"), r.getAs("etag"));
      dest = side(r.getAs("d_key"), r.getAs("d_size"), r.getAs("d_etag"));
      verdict = CheckVerdict.of(source, dest);
    }

    boolean wantsHead() {
      return source.isPresent() && (verdict.wantsRecordedSourceETag(source.get()) || verdict.wantsEncryption()
          || verdict.wantsChecksums());
    }
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return Chunks.of(rows, CHUNK, this::check, () -> { });
  }

  private List<Row> check(List<Row> chunk) {
    List<Key> keys = new ArrayList<>(chunk.size());
    chunk.forEach(r -> keys.add(new Key(r)));
    List<Key> toSettle = keys.stream().filter(k -> download ? k.verdict.wantsContent() : k.wantsHead()).toList();
    if (!toSettle.isEmpty()) {
      S3Client source = ExecutorS3Clients.get(sourceClient);
      S3Client dest = ExecutorS3Clients.get(destClient);
      BoundedParallel.map(toSettle, parallelism, "lakecopy-check", k -> {
        // a key whose bytes could not be read is settled as without --download
        if (!(download && compare(k, source, dest)) && k.wantsHead()) {
          settle(k, source, dest);
        }
        return null;
      });
    }
    List<Row> out = new ArrayList<>(keys.size());
    keys.forEach(k -> out.add(toRow(k)));
    return out;
  }

  private Row toRow(Key k) {
    Row r = k.row;
    String key = r.getAs("key");
    String destKey = r.getAs("d_key") != null ? r.getAs("d_key") : r.getAs("dest_key");
    String error = key == null ? null : r.getAs("error");
    return RowFactory.create(key == null ? null : "s3://" + r.getAs("bucket") + "/" + key,
        destKey == null ? null : "s3://" + destBucket + "/" + destKey, r.getAs("size"), r.getAs("d_size"),
        unquoted(k.source), unquoted(k.dest), k.verdict.result().label(), error != null ? error : k.verdict.reason());
  }

  /**
   * Settles a key by HEADs: an unverified one by the destination's recorded source ETag, a differing ETag by how the
   * two objects are encrypted. A HEAD that fails leaves the verdict as it is (logged). Retries: SDK only.
   */
  private void settle(Key k, S3Client source, S3Client dest) {
    String destKey = k.row.getAs("d_key");
    Optional<HeadObjectResponse> destHead = head(dest, destBucket, destKey);
    Optional<HeadObjectResponse> sourceHead = Optional.empty();
    if (k.verdict.wantsRecordedSourceETag(k.source.get())) {
      k.verdict = k.verdict.withRecordedSourceETag(k.source.get(),
          destHead.map(h -> h.metadata().get(Decider.SOURCE_ETAG_METADATA)).orElse(null));
    } else {
      sourceHead = destHead.flatMap(d -> head(source, k.row.getAs("bucket"), k.row.getAs("key")));
      if (sourceHead.isPresent()) {
        k.verdict = k.verdict.withEncryption(byKey(sourceHead.get()), byKey(destHead.get()));
      }
    }
    // still not known to be the same: the objects' full-object checksums, where both have one, decide (the source
    // is HEADed for it only where the destination showed one)
    if (k.verdict.wantsChecksums() && destHead.isPresent() && Checksum.of(destHead.get()).isPresent()) {
      Optional<HeadObjectResponse> s = sourceHead.isPresent() ? sourceHead
          : head(source, k.row.getAs("bucket"), k.row.getAs("key"));
      if (s.isPresent()) {
        k.verdict = k.verdict.withChecksums(Checksum.of(s.get()).orElse(null),
            Checksum.of(destHead.get()).orElse(null));
      }
    }
  }

  /**
   * Compares the bytes of the two objects, streamed side by side in fixed buffers ({@link SameBytes}), each GET held
   * to its listed ETag ({@code If-Match}) so that an object replaced since the listing is not compared. On the first
   * difference both streams are aborted, not drained. Retries: SDK only.
   *
   * @return whether the bytes were compared; false (logged) if a GET failed, leaving the verdict as it is
   */
  private boolean compare(Key k, S3Client source, S3Client dest) {
    String bucket = k.row.getAs("bucket");
    String key = k.row.getAs("key");
    String destKey = k.row.getAs("d_key");
    try (ResponseInputStream<GetObjectResponse> a = source.getObject(b -> b.bucket(bucket).key(key)
            .ifMatch(k.source.get().eTag()));
        ResponseInputStream<GetObjectResponse> b = dest.getObject(r -> r.bucket(destBucket).key(destKey)
            .ifMatch(k.dest.get().eTag()))) {
      boolean same = SameBytes.of(a, b);
      if (!same) {
        a.abort();
        b.abort();
      }
      k.verdict = k.verdict.withContent(same);
      return true;
    } catch (SdkException | java.io.IOException e) {
      LOG.warn("Comparing s3://{}/{} with s3://{}/{} failed ({}); its ETags decide", bucket, key, destBucket,
          destKey, e instanceof SdkException se ? S3Errors.describe(se) : e.toString());
      return false;
    }
  }

  /** Whether the object is encrypted with a key of its own: SSE-KMS, DSSE-KMS or SSE-C (its ETag is no MD5). */
  private static boolean byKey(HeadObjectResponse head) {
    String sse = head.serverSideEncryptionAsString();
    return head.sseCustomerAlgorithm() != null || (sse != null && sse.startsWith("aws:kms"));
  }

  private static Optional<HeadObjectResponse> head(S3Client s3, String bucket, String key) {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)));
    } catch (SdkException e) {
      LOG.warn("HEAD s3://{}/{} failed ({}); the key's verdict stands", bucket, key, S3Errors.describe(e));
      return Optional.empty();
    }
  }

  private static Optional<CheckVerdict.Side> side(String key, Long size, String eTag) {
    return key == null ? Optional.empty() : Optional.of(new CheckVerdict.Side(size, eTag));
  }

  private static String unquoted(Optional<CheckVerdict.Side> side) {
    return side.map(CheckVerdict.Side::eTag).map(ETags::unquote).orElse(null);
  }
}
