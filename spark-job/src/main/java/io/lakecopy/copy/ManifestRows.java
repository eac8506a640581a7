package io.lakecopy.copy;

import io.lakecopy.plan.ManifestEntry;
import io.lakecopy.s3.ErrorKind;
import java.time.Instant;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows manifest input passes between its stages. Times travel as microseconds since the epoch (a
 * {@code long}), which needs no choice between {@code java.sql.Timestamp} and {@code Instant} (Spark's
 * {@code datetime.java8API} setting); the driver turns them into a timestamp column before writing.
 *
 * <ul>
 *   <li>{@link #ENTRY}: a parsed manifest line or inventory row, or the error that line has ({@code error} set,
 *       every other column but {@code line} null);
 *   <li>{@link #RESOLVED}: an entry with size and ETag (from the manifest or a HEAD), or missing, or the HEAD's
 *       error.
 * </ul>
 * ETags are in S3's quoted form ({@code "abc"}) in every row, whatever the manifest wrote.
 */
public final class ManifestRows {
  public static final int BUCKET = 0;
  public static final int KEY = 1;
  public static final int RELATIVE_KEY = 2;
  public static final int VERSION_ID = 3;
  public static final int SIZE = 4;
  public static final int ETAG = 5;
  public static final int LAST_MODIFIED_MICROS = 6;
  public static final int STORAGE_CLASS = 7;
  public static final int LINE = 8;
  /** In {@link #ENTRY}: why the line is bad. */
  public static final int ENTRY_ERROR = 9;
  /** In {@link #RESOLVED}. */
  public static final int MISSING = 9;
  public static final int ERROR_KIND = 10;
  public static final int ERROR = 11;

  public static final StructType ENTRY = common().add("error", DataTypes.StringType);

  public static final StructType RESOLVED = common().add("missing", DataTypes.BooleanType, false)
      .add("error_kind", DataTypes.StringType).add("error", DataTypes.StringType);

  private ManifestRows() {}

  private static StructType common() {
    return new StructType().add("bucket", DataTypes.StringType).add("key", DataTypes.StringType)
        .add("relative_key", DataTypes.StringType).add("version_id", DataTypes.StringType)
        .add("size", DataTypes.LongType).add("etag", DataTypes.StringType)
        .add("last_modified_us", DataTypes.LongType).add("storage_class", DataTypes.StringType)
        .add("line", DataTypes.LongType, false);
  }

  /** An entry row for a parsed manifest line (size and ETag only when the line gives both). */
  static Row entry(ManifestEntry e) {
    boolean described = e.described();
    return RowFactory.create(e.location().bucket(), e.location().key(), e.relativeKey(), e.versionId(),
        described ? e.sizeBytes() : null, described ? quoted(e.eTag()) : null, micros(e.lastModified()), null,
        e.line(), null);
  }

  static Row entry(String bucket, String key, String relativeKey, String versionId, Long size, String eTag,
      Long lastModifiedMicros, String storageClass, long line) {
    return RowFactory.create(bucket, key, relativeKey, versionId, size, eTag, lastModifiedMicros, storageClass, line,
        null);
  }

  /** The entry row of a bad line: {@code message} names the line. */
  static Row badEntry(long line, String message) {
    return RowFactory.create(null, null, null, null, null, null, null, null, line, message);
  }

  static Row resolved(Row entry, Long size, String eTag, Long lastModifiedMicros, String storageClass) {
    return RowFactory.create(entry.get(BUCKET), entry.get(KEY), entry.get(RELATIVE_KEY), entry.get(VERSION_ID), size,
        eTag, lastModifiedMicros, storageClass, entry.getLong(LINE), false, null, null);
  }

  static Row missing(Row entry) {
    return RowFactory.create(entry.get(BUCKET), entry.get(KEY), entry.get(RELATIVE_KEY), entry.get(VERSION_ID), null,
        null, null, null, entry.getLong(LINE), true, null, null);
  }

  static Row failed(Row entry, ErrorKind kind, String message) {
    return RowFactory.create(entry.get(BUCKET), entry.get(KEY), entry.get(RELATIVE_KEY), entry.get(VERSION_ID), null,
        null, null, null, entry.getLong(LINE), false, kind.name(), message);
  }

  /** An ETag in S3's form, in double quotes; null stays null. */
  public static String quoted(String eTag) {
    if (eTag == null) {
      return null;
    }
    return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag : "\"" + eTag + "\"";
  }

  /** Microseconds since the epoch; null stays null. */
  static Long micros(Instant t) {
    return t == null ? null : Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /** The instant of microseconds since the epoch; null stays null. */
  static Instant instant(Long micros) {
    return micros == null ? null : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000);
  }
}
