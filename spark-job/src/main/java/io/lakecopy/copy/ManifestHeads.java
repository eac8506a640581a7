package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.config.ObjectFilter;
import io.lakecopy.s3.AdaptiveLimit;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.S3Errors;
import org.apache.spark.sql.Row;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Resolves manifest entries ({@link ManifestRows#ENTRY} rows without an error) into {@link ManifestRows#RESOLVED}
 * rows: an entry that gives size and ETag (and the last-modified time, when a time filter needs it) as it is, any
 * other with a HEAD. A 404 makes a missing row; another S3 error a row carrying the error's kind and message, so
 * that one inaccessible object fails the run with a clear message instead of failing (and retrying) a Spark task.
 * Entries the size and time filters reject are dropped (null). No Spark session here: tests run it against a fake.
 */
public final class ManifestHeads {
  private final S3Client s3;
  private final AdaptiveLimit limit;
  private final ObjectFilter filter;
  private final String noun;

  /**
   * @param limit the JVM-wide in-flight limit of {@code s3}, lowered while S3 throttles
   * @param noun how messages name an entry's position: {@code "line"} or {@code "row"}
   */
  public ManifestHeads(S3Client s3, AdaptiveLimit limit, ObjectFilter filter, String noun) {
    this.s3 = requireNonNull(s3, "s3 is null");
    this.limit = requireNonNull(limit, "limit is null");
    this.filter = requireNonNull(filter, "filter is null");
    this.noun = requireNonNull(noun, "noun is null");
  }

  /** Whether the entry needs a HEAD: no size or ETag, or no last-modified time while a time filter is set. */
  public boolean needsHead(Row entry) {
    return entry.isNullAt(ManifestRows.SIZE) || entry.isNullAt(ManifestRows.ETAG)
        || filter.needsLastModified() && entry.isNullAt(ManifestRows.LAST_MODIFIED_MICROS);
  }

  /**
   * The resolved row of one entry, or null if the size and time filters reject it.
   *
   * <p>Retries: SDK only.
   */
  public Row resolve(Row entry) {
    if (!needsHead(entry)) {
      long size = entry.getLong(ManifestRows.SIZE);
      Long micros = entry.isNullAt(ManifestRows.LAST_MODIFIED_MICROS) ? null
          : entry.getLong(ManifestRows.LAST_MODIFIED_MICROS);
      return filter.acceptsAttributes(size, ManifestRows.instant(micros)) ? ManifestRows.resolved(entry, size,
          entry.getString(ManifestRows.ETAG), micros, entry.getString(ManifestRows.STORAGE_CLASS)) : null;
    }
    String bucket = entry.getString(ManifestRows.BUCKET);
    String key = entry.getString(ManifestRows.KEY);
    HeadObjectResponse head;
    limit.acquire();
    try {
      head = s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key)
          .versionId(entry.getString(ManifestRows.VERSION_ID)).build());
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.NOT_FOUND) {
        return ManifestRows.missing(entry);
      }
      return ManifestRows.failed(entry, kind, noun + " " + entry.getLong(ManifestRows.LINE) + ": HEAD "
          + Excerpt.of("s3://" + bucket + "/" + key) + ": " + S3Errors.describe(e));
    } finally {
      limit.release();
    }
    if (head.eTag() == null || head.contentLength() == null) {
      return ManifestRows.failed(entry, ErrorKind.SERVER_ERROR, noun + " " + entry.getLong(ManifestRows.LINE)
          + ": HEAD " + Excerpt.of("s3://" + bucket + "/" + key) + ": the answer has no ETag or Content-Length");
    }
    String storageClass = head.storageClassAsString();
    Long micros = ManifestRows.micros(head.lastModified());
    if (!filter.acceptsAttributes(head.contentLength(), head.lastModified())) {
      return null;
    }
    return ManifestRows.resolved(entry, head.contentLength(), head.eTag(), micros,
        storageClass == null || storageClass.equals("STANDARD") ? null : storageClass);
  }
}
