package io.lakecopy.cli;

import io.lakecopy.config.JobConfig;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.plan.ObjectFilter;
import io.lakecopy.plan.Lister;
import io.lakecopy.plan.ManifestEntry;
import io.lakecopy.plan.ManifestParser;
import io.lakecopy.plan.SourceObject;
import io.lakecopy.plan.TextLines;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The driver's first phase: check the buckets, then find the source objects (listing or manifest). */
public final class Discovery {
  private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
  private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");

  /**
   * What was found: the selected objects (those --previous-manifest lists included: {@code copiedBefore} names
   * them), manifest entries whose object does not exist, and every key listed under the source, filtered out or
   * not (only with --delete: a destination copy of any of them is never deleted).
   */
  public record Found(List<SourceObject> objects, List<ManifestEntry> missing, java.util.Set<S3Location> copiedBefore,
      java.util.Set<String> listedKeys, List<String> listedPrefixes) {
    Found(List<SourceObject> objects, List<ManifestEntry> missing) {
      this(objects, missing, java.util.Set.of(), java.util.Set.of(), List.of());
    }
  }

  /** The --src-prefixes-file prefixes relative to --source, once read; empty when the whole prefix is listed. */
  private final List<String> listedPrefixes = new ArrayList<>();

  private final SparkSession spark;
  private final JobConfig config;
  private final S3Client source;

  public Discovery(SparkSession spark, JobConfig config, S3Client source) {
    this.spark = spark;
    this.config = config;
    this.source = source;
  }

  /**
   * Fails with INVALID_INPUT if a bucket does not exist, or with the classified kind if the endpoint
   * cannot be reached. A 403 on HeadBucket is only logged: the credentials may copy without being
   * allowed to list.
   *
   * <p>Retries: SDK only.
   */
  public static void checkBucket(S3Client s3, String bucket, String flag) {
    try {
      onBucket(bucket, flag, () -> s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build()));
    } catch (LakecopyException e) {
      if (e.kind() != ErrorKind.ACCESS_DENIED) {
        throw e;
      }
      LOG.warn("{}: HeadBucket on '{}' was denied; continuing", flag, bucket);
    }
  }

  /**
   * Runs a bucket-level request (a listing, a delete) whose 404 can only mean that the bucket does not
   * exist: that becomes INVALID_INPUT naming the flag; any other S3 error, a LakecopyException of its kind.
   */
  public static <T> T onBucket(String bucket, String flag, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.NOT_FOUND) {
        throw LakecopyException.invalidInput(flag + ": bucket '" + bucket + "' does not exist");
      }
      String what = kind == ErrorKind.ACCESS_DENIED ? "access denied to bucket '" : "cannot reach bucket '";
      throw new LakecopyException(kind, flag + ": " + what + bucket + "': " + S3Errors.describe(e), e);
    }
  }

  /** Lists the source prefix or resolves the manifest, then sets aside what --previous-manifest lists. */
  public Found find() {
    java.util.Set<String> listed = config.delete() ? java.util.concurrent.ConcurrentHashMap.newKeySet()
        : java.util.Set.of();
    Found found = findSources(config.delete() ? listed::add : k -> { });
    if (config.previousManifest().isEmpty()) {
      return new Found(found.objects(), found.missing(), java.util.Set.of(), listed, List.copyOf(listedPrefixes));
    }
    String name = config.previousManifest().get();
    java.util.Set<String> before = new java.util.HashSet<>();
    for (ManifestEntry e : io.lakecopy.plan.CsvManifestParser.parse(readLines(name,
        "--previous-manifest (source.previous-manifest)"), name, Optional.empty())) {
      before.add(e.location() + " " + (e.eTag() == null ? "" : io.lakecopy.s3.ETags.unquote(e.eTag())));
    }
    java.util.Set<S3Location> done = new java.util.HashSet<>();
    for (SourceObject o : found.objects()) {
      if (before.contains(o.location() + " " + io.lakecopy.s3.ETags.unquote(o.eTag()))) {
        done.add(o.location());
      }
    }
    LOG.info("--previous-manifest {}: {} objects were copied before", name, done.size());
    return new Found(found.objects(), found.missing(), done, listed, List.copyOf(listedPrefixes));
  }

  /** The manifest's objects (filtered) and missing entries, without --previous-manifest. Retries: SDK only. */
  public Found manifestObjects() {
    return findSources(k -> { });
  }

  /** Lists the source prefix, or reads and resolves the manifest. Retries: SDK only. */
  private Found findSources(java.util.function.Consumer<String> everyKey) {
    ObjectFilter filter = config.objectFilter();
    if (config.manifest().isEmpty()) {
      S3Location prefix = config.source().orElseThrow();
      String flag = "--source (source.uri)";
      if (config.prefixesFile().isPresent()) {
        return new Found(onBucket(prefix.bucket(), flag, () -> listPrefixes(prefix, config.prefixesFile().get(),
            filter, everyKey)), List.of());
      }
      return new Found(onBucket(prefix.bucket(), flag, () -> Lister.list(source, prefix, prefix, filter,
          config.listParallelism(), everyKey)), List.of());
    }
    String name = config.manifest().get();
    List<ManifestEntry> entries = parseManifest(name);
    int total = entries.size();
    List<ManifestEntry> wanted = entries.stream()
        .filter(e -> filter.acceptsKey(e.location().key(), e.relativeKey())).toList();
    entries = null; // a million entries: keep only those wanted
    LOG.info("Manifest {}: {} objects, {} pass the key filters", name, total, wanted.size());
    Found found = resolve(name, wanted, filter.needsLastModified());
    List<SourceObject> kept = found.objects().stream()
        .filter(o -> filter.acceptsAttributes(o.sizeBytes(), o.lastModified())).toList();
    return new Found(kept, found.missing());
  }

  /** Reads and parses the manifest; its lines are garbage once this returns. */
  private List<ManifestEntry> parseManifest(String name) {
    List<String> lines = readLines(name);
    io.lakecopy.config.ManifestFormat format = config.manifestFormat().resolve(name);
    return switch (format) {
      case CSV -> io.lakecopy.plan.CsvManifestParser.parse(lines, name, config.source());
      case INVENTORY -> InventoryManifest.read(spark, name, String.join("\n", lines), config.source());
      default -> ManifestParser.parse(lines, name, config.source());
    };
  }

  /** Lists each prefix named in the prefixes file (relative to --source, or s3:// under it). Retries: SDK only. */
  private List<SourceObject> listPrefixes(S3Location base, String file, ObjectFilter filter,
      java.util.function.Consumer<String> everyKey) {
    List<S3Location> prefixes = new ArrayList<>();
    List<String> lines = readLines(file, "--src-prefixes-file (source.prefixes-file)");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      S3Location prefix = line.contains("://") ? S3Location.parse(line, "--src-prefixes-file line " + (i + 1))
          : base.resolve(line);
      if (!prefix.bucket().equals(base.bucket()) || !prefix.key().startsWith(base.key())) {
        throw LakecopyException.invalidInput("--src-prefixes-file " + file + " line " + (i + 1) + ": '"
            + io.lakecopy.s3.Excerpt.of(line) + "' is not under --source " + base);
      }
      prefixes.add(prefix);
      listedPrefixes.add(prefix.key().substring(base.key().length()));
    }
    List<List<SourceObject>> found = BoundedParallel.map(prefixes, config.listParallelism(), "lakecopy-list",
        p -> Lister.list(source, p, base, filter, 1, everyKey));
    java.util.Map<S3Location, SourceObject> unique = new java.util.LinkedHashMap<>();
    found.forEach(list -> list.forEach(o -> unique.putIfAbsent(o.location(), o)));
    return new ArrayList<>(unique.values());
  }

  private Found resolve(String name, List<ManifestEntry> entries, boolean needsLastModified) {
    for (String bucket : entries.stream().map(e -> e.location().bucket()).distinct().toList()) {
      checkBucket(source, bucket, "--manifest " + name);
    }
    // Entries whose manifest row gives size and ETag need no request at all.
    List<Optional<SourceObject>> heads = BoundedParallel.map(entries, config.maxConcurrency(), "lakecopy-head",
        e -> e.described() && (!needsLastModified || e.lastModified() != null) ? Optional.of(e.toSourceObject())
            : head(e));
    List<SourceObject> objects = new ArrayList<>();
    List<ManifestEntry> missing = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      ManifestEntry entry = entries.get(i);
      heads.get(i).ifPresentOrElse(objects::add, () -> missing.add(entry));
    }
    if (!missing.isEmpty() && !config.skipMissing()) {
      StringBuilder msg = new StringBuilder("--manifest " + name + ": " + missing.size()
          + " listed object(s) do not exist (use --skip-missing to skip them)");
      missing.stream().limit(10).forEach(m -> msg.append("\n  line ").append(m.line()).append(": ").append(m.location()));
      throw LakecopyException.invalidInput(msg.toString());
    }
    return new Found(objects, missing);
  }

  /** Size, ETag and storage class of one manifest entry; empty if it does not exist. Retries: SDK only. */
  private Optional<SourceObject> head(ManifestEntry entry) {
    S3Location loc = entry.location();
    try {
      HeadObjectResponse head = source.headObject(HeadObjectRequest.builder().bucket(loc.bucket()).key(loc.key())
          .versionId(entry.versionId()).build());
      String storageClass = head.storageClassAsString();
      return Optional.of(new SourceObject(loc, entry.relativeKey(), head.contentLength(), head.eTag(),
          storageClass == null || storageClass.equals("STANDARD") ? null : storageClass, entry.line(),
          entry.versionId(), head.lastModified()));
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      if (kind == ErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw new LakecopyException(kind, "--manifest line " + entry.line() + ": HEAD " + loc + ": "
          + S3Errors.describe(e), e);
    }
  }

  List<String> readLines(String manifest) {
    return readLines(manifest, "--manifest (source.manifest)");
  }

  /** A text file's lines: a local file, an s3:// object (SDK), or any URI Spark can read; errors name {@code flag}. */
  public List<String> readLines(String manifest, String flag) {
    if (manifest.regionMatches(true, 0, "s3://", 0, 5)) {
      S3Location loc = S3Location.parse(manifest, flag);
      try {
        try (var in = source.getObject(GetObjectRequest.builder().bucket(loc.bucket()).key(loc.key()).build())) {
          return TextLines.lines(in, flag + " " + manifest); // strict UTF-8, BOM dropped
        }
      } catch (IOException e) {
        throw new LakecopyException(ErrorKind.NETWORK, flag + ": cannot read " + manifest + ": " + e.getMessage(), e);
      } catch (SdkException e) {
        ErrorKind kind = S3Errors.classify(e);
        throw new LakecopyException(kind == ErrorKind.NOT_FOUND ? ErrorKind.INVALID_INPUT : kind,
            flag + ": cannot read " + manifest + ": " + S3Errors.describe(e), e);
      }
    }
    if (URI_SCHEME.matcher(manifest).matches() && !manifest.startsWith("file:")) {
      try {
        List<String> lines = new ArrayList<>(spark.read().textFile(manifest).collectAsList());
        if (!lines.isEmpty()) {
          lines.set(0, TextLines.stripBom(lines.get(0))); // a byte order mark is not part of the first key
        }
        return lines;
      } catch (RuntimeException e) {
        throw LakecopyException.invalidInput(flag + ": cannot read " + manifest + ": "
            + e.getMessage());
      }
    }
    Path path = Path.of(manifest.startsWith("file:") ? java.net.URI.create(manifest).getPath() : manifest);
    try {
      if (Files.isDirectory(path)) {
        // A manifest Spark wrote (e.g. --output-manifest): its data files, in name order.
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(path)) {
          for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("_")
              && !f.getFileName().toString().startsWith(".")).sorted().toList()) {
            try (var in = Files.newInputStream(f)) {
              lines.addAll(TextLines.lines(in, flag + " " + f));
            }
          }
        }
        return lines;
      }
      try (var in = Files.newInputStream(path)) {
        return TextLines.lines(in, flag + " " + manifest); // strict UTF-8, BOM dropped
      }
    } catch (NoSuchFileException e) {
      throw LakecopyException.invalidInput(flag + ": file not found: " + manifest);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw LakecopyException.invalidInput(flag + ": cannot read " + manifest + ": "
          + e.getMessage());
    }
  }
}
