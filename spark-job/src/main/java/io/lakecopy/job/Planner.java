package io.lakecopy.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lakecopy.config.IfExists;
import io.lakecopy.config.JobConfig;
import io.lakecopy.copy.DecideFn;
import io.lakecopy.copy.DeleteScopeFn;
import io.lakecopy.copy.MapKeysFn;
import io.lakecopy.copy.PlanRows;
import io.lakecopy.copy.SourceRows;
import io.lakecopy.plan.Decider;
import io.lakecopy.plan.DeleteScope;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan: from the source rows to one decision per object and one row per object or part, written under the
 * run's directory before anything is copied. Every step runs on the executors; the driver sees counts and the
 * first few offending keys of a bad plan, never a list of objects. Before anything is written anywhere else, it
 * refuses a plan that would write where it must not (two sources to one key, a key inside the source, the marker's
 * key, a source) and a --delete over --max-delete.
 */
final class Planner {
  private static final Logger LOG = LoggerFactory.getLogger(Planner.class);
  /** How many offending keys an error lists. */
  static final int SHOWN = 10;

  private final SparkSession spark;
  private final JobConfig config;
  private final RunDirectory run;
  private final io.lakecopy.copy.RequestCounts sent = new io.lakecopy.copy.RequestCounts();

  Planner(SparkSession spark, JobConfig config, RunDirectory run) {
    this.spark = spark;
    this.config = config;
    this.run = run;
    spark.sparkContext().register(sent, "lakecopy.planRequests");
  }

  /** The requests planning sent from the executors (HEADs of destinations whose ETag is not comparable). */
  java.util.Map<String, Long> requests() {
    return sent.value();
  }

  /**
   * The totals of a written plan.
   *
   * @param probeSource the smallest non-empty object to copy whose key has no {@code %}, for the probe of the
   *     destination's store before the first copy ({@link io.lakecopy.copy.CopySourceProbe}); empty if there is none
   */
  record Stats(long objects, long toCopy, long bytesToCopy, long singleCopies, long multipartCopies, long spread,
      long parts, long notCopied, long failing, long deleteSource, long missing, long deletes, int waves,
      Optional<S3Location> probeSource) {
    Stats {
      Objects.requireNonNull(probeSource, "probeSource is null");
    }

    String toProperties() {
      // the probe's bucket and key in base64: a key may hold any character, newlines and backslashes included
      Base64.Encoder b64 = Base64.getEncoder();
      String probe = probeSource.map(l -> "probeBucket=" + b64.encodeToString(l.bucket().getBytes(UTF_8))
          + "\nprobeKey=" + b64.encodeToString(l.key().getBytes(UTF_8))).orElse("probeBucket=");
      return String.join("\n", "objects=" + objects, "toCopy=" + toCopy, "bytesToCopy=" + bytesToCopy,
          "singleCopies=" + singleCopies, "multipartCopies=" + multipartCopies, "spread=" + spread, "parts=" + parts,
          "notCopied=" + notCopied, "failing=" + failing, "deleteSource=" + deleteSource, "missing=" + missing,
          "deletes=" + deletes, "waves=" + waves, probe) + "\n";
    }

    static Stats fromProperties(String text) {
      java.util.Properties p = new java.util.Properties();
      try {
        p.load(new java.io.StringReader(text));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Base64.Decoder b64 = Base64.getDecoder();
      String bucket = p.getProperty("probeBucket", "");
      Optional<S3Location> probe = bucket.isEmpty() ? Optional.empty() : Optional.of(new S3Location(
          new String(b64.decode(bucket), UTF_8), new String(b64.decode(p.getProperty("probeKey", "")), UTF_8)));
      return new Stats(l(p, "objects"), l(p, "toCopy"), l(p, "bytesToCopy"), l(p, "singleCopies"),
          l(p, "multipartCopies"), l(p, "spread"), l(p, "parts"), l(p, "notCopied"), l(p, "failing"),
          l(p, "deleteSource"), l(p, "missing"), l(p, "deletes"), (int) l(p, "waves"), probe);
    }

    private static long l(java.util.Properties p, String k) {
      return Long.parseLong(p.getProperty(k, "0"));
    }
  }

  /**
   * Plans the run and writes the plan.
   *
   * @param destination the destination listing (columns key, size, etag, last_modified), when one is needed
   * @param previous --previous-manifest's entries (bucket, key, etag), if given
   * @throws LakecopyException INVALID_INPUT for a plan that must not run (nothing was copied or deleted)
   */
  Stats plan(Sources.Found sources, Optional<Dataset<Row>> destination, Optional<Dataset<Row>> previous) {
    spark.sparkContext().setJobGroup("lakecopy", "lakecopy: plan", false);
    S3Location dest = config.dest();
    String mappedPath = run.path("plan/mapped");
    Observation counted = new Observation("lakecopy.mapped");
    Dataset<Row> mapping = sources.rows().map(new MapKeysFn(config.objectFilter(), config.keyMapper(), dest),
        Encoders.row(SourceRows.MAPPED));
    Column[] counts = counts();
    mapping.observe(counted, counts[0], Arrays.copyOfRange(counts, 1, counts.length)).write().parquet(mappedPath);
    Dataset<Row> mapped = spark.read().schema(SourceRows.MAPPED).parquet(mappedPath);
    // Unique keys mapped unchanged cannot collide: the counts seen while mapping are the checks, without a grouping.
    Checks checks = sources.uniqueKeys() && !config.keyMapper().rewrites()
        ? observed(counted, "c", counts.length).map(Checks::of).orElseGet(() -> checks(mapped))
        : checks(mapped);
    if (checks.errors() > 0) {
      checkMapping(mapped, checks.errors());
    }
    long objects = checks.selected();
    long missing = checks.missing();
    Dataset<Row> selected = mapped.filter(col("selected"));
    if (checks.collisions() > 0) {
      checkCollisions(selected, checks.collisions());
    }
    checkWrites(selected, mapped, checks);

    Dataset<Row> joined = selected.withColumn("dest_bucket", lit(dest.bucket()));
    if (previous.isPresent()) {
      Dataset<Row> p = previous.get().select(col("bucket").as("p_bucket"), col("key").as("p_key"),
          regexp_replace(col("etag"), "\"", "").as("p_etag")).distinct();
      joined = joined.join(p, col("bucket").equalTo(col("p_bucket")).and(col("key").equalTo(col("p_key")))
          .and(regexp_replace(col("etag"), "\"", "").equalTo(col("p_etag"))), "left")
          .withColumn("copied_before", col("p_key").isNotNull()).drop("p_bucket", "p_key", "p_etag");
    } else {
      joined = joined.withColumn("copied_before", lit(false));
    }
    if (destination.isPresent()) {
      Dataset<Row> d = destination.get().select(col("key").as("d_key"), col("size").as("dest_size"),
          col("etag").as("dest_etag"), col("last_modified").as("dest_last_modified"));
      joined = joined.join(d, col("dest_key").equalTo(col("d_key")), "left").drop("d_key");
    } else {
      joined = joined.withColumn("dest_size", lit(null).cast("long")).withColumn("dest_etag", lit(null).cast("string"))
          .withColumn("dest_last_modified", lit(null).cast("timestamp"));
    }
    int waves = (int) Math.max(1, (objects + config.waveSize() - 1) / config.waveSize());
    joined = joined.withColumn("object_id", monotonically_increasing_id())
        .withColumn("wave", pmod(org.apache.spark.sql.functions.hash(col("object_id")), lit(waves)).cast("int"));
    DecideFn decide = new DecideFn(new Decider(config.ifExists(), config.move()), new DecideFn.Layout(
        config.multipartThresholdBytes(), config.partSizeBytes(), config.ifExists() == IfExists.UPDATE,
        config.maxConcurrency(), config.sourcePartLayout(), config.maxUploadParts(), config.streamed()),
        config.destClient(),
        config.sourceClient(),
        config.maxConcurrency(), sent);
    Observation planned = new Observation("lakecopy.plan");
    Column[] totals = totals();
    Dataset<Row> decided = joined.mapPartitions(decide, Encoders.row(PlanRows.SCHEMA))
        .observe(planned, totals[0], Arrays.copyOfRange(totals, 1, totals.length));
    if (waves == 1) {
      // the layout partitionBy gives, without the sort by wave it needs
      decided.drop("wave").write().parquet(run.path("plan/parts/wave=0"));
    } else {
      decided.write().partitionBy("wave").parquet(run.path("plan/parts"));
    }

    long deletes = config.delete() ? planDeletes(mapped, destination.orElseThrow(), sources.listedPrefixes()) : 0;
    List<Object> planTotals = observed(planned, "t", totals.length).orElseGet(() -> writtenTotals(totals));
    Stats stats = stats(planTotals, objects, missing, deletes, waves);
    run.restrict("plan");
    run.write(RunDirectory.PLANNED, stats.toProperties());
    LOG.info("Planned {} objects in {} wave(s): {} to copy ({} single copies, {} multipart, {} of them spread over"
        + " tasks), {} not copied, {} failing, {} sources to delete only; {} destination objects to delete", objects,
        waves, stats.toCopy(), stats.singleCopies(), stats.multipartCopies(), stats.spread(), stats.notCopied(),
        stats.failing(), stats.deleteSource(), deletes);
    return stats;
  }

  /** The plan's rows, in {@link PlanRows#SCHEMA} order (the wave column comes back from the directory names). */
  static Dataset<Row> read(SparkSession spark, RunDirectory run) {
    Column[] columns = Arrays.stream(PlanRows.SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new);
    return spark.read().schema(PlanRows.SCHEMA).parquet(run.path("plan/parts")).select(columns);
  }

  /** The destination objects --delete removes, written to plan/deletes; their count. */
  private long planDeletes(Dataset<Row> mapped, Dataset<Row> destination, List<String> listedPrefixes) {
    S3Location dest = config.dest();
    DeleteScope scope = new DeleteScope(config.source().map(S3Location::key).orElse(""), config.objectFilter(),
        listedPrefixes, config.completionMarker());
    Dataset<Row> mappedKeys = mapped.filter(col("dest_key").isNotNull()).select(col("dest_key").as("m_key"))
        .distinct();
    Dataset<Row> candidates = destination.join(mappedKeys, col("key").equalTo(col("m_key")), "left_anti")
        .filter(new DeleteScopeFn(scope, dest.key().length()))
        .withColumn("object_id", lit(-1L).minus(monotonically_increasing_id()));
    String path = run.path("plan/deletes");
    candidates.select("object_id", "key", "size", "etag").write().parquet(path);
    Dataset<Row> written = spark.read().parquet(path);
    long n = written.count();
    if (config.maxDelete() >= 0 && n > config.maxDelete()) {
      String first = written.agg(min("key")).first().getString(0);
      throw LakecopyException.invalidInput("--delete would remove " + n + " destination objects, more than"
          + " --max-delete (sync.max-delete) " + config.maxDelete() + "; nothing was copied or deleted (first: s3://"
          + dest.bucket() + "/" + first + ")");
    }
    return n;
  }

  /**
   * The plan's totals, observed while it is written (no job of their own), over each object's first row (its only
   * one, or its part 1): copies, bytes, single, multipart and spread copies, parts, not copied, failing, sources to
   * delete only, and the probe's source (see {@link Stats#probeSource}).
   */
  private static Column[] totals() {
    Column first = col("part_number").leq(1);
    Column copies = first.and(col("action").equalTo("COPY"));
    Column multipart = copies.and(col("method").isin("MULTIPART", "STREAM_MULTIPART"));
    return named("t",
        sum(when(copies, 1L).otherwise(0L)), sum(when(copies, col("size_bytes")).otherwise(0L)),
        sum(when(copies.and(col("method").isin("COPY_OBJECT", "STREAM")), 1L).otherwise(0L)),
        sum(when(multipart, 1L).otherwise(0L)),
        sum(when(copies.and(col("spread")), 1L).otherwise(0L)),
        sum(when(multipart, col("part_count").cast("long")).otherwise(0L)),
        sum(when(first.and(col("action").isin("SKIP", "DONE")), 1L).otherwise(0L)),
        sum(when(first.and(col("action").equalTo("FAIL")), 1L).otherwise(0L)),
        sum(when(first.and(col("action").equalTo("DELETE_SOURCE")), 1L).otherwise(0L)),
        // never a key with '%' (Ceph RGW 16.2's UploadPartCopy decodes it twice and may crash on it)
        min(when(copies.and(col("size_bytes").gt(0)).and(not(col("source_key").contains("%"))), struct(col("size_bytes"),
            col("source_bucket"), col("source_key")))));
  }

  /** The totals read back from the written plan, where they were not observed in time. */
  private List<Object> writtenTotals(Column[] totals) {
    Row r = read(spark, run).agg(totals[0], Arrays.copyOfRange(totals, 1, totals.length)).first();
    List<Object> out = new java.util.ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      out.add(r.isNullAt(i) ? null : r.get(i));
    }
    return out;
  }

  private static Stats stats(List<Object> t, long objects, long missing, long deletes, int waves) {
    Optional<S3Location> probe = Optional.ofNullable((Row) t.get(9))
        .map(r -> new S3Location(r.getString(1), r.getString(2)));
    return new Stats(objects, n(t, 0), n(t, 1), n(t, 2), n(t, 3), n(t, 4), n(t, 5), n(t, 6), n(t, 7), n(t, 8),
        missing, deletes, waves, probe);
  }

  /**
   * What the checks of the mapped sources count while they are mapped: rows without a destination key, selected
   * and missing sources, and selected sources mapped to the completion marker's key or (same bucket) into the
   * source prefix.
   */
  private Column[] counts() {
    S3Location dest = config.dest();
    Column onMarker = config.completionMarker()
        .map(m -> col("dest_key").equalTo(dest.resolve(m).key())).orElse(lit(false));
    Column insideSource = config.source().filter(src -> src.bucket().equals(dest.bucket()))
        .map(src -> col("dest_key").startsWith(src.key())).orElse(lit(false));
    return named("c", sum(when(col("error").isNotNull(), 1L).otherwise(0L)),
        sum(when(col("selected"), 1L).otherwise(0L)), sum(when(col("missing"), 1L).otherwise(0L)),
        sum(when(onMarker.and(col("selected")), 1L).otherwise(0L)),
        sum(when(insideSource.and(col("selected")), 1L).otherwise(0L)));
  }

  /** The columns named {@code prefix0, prefix1, ...}, so that their observed values are found by position. */
  private static Column[] named(String prefix, Column... columns) {
    Column[] out = new Column[columns.length];
    for (int i = 0; i < columns.length; i++) {
      out[i] = columns[i].as(prefix + i);
    }
    return out;
  }

  /** How long the driver waits for an observation's values once its write returned (they come by the listener bus). */
  private static final long OBSERVED_WAIT_SECONDS = 60;

  /**
   * The values an observation saw of the {@code n} columns named {@code prefix0..} by {@link #named}, in order;
   * empty if they did not reach the driver within {@link #OBSERVED_WAIT_SECONDS} of the write (a listener bus that
   * dropped the event): the caller then counts with a query of its own.
   */
  private static Optional<List<Object>> observed(Observation observation, String prefix, int n) {
    CompletableFuture<java.util.Map<String, Object>> seen = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        seen.complete(observation.getAsJava());
      } catch (InterruptedException | RuntimeException e) {
        seen.completeExceptionally(e);
      }
    }, "lakecopy-" + observation.name());
    waiter.setDaemon(true);
    waiter.start();
    try {
      java.util.Map<String, Object> values = seen.get(OBSERVED_WAIT_SECONDS, TimeUnit.SECONDS);
      List<Object> out = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(values.get(prefix + i));
      }
      return Optional.of(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      waiter.interrupt();
      throw new IllegalStateException("interrupted waiting for the counts of " + observation.name(), e);
    } catch (TimeoutException | ExecutionException e) {
      waiter.interrupt();
      LOG.warn("The counts of {} did not reach the driver ({}); counting them again", observation.name(),
          e.toString());
      return Optional.empty();
    }
  }

  private static long n(List<Object> values, int i) {
    Object v = values.get(i);
    return v == null ? 0 : ((Number) v).longValue();
  }

  private static long n(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }

  /** A source key that has no destination key (too long once mapped) stops the run. */
  private void checkMapping(Dataset<Row> mapped, long n) {
    Dataset<Row> errors = mapped.filter(col("error").isNotNull());
    if (n > 0) {
      List<String> shown = errors.orderBy("line", "key").limit(SHOWN).select("error").collectAsList().stream()
          .map(r -> r.getString(0)).toList();
      throw LakecopyException.invalidInput(n + " source key(s) map to no valid destination key"
          + (n > shown.size() ? " (first " + shown.size() + " shown)" : "") + ":\n  " + String.join("\n  ", shown));
    }
  }

  /**
   * What the checks of the mapped sources need to know, counted in one Spark job: rows without a destination key,
   * selected and missing sources, destination keys with more than one selected source, and selected sources mapped
   * to the completion marker's key or (same bucket) into the source prefix.
   */
  private record Checks(long errors, long selected, long missing, long collisions, long onMarker,
      long insideSource) {
    /** The checks from the counts seen while mapping ({@link #counts}), where no two sources can collide. */
    static Checks of(List<Object> counts) {
      return new Checks(n(counts, 0), n(counts, 1), n(counts, 2), 0, n(counts, 3), n(counts, 4));
    }
  }

  private Checks checks(Dataset<Row> mapped) {
    S3Location dest = config.dest();
    Column onMarker = config.completionMarker()
        .map(m -> col("dest_key").equalTo(dest.resolve(m).key())).orElse(lit(false));
    Column insideSource = config.source().filter(src -> src.bucket().equals(dest.bucket()))
        .map(src -> col("dest_key").startsWith(src.key())).orElse(lit(false));
    Column anySelected = col("n_selected").gt(0);
    Row r = mapped.groupBy(col("dest_key")).agg(
            sum(when(col("error").isNotNull(), 1).otherwise(0)).as("n_errors"),
            sum(when(col("selected"), 1).otherwise(0)).as("n_selected"),
            sum(when(col("missing"), 1).otherwise(0)).as("n_missing"))
        .agg(sum("n_errors"), sum("n_selected"), sum("n_missing"),
            sum(when(col("dest_key").isNotNull().and(col("n_selected").gt(1)), 1).otherwise(0)),
            sum(when(onMarker.and(anySelected), 1).otherwise(0)),
            sum(when(insideSource.and(anySelected), 1).otherwise(0)))
        .first();
    return new Checks(n(r, 0), n(r, 1), n(r, 2), n(r, 3), n(r, 4), n(r, 5));
  }

  /** Two sources that map to one destination key ({@code n} keys have) stop the run, naming the first few. */
  private void checkCollisions(Dataset<Row> selected, long n) {
    Column uri = concat(lit("s3://"), col("bucket"), lit("/"), col("key"));
    Dataset<Row> collisions = selected.groupBy("dest_key").agg(count(lit(1)).as("n"), min(uri).as("first"),
        max(uri).as("last")).filter(col("n").gt(1));
    String prefix = "s3://" + config.dest().bucket() + "/";
    List<String> shown = collisions.orderBy("dest_key").limit(SHOWN).collectAsList().stream()
        .map(r -> prefix + r.getString(0) + " <- " + r.getString(2) + " and " + r.getString(3)
            + (r.getLong(1) > 2 ? " (and " + (r.getLong(1) - 2) + " more)" : "")).toList();
    throw LakecopyException.invalidInput(n + " destination key(s) have more than one source"
        + (n > shown.size() ? " (first " + shown.size() + " shown)" : "") + ":\n  " + String.join("\n  ", shown));
  }

  /**
   * Refuses a plan that would write where it must not: a destination key inside the source prefix (a destination
   * that holds the source, with keys that map back into it), the completion marker's key, or (manifests) a key that
   * is one of the sources.
   */
  private void checkWrites(Dataset<Row> selected, Dataset<Row> mapped, Checks checks) {
    S3Location dest = config.dest();
    if (checks.onMarker() > 0) {
      String marker = dest.resolve(config.completionMarker().get()).key();
      firstOf(selected.filter(col("dest_key").equalTo(marker))).ifPresent(r -> {
        throw LakecopyException.invalidInput("--completion-marker (run.completion-marker): the source s3://"
            + r.getAs("bucket") + "/" + r.getAs("key") + " maps to the marker's key " + dest.resolve(
                config.completionMarker().get()) + "; choose another marker name or exclude it");
      });
    }
    if (checks.insideSource() > 0) {
      S3Location src = config.source().orElseThrow();
      firstOf(selected.filter(col("dest_key").startsWith(src.key()))).ifPresent(r -> {
        throw LakecopyException.invalidInput("--dest (dest.uri): the copy of s3://" + r.getAs("bucket") + "/"
            + r.getAs("key") + " would be written to s3://" + dest.bucket() + "/" + r.getAs("dest_key")
            + ", inside the source prefix " + src + "; choose a destination beside the source");
      });
    }
    if (config.manifest().isPresent()) {
      Dataset<Row> sourceKeys = mapped.filter(col("bucket").equalTo(dest.bucket())).select(col("key").as("s_key"));
      firstOf(selected.join(sourceKeys, col("dest_key").equalTo(col("s_key")), "left_semi")).ifPresent(r -> {
        throw LakecopyException.invalidInput("--dest (dest.uri): the copy of s3://" + r.getAs("bucket") + "/"
            + r.getAs("key") + " would overwrite source object s3://" + dest.bucket() + "/" + r.getAs("dest_key")
            + "; choose a destination outside the source");
      });
    }
  }

  private static Optional<Row> firstOf(Dataset<Row> rows) {
    List<Row> first = rows.orderBy("line", "key").limit(1).collectAsList();
    return first.stream().findFirst();
  }

  /** For messages: a list of keys as text. */
  static String join(List<String> keys) {
    return keys.stream().collect(Collectors.joining("\n  "));
  }
}
