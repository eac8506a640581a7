package io.lakecopy.job;

import static org.apache.spark.sql.functions.col;

import io.lakecopy.plan.ManifestParser;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

/**
 * The checks that make manifest input fail before anything is copied, each an aggregation over a Dataset: only
 * counts and the first {@value ManifestParser#MAX_REPORTED_ERRORS} offenders (by line) reach the driver.
 */
final class ManifestChecks {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestChecks.class);
  private static final int SHOWN = ManifestParser.MAX_REPORTED_ERRORS;
  /** The most buckets of one manifest checked with HeadBucket. */
  static final int MAX_CHECKED_BUCKETS = 1000;

  /** How many rows the input has, and how many of them name an object that does not exist. */
  record Counts(long rows, long missing) {}

  private ManifestChecks() {}

  /**
   * Fails if any entry is an error row (a bad line); one job when there is none.
   *
   * @return the distinct buckets of the good entries (empty when there are none)
   * @throws LakecopyException INVALID_INPUT with the count and the first bad lines in line order
   */
  static List<String> entries(Dataset<Row> entries, String what, String noun) {
    Row counts = entries.agg(functions.count(functions.when(col("error").isNotNull(), 1)),
        functions.collect_set(col("bucket"))).first();
    long bad = counts.getLong(0);
    if (bad > 0) {
      List<String> shown = entries.where(col("error").isNotNull()).orderBy(col("line")).limit(SHOWN)
          .select(col("error")).as(Encoders.STRING()).collectAsList();
      throw LakecopyException.invalidInput(ManifestParser.badLines(what, noun, bad, shown));
    }
    return counts.getList(1);
  }

  /**
   * An inventory whose rows are all outside {@code --source} was given by mistake; one whose filters leave nothing
   * under it is merely empty.
   *
   * @throws LakecopyException INVALID_INPUT if the inventory has current rows and none is under {@code --source}
   */
  static void underSource(InventoryInput.Inventory inventory, String what, S3Location base) {
    if (inventory.underSource().limit(1).count() == 0 && inventory.current().limit(1).count() > 0) {
      throw LakecopyException.invalidInput(what + ": no inventory row is under --source " + base);
    }
  }

  /**
   * HeadBucket on each bucket the manifest names (the first {@value #MAX_CHECKED_BUCKETS}): a bucket that does not
   * exist is bad input, not thousands of missing objects. A 403 is only logged: the credentials may copy without
   * being allowed HeadBucket.
   *
   * <p>Retries: SDK only.
   *
   * @throws LakecopyException INVALID_INPUT for a bucket that does not exist; the classified kind if S3 cannot be
   *     reached
   */
  static void buckets(S3Client s3, List<String> buckets, String what) {
    List<String> checked = buckets.stream().sorted().limit(MAX_CHECKED_BUCKETS).toList();
    if (checked.size() < buckets.size()) {
      LOG.info("{}: {} buckets; the first {} are checked", what, buckets.size(), checked.size());
    }
    BoundedParallel.map(checked, 8, "lakecopy-head-bucket", bucket -> {
      try {
        return s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
      } catch (SdkException e) {
        ErrorKind kind = S3Errors.classify(e);
        if (kind == ErrorKind.NOT_FOUND) {
          throw LakecopyException.invalidInput(what + ": bucket '" + bucket + "' does not exist");
        }
        if (kind == ErrorKind.ACCESS_DENIED) {
          LOG.warn("{}: HeadBucket on '{}' was denied; continuing", what, bucket);
          return null;
        }
        throw new LakecopyException(kind, what + ": cannot reach bucket '" + bucket + "': " + S3Errors.describe(e), e);
      }
    });
  }

  /**
   * Fails on HEADs that failed, then (without --skip-missing) on objects that do not exist; one job when neither.
   *
   * @param resolved the written rows: the columns of {@link ManifestInput#SCHEMA}, {@code error_kind}, {@code error}
   * @return how many rows there are, and how many of them are missing
   * @throws LakecopyException of the first failed HEAD's kind, or INVALID_INPUT for missing objects, each with the
   *     count and the first in line order
   */
  static Counts resolved(Dataset<Row> resolved, String what, String noun, boolean skipMissing) {
    Row counts = resolved.agg(functions.count(functions.when(col("error").isNotNull(), 1)),
        functions.count(functions.when(col("missing"), 1)), functions.count(functions.lit(1))).first();
    long failed = counts.getLong(0);
    long missing = counts.getLong(1);
    if (failed > 0) {
      List<Row> first = resolved.where(col("error").isNotNull()).orderBy(col("line")).limit(SHOWN)
          .select(col("error_kind"), col("error")).collectAsList();
      StringBuilder msg = new StringBuilder(what + ": HEAD failed for " + failed + " listed object"
          + (failed == 1 ? "" : "s"));
      first.forEach(r -> msg.append("\n  ").append(r.getString(1)));
      throw new LakecopyException(ErrorKind.valueOf(first.get(0).getString(0)), msg.toString());
    }
    if (missing > 0 && !skipMissing) {
      List<Row> first = resolved.where(col("missing")).orderBy(col("line")).limit(SHOWN)
          .select(col("line"), col("bucket"), col("key")).collectAsList();
      StringBuilder msg = new StringBuilder(what + ": " + missing
          + " listed object(s) do not exist (use --skip-missing to skip them)");
      first.forEach(r -> msg.append("\n  ").append(noun).append(' ').append(r.getLong(0)).append(": ")
          .append(Excerpt.of("s3://" + r.getString(1) + "/" + r.getString(2))));
      throw LakecopyException.invalidInput(msg.toString());
    }
    return new Counts(counts.getLong(2), missing);
  }

  /** The LakecopyException behind a failure, if any: one thrown on the driver, or in a task and sent back. */
  static Optional<LakecopyException> lakecopyCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof LakecopyException e) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The message of the innermost cause: what went wrong, without Spark's account of stages and tasks. */
  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
