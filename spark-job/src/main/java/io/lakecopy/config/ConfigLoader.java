package io.lakecopy.config;

import static io.lakecopy.config.CliOption.*;

import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3ClientSettings;
import io.lakecopy.s3.S3Limits;
import io.lakecopy.s3.S3Location;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Turns config-file properties and command-line values (keys of {@link CliOption}) into a validated
 * {@link JobConfig}. Runs once, on the driver. Every error is a {@link LakecopyException} of kind
 * INVALID_INPUT naming the flag, the config key and the bad value.
 */
public final class ConfigLoader {
  /** Separates {@code include:GLOB} / {@code exclude:GLOB} entries in {@code filter.rules}. */
  public static final String FILTER_SEPARATOR = "\n";

  static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(15);
  static final Duration CALL_TIMEOUT = Duration.ofMinutes(60);
  static final int MAX_CONCURRENCY_LIMIT = 1000;
  static final int MAX_ATTEMPTS_LIMIT = 20;
  static final int MAX_OBJECT_ATTEMPTS = 10;

  private ConfigLoader() {}

  /**
   * Reads a config file of {@code key=value} lines (Java properties, UTF-8, a byte order mark allowed);
   * unknown keys, a key set twice and bytes that are not UTF-8 are errors naming the file and the lines.
   */
  public static Map<String, String> readConfFile(Path file) {
    String name = CONF_FILE_FLAG + " " + file;
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw LakecopyException.invalidInput(CONF_FILE_FLAG + ": file not found: " + file);
    } catch (IOException e) {
      throw LakecopyException.invalidInput(CONF_FILE_FLAG + ": cannot read " + file + ": " + e.getMessage());
    }
    List<String> lines = TextLines.lines(bytes, name);
    Map<String, String> values = new HashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    for (int i = 0; i < lines.size(); ) {
      int first = i;
      StringBuilder logical = new StringBuilder(lines.get(i++));
      // A line ending in an odd number of backslashes continues on the next (comments never do).
      while (!isComment(lines.get(first)) && continues(logical) && i < lines.size()) {
        logical.append('\n').append(lines.get(i++));
      }
      Properties one = new Properties();
      try {
        one.load(new java.io.StringReader(logical.toString()));
      } catch (IOException | IllegalArgumentException e) {
        throw LakecopyException.invalidInput(name + ": line " + (first + 1) + ": " + e.getMessage());
      }
      for (String key : one.stringPropertyNames()) {
        if (CliOption.forKey(key).isEmpty()) {
          throw LakecopyException.invalidInput(name + ": line " + (first + 1) + ": unknown key '" + Excerpt.of(key)
              + "' (see conf/lakecopy.properties for the keys)");
        }
        Integer earlier = lineOf.putIfAbsent(key, first + 1);
        if (earlier != null) {
          throw LakecopyException.invalidInput(name + ": key '" + key + "' is set twice, on line " + earlier
              + " and line " + (first + 1) + "; keep one");
        }
        values.put(key, one.getProperty(key));
      }
    }
    return values;
  }

  private static boolean isComment(String line) {
    String s = line.stripLeading();
    return s.startsWith("#") || s.startsWith("!");
  }

  private static boolean continues(CharSequence line) {
    int backslashes = 0;
    for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** Validates {@code values} (config keys to raw strings; absent keys take their defaults). */
  public static JobConfig load(Map<String, String> values) {
    Values v = new Values(values);
    Optional<S3Location> source = v.optional(SOURCE).map(s -> S3Location.parse(s, SOURCE.display()).asPrefix());
    S3Location dest = S3Location.parse(v.required(DEST), DEST.display()).asPrefix();
    Optional<String> manifest = v.optional(MANIFEST);
    if (source.isEmpty() && manifest.isEmpty()) {
      throw LakecopyException.invalidInput(SOURCE.display() + " or " + MANIFEST.display()
          + " is required: nothing to copy");
    }

    long partSize = v.size(PART_SIZE, S3Limits.MIN_PART_SIZE_BYTES, S3Limits.MAX_PART_SIZE_BYTES);
    long threshold = v.size(MULTIPART_THRESHOLD, S3Limits.MIN_PART_SIZE_BYTES, S3Limits.MAX_SINGLE_COPY_BYTES);
    int concurrency = v.integer(MAX_CONCURRENCY, 1, MAX_CONCURRENCY_LIMIT);
    int partitions = v.integer(PARTITIONS, 0, 1_000_000);
    int attempts = v.integer(MAX_ATTEMPTS, 1, MAX_ATTEMPTS_LIMIT);
    int objectAttempts = v.integer(OBJECT_ATTEMPTS, 1, MAX_OBJECT_ATTEMPTS);
    Optional<String> ledger = v.optional(LEDGER);
    Optional<String> resume = v.optional(RESUME);
    if (ledger.isPresent() && resume.isPresent() && !ledger.equals(resume)) {
      throw LakecopyException.invalidInput(LEDGER.display() + " and " + RESUME.display()
          + " name different ledgers; --resume alone keeps writing to the ledger it resumes");
    }
    boolean pathStyle = v.bool(PATH_STYLE);

    Optional<String> sourceEndpoint = v.optional(SOURCE_ENDPOINT).map(e -> endpoint(e, SOURCE_ENDPOINT));
    Optional<String> destEndpoint = v.optional(DEST_ENDPOINT).map(e -> endpoint(e, DEST_ENDPOINT));
    boolean streamed = CopyMode.parse(v.get(COPY_MODE), COPY_MODE.display())
        .streams(sameService(sourceEndpoint, destEndpoint), twoServices(sourceEndpoint, destEndpoint));
    if (streamed) {
      refuseWhereStreamed(v);
    }

    java.time.Instant now = java.time.Instant.now();
    ClientOptionsLoader.Sides sides = ClientOptionsLoader.load(v, now);
    S3ClientSettings sourceClient = new S3ClientSettings(sourceEndpoint.orElse(null),
        v.optional(SOURCE_REGION).orElse(null), pathStyle || v.bool(SOURCE_PATH_STYLE),
        v.optional(SOURCE_PROFILE).orElse(null),
        concurrency, attempts, ATTEMPT_TIMEOUT, CALL_TIMEOUT, sides.sourceRole().orElse(null), sides.source());
    S3ClientSettings destClient = new S3ClientSettings(destEndpoint.orElse(null),
        v.optional(DEST_REGION).orElse(null), pathStyle || v.bool(DEST_PATH_STYLE),
        v.optional(DEST_PROFILE).orElse(null),
        concurrency, attempts, ATTEMPT_TIMEOUT, CALL_TIMEOUT, sides.destRole().orElse(null), sides.dest());

    long minSize = v.optional(MIN_SIZE).isPresent() ? v.size(MIN_SIZE, 0, Long.MAX_VALUE) : 0;
    long maxSize = v.optional(MAX_SIZE).isPresent() ? v.size(MAX_SIZE, 0, Long.MAX_VALUE) : Long.MAX_VALUE;
    if (minSize > maxSize) {
      throw LakecopyException.invalidInput(MIN_SIZE.display() + " is larger than " + MAX_SIZE.display());
    }
    boolean delete = deleteWithoutManifest(v.bool(DELETE), manifest);
    if (delete && (v.optional(DEST_KEY_REGEX).isPresent() || v.bool(FLATTEN))
        && (v.optional(INCLUDE).isPresent() || v.optional(SRC_PATTERN).isPresent()
            || v.optional(SRC_PREFIXES_FILE).isPresent())) {
      throw LakecopyException.invalidInput(DELETE.display() + " with " + (v.bool(FLATTEN) ? FLATTEN.display()
          : DEST_KEY_REGEX.display()) + " and a key filter (--include/--exclude, --src-pattern or"
          + " --src-prefixes-file): a rewritten destination key cannot be mapped back to the source key the filter"
          + " would judge, so which destination objects are in scope is unknown; drop one of them");
    }
    checkLocations(v, source, dest, delete, v.bool(MOVE), resume.or(() -> ledger));
    return new JobConfig(source, dest, manifest, manifestFormat(v.get(MANIFEST_FORMAT)),
        "auto".equalsIgnoreCase(v.get(LIST_PARALLELISM).strip()) ? 0 : v.integer(LIST_PARALLELISM, 1, 64),
        v.integer(LIST_PAGES_PER_RANGE, 1, 10_000),
        v.integer(LIST_PAGE_SIZE, 1, 10_000), v.bool(SKIP_MISSING), filters(v.optional(INCLUDE)),
        v.optional(SRC_PATTERN).map(r -> pattern(r, SRC_PATTERN)), minSize, maxSize,
        v.optional(MODIFIED_AFTER).map(t -> time(t, MODIFIED_AFTER, now)),
        v.optional(MODIFIED_BEFORE).map(t -> time(t, MODIFIED_BEFORE, now)),
        v.optional(SRC_PREFIXES_FILE), ifExists(v.get(IF_EXISTS)),
        keyMapper(v.optional(DEST_KEY_REGEX).map(r -> pattern(r, DEST_KEY_REGEX)), v.get(DEST_KEY_REPLACEMENT),
            v.bool(FLATTEN)),
        delete, v.integer(MAX_DELETE, -1, Integer.MAX_VALUE), v.bool(MOVE),
        new io.lakecopy.config.RequestCost(v.price(PRICE_CLASS_A), v.price(PRICE_CLASS_B)),
        partSize, threshold, concurrency, v.integer(WAVE_SIZE, 1, 100_000_000), partitions, objectAttempts, v.bool(NO_TAGS), v.optional(REPORT),
        reportFormat(v.get(REPORT_FORMAT)), v.bool(DRY_RUN), resume.or(() -> ledger), v.optional(COMPLETION_MARKER),
        v.optional(OUTPUT_MANIFEST), v.optional(PREVIOUS_MANIFEST),
        resume.isPresent(),
        Duration.ofSeconds(v.integer(PROGRESS_INTERVAL, 0, 86_400)),
        sourceClient, destClient, verification(v.get(CHECKSUM_VERIFY),
            v.optional(CHECKSUM_ALGORITHM).map(a -> io.lakecopy.s3.Checksum.algorithmFlag(
                CHECKSUM_ALGORITHM.display(), a)).orElse(null), v.get(OBJECT_LOCK)), sourcePartLayout(v.get(PART_LAYOUT)),
        verifyAfter(v.bool(VERIFY), v.bool(MOVE), v.bool(DRY_RUN)), versions(v, manifest, delete, resume.isPresent(),
            now), maxUploadParts(v), streamed, bwlimit(v, streamed));
  }

  /**
   * --bwlimit: bytes a second, 1 KiB..; only where the run streams (server-side copies never pass through the
   * cluster, so there is nothing to limit), 0 where not given.
   *
   * @throws LakecopyException INVALID_INPUT naming the flag
   */
  private static long bwlimit(Values v, boolean streamed) {
    if (v.optional(BWLIMIT).isEmpty()) {
      return 0;
    }
    long rate = v.size(BWLIMIT, 1024, Long.MAX_VALUE);
    if (!streamed) {
      throw LakecopyException.invalidInput(BWLIMIT.display() + " limits streamed copies only, and this run copies"
          + " server-side (the bytes never pass through the cluster); drop it, or stream with " + COPY_MODE.flag()
          + " stream");
    }
    return rate;
  }

  /**
   * --max-upload-parts: 100..10,000 (no store is known to take fewer than 1,000 parts; below 100 the parts of a 5 GiB
   * copy that a store refuses to copy whole would not fit).
   *
   * @throws LakecopyException INVALID_INPUT naming the flag
   */
  private static int maxUploadParts(Values v) {
    int parts = v.integer(MAX_UPLOAD_PARTS, 100, S3Limits.MAX_PARTS);
    if (parts != S3Limits.MAX_PARTS && v.bool(ALL_VERSIONS)) {
      throw LakecopyException.invalidInput(MAX_UPLOAD_PARTS.display() + " with " + ALL_VERSIONS.display()
          + ": the versions of a history are copied in parts of --part-size up to 10,000 parts; drop one");
    }
    return parts;
  }

  /**
   * --version-at and --all-versions, with what they cannot go with.
   *
   * @throws LakecopyException INVALID_INPUT naming the flags
   */
  private static Versions versions(Values v, Optional<String> manifest, boolean delete, boolean resume,
      java.time.Instant now) {
    Optional<java.time.Instant> at = v.optional(VERSION_AT).map(t -> time(t, VERSION_AT, now));
    boolean all = v.bool(ALL_VERSIONS);
    if (!all && at.isEmpty()) {
      return Versions.CURRENT;
    }
    String flag = all ? ALL_VERSIONS.display() : VERSION_AT.display();
    if (all && at.isPresent()) {
      throw LakecopyException.invalidInput(ALL_VERSIONS.display() + " with " + VERSION_AT.display()
          + ": one copies every version, the other one version of each key; drop one");
    }
    if (v.bool(MOVE)) {
      throw LakecopyException.invalidInput(flag + " with " + MOVE.display() + ": a move would delete source versions"
          + " other than the current ones, history a copy of one version does not keep; copy, then delete what you"
          + " no longer need");
    }
    if (manifest.isPresent() && manifestFormat(v.get(MANIFEST_FORMAT)).resolve(manifest.get())
        != ManifestFormat.INVENTORY) {
      throw LakecopyException.invalidInput(flag + " with a " + MANIFEST.display() + " that is no S3 Inventory:"
          + " versions are read from a listing of --source (ListObjectVersions) or an inventory of all versions; a"
          + " manifest names the versions to copy itself (a version id column)");
    }
    if (manifest.isPresent() && v.optional(SOURCE).isEmpty()) {
      throw LakecopyException.invalidInput(flag + " with an inventory (" + MANIFEST.display() + ") needs "
          + SOURCE.display() + ": the bucket and prefix whose histories are copied");
    }
    if (all) {
      List<String> refused = new ArrayList<>();
      if (delete) {
        refused.add(DELETE.display());
      }
      if (resume) {
        refused.add(RESUME.display() + " (run it again instead: it writes only the versions still missing)");
      }
      if (v.optional(PREVIOUS_MANIFEST).isPresent()) {
        refused.add(PREVIOUS_MANIFEST.display());
      }
      if (!v.get(IF_EXISTS).strip().equalsIgnoreCase("overwrite")) {
        refused.add(IF_EXISTS.display() + " (a key's history is continued where the destination's leaves off)");
      }
      if (v.get(OBJECT_LOCK).strip().equalsIgnoreCase("copy")) {
        refused.add(OBJECT_LOCK.display() + " copy");
      }
      if (v.bool(VERIFY)) {
        refused.add(VERIFY.display() + " (lakecopy check compares current objects)");
      }
      for (CliOption o : List.of(SRC_PREFIXES_FILE, MIN_SIZE, MAX_SIZE, MODIFIED_AFTER, MODIFIED_BEFORE)) {
        if (v.optional(o).isPresent()) {
          refused.add(o.display() + (o == SRC_PREFIXES_FILE ? "" : " (a key's history is copied whole)"));
        }
      }
      if (!refused.isEmpty()) {
        throw LakecopyException.invalidInput(ALL_VERSIONS.display() + " does not go with " + String.join(", ",
            refused));
      }
      Optional<S3Location> source = v.optional(SOURCE).map(x -> S3Location.parse(x, SOURCE.display()).asPrefix());
      S3Location dest = S3Location.parse(v.required(DEST), DEST.display()).asPrefix();
      if (source.isPresent() && source.get().bucket().equals(dest.bucket())
          && (dest.key().startsWith(source.get().key()) || source.get().key().startsWith(dest.key()))) {
        throw LakecopyException.invalidInput(ALL_VERSIONS.display() + ": " + DEST.display() + " " + dest
            + " and " + SOURCE.display() + " " + source.get() + " overlap: the histories written (delete markers"
            + " too) would land on keys the run reads; give a destination outside the source");
      }
      return new Versions(Versions.Mode.ALL, null);
    }
    return new Versions(Versions.Mode.AT, at.get());
  }

  private static boolean verifyAfter(boolean verify, boolean move, boolean dryRun) {
    if (verify && move) {
      throw LakecopyException.invalidInput(VERIFY.display() + " with " + MOVE.display() + ": the run deletes the"
          + " sources it would be checked against (each source is deleted only after its copy was verified)");
    }
    if (verify && dryRun) {
      throw LakecopyException.invalidInput(VERIFY.display() + " with " + DRY_RUN.display() + ": a dry run copies"
          + " nothing to verify; run lakecopy check to compare what is there");
    }
    return verify;
  }

  private static boolean sourcePartLayout(String layout) {
    return switch (layout.strip().toLowerCase(Locale.ROOT)) {
      case "source" -> true;
      case "planned" -> false;
      default -> throw LakecopyException.invalidInput(PART_LAYOUT.display() + ": '" + layout
          + "' is not a layout; use planned or source");
    };
  }

  private static io.lakecopy.copy.Verification verification(String mode, String algorithm, String objectLock) {
    boolean lock = switch (objectLock.strip().toLowerCase(Locale.ROOT)) {
      case "copy" -> true;
      case "none" -> false;
      default -> throw LakecopyException.invalidInput(OBJECT_LOCK.display() + ": '" + objectLock
          + "' is not a mode; use copy or none");
    };
    return switch (mode.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> new io.lakecopy.copy.Verification(true, algorithm, lock);
      case "off" -> new io.lakecopy.copy.Verification(false, algorithm, lock);
      default -> throw LakecopyException.invalidInput(CHECKSUM_VERIFY.display() + ": '" + mode
          + "' is not a mode; use auto or off");
    };
  }

  /** Parses {@code filter.rules}: entries {@code include:GLOB} or {@code exclude:GLOB}, in order. */
  static List<FilterRule> filters(Optional<String> raw) {
    List<FilterRule> rules = new ArrayList<>();
    if (raw.isEmpty()) {
      return rules;
    }
    // Flags join their rules with newlines; a config file lists them with commas. A glob may contain a
    // comma, so a comma separates rules only where the next rule's include:/exclude: follows it.
    boolean fromFlags = raw.get().contains(FILTER_SEPARATOR);
    for (String entry : raw.get().split(fromFlags ? FILTER_SEPARATOR : ",\\s*(?=(include|exclude):)")) {
      // A glob may end in a space: only config-file entries are trimmed.
      String e = fromFlags ? entry : entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      int colon = e.indexOf(':');
      String kind = colon < 0 ? "" : e.substring(0, colon);
      if (!kind.equals("include") && !kind.equals("exclude")) {
        throw LakecopyException.invalidInput("--include/--exclude (filter.rules): '" + e
            + "' must be include:GLOB or exclude:GLOB");
      }
      try {
        rules.add(new FilterRule(kind.equals("include"), e.substring(colon + 1)));
      } catch (IllegalArgumentException ex) {
        throw LakecopyException.invalidInput("--" + kind + " (filter.rules): " + ex.getMessage());
      }
    }
    return rules;
  }

  /** The run's outputs and inputs against the source, the destination and each other: see {@link Locations}. */
  private static void checkLocations(Values v, Optional<S3Location> source, S3Location dest, boolean delete,
      boolean move, Optional<String> ledger) {
    Locations.check(source, dest,
        List.of(labelled(REPORT, v.optional(REPORT)), ledger.map(l -> new Locations.Labelled(
            v.optional(RESUME).isPresent() ? RESUME.display() : LEDGER.display(), l)),
            labelled(OUTPUT_MANIFEST, v.optional(OUTPUT_MANIFEST))),
        List.of(labelled(MANIFEST, v.optional(MANIFEST)), labelled(PREVIOUS_MANIFEST, v.optional(PREVIOUS_MANIFEST)),
            labelled(SRC_PREFIXES_FILE, v.optional(SRC_PREFIXES_FILE))),
        delete, move);
  }

  private static Optional<Locations.Labelled> labelled(CliOption option, Optional<String> uri) {
    return uri.map(u -> new Locations.Labelled(option.display(), u));
  }

  static String endpoint(String value, CliOption option) {
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("expected http(s)://host[:port]");
      }
      return value.strip();
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw LakecopyException.invalidInput(option.display() + ": '" + value + "' is not an endpoint URL ("
          + e.getMessage() + ")");
    }
  }

  /** Whether both sides are one service: the same endpoint, or both AWS (no endpoint is AWS). Pure. */
  static boolean sameService(Optional<String> source, Optional<String> dest) {
    return source.equals(dest)
        || source.map(ConfigLoader::isAws).orElse(true) && dest.map(ConfigLoader::isAws).orElse(true);
  }

  private static String twoServices(Optional<String> source, Optional<String> dest) {
    return COPY_MODE.display() + " server with " + SOURCE_ENDPOINT.display() + " = " + source.orElse("AWS") + " and "
        + DEST_ENDPOINT.display() + " = " + dest.orElse("AWS") + ", two services: a server-side copy is sent to the"
        + " destination endpoint, which must serve the source bucket too; give both the same endpoint, or use "
        + COPY_MODE.flag() + " auto or stream";
  }

  /**
   * The flags a streamed copy does not carry yet, refused rather than silently dropped.
   *
   * @throws LakecopyException INVALID_INPUT naming the first such flag
   */
  private static void refuseWhereStreamed(Values v) {
    List<String> refused = new ArrayList<>();
    for (CliOption o : List.of(ALL_VERSIONS, REQUESTER_PAYS)) {
      if (v.bool(o)) {
        refused.add(o.display());
      }
    }
    if (v.get(OBJECT_LOCK).strip().equalsIgnoreCase("copy")) {
      refused.add(OBJECT_LOCK.display() + " copy");
    }
    for (CliOption o : List.of(SOURCE_SSE_C_KEY_FILE, DEST_SSE_C_KEY_FILE, SSE_KMS_KEY_MAP, CHECKSUM_ALGORITHM)) {
      if (v.optional(o).isPresent()) {
        refused.add(o.display());
      }
    }
    if (!refused.isEmpty()) {
      throw LakecopyException.invalidInput("a streamed copy (" + COPY_MODE.flag() + " stream, or auto between two"
          + " services) does not support " + String.join(", ", refused) + " yet: drop "
          + (refused.size() == 1 ? "it" : "them") + ", or copy within one service with " + COPY_MODE.flag()
          + " server");
    }
  }

  private static boolean isAws(String endpoint) {
    String host = URI.create(endpoint).getHost().toLowerCase(Locale.ROOT);
    return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
  }

  private static java.util.regex.Pattern pattern(String regex, CliOption option) {
    try {
      return java.util.regex.Pattern.compile(regex);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw LakecopyException.invalidInput(option.display() + ": '" + Excerpt.of(regex) + "' is not a regex: "
          + e.getDescription());
    }
  }

  /**
   * The key mapper, its replacement checked against the regex before any request: a group reference
   * ({@code $n}, {@code ${name}}) the regex does not have, a trailing {@code $} or {@code \}, or
   * {@code $} not followed by a group are errors naming --dest-key-replacement.
   */
  static io.lakecopy.config.KeyMapper keyMapper(Optional<java.util.regex.Pattern> regex, String replacement,
      boolean flatten) {
    regex.ifPresent(r -> checkReplacement(r, replacement));
    return new io.lakecopy.config.KeyMapper(regex, replacement, flatten);
  }

  private static void checkReplacement(java.util.regex.Pattern regex, String replacement) {
    // Matcher.replaceFirst parses the replacement and looks its groups up only once something matched:
    // the same regex as an alternative beside an empty one (same groups, same names) always matches "".
    java.util.regex.Pattern always = alwaysMatching(regex);
    if (always == null) {
      return; // not expected for a regex that compiled; the copy stage would still report a bad replacement
    }
    java.util.regex.Matcher m = always.matcher("");
    if (!m.find()) {
      return;
    }
    try {
      m.replaceFirst(replacement);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      int groups = regex.matcher("").groupCount();
      throw LakecopyException.invalidInput(DEST_KEY_REPLACEMENT.display() + ": '" + Excerpt.of(replacement)
          + "' does not fit " + DEST_KEY_REGEX.display() + " '" + Excerpt.of(regex.pattern()) + "' (" + groups
          + " group" + (groups == 1 ? "" : "s") + "): " + e.getMessage() + "; "
          + (groups == 0 ? "" : "refer to groups as $1" + (groups == 1 ? "" : "..$" + groups) + " or ${name}, ")
          + "write a literal $ or \\ as \\$ or \\\\");
    }
  }

  private static java.util.regex.Pattern alwaysMatching(java.util.regex.Pattern regex) {
    int groups = regex.matcher("").groupCount();
    // The newline ends a trailing (?x) comment; \E closes a trailing \Q, where there is one.
    for (String tail : List.of("\n)|", "\\E\n)|")) {
      try {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("(?:" + regex.pattern() + tail, regex.flags());
        if (p.matcher("").groupCount() == groups) {
          return p;
        }
      } catch (java.util.regex.PatternSyntaxException e) {
        // try the next tail
      }
    }
    return null;
  }

  private static java.time.Instant time(String value, CliOption option, java.time.Instant now) {
    try {
      return TimeSpec.parse(value, now);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(option.display() + ": " + e.getMessage());
    }
  }

  private static boolean deleteWithoutManifest(boolean delete, Optional<String> manifest) {
    if (delete && manifest.isPresent()) {
      throw LakecopyException.invalidInput(DELETE.display() + " mirrors a listed --source prefix; with "
          + MANIFEST.display() + " every object not in the manifest would be deleted: refusing");
    }
    return delete;
  }

  private static IfExists ifExists(String value) {
    try {
      return IfExists.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(IF_EXISTS.display() + ": '" + value
          + "' is not a mode; use overwrite, skip or update");
    }
  }

  private static ManifestFormat manifestFormat(String value) {
    try {
      return ManifestFormat.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(MANIFEST_FORMAT.display() + ": '" + value
          + "' is not a manifest format; use auto, lines, csv or inventory");
    }
  }

  private static ReportFormat reportFormat(String value) {
    try {
      return ReportFormat.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput(REPORT_FORMAT.display() + ": '" + value
          + "' is not a report format; use json, csv or parquet");
    }
  }

  /** Raw values with defaults applied and typed accessors that name the option on error. */
  record Values(Map<String, String> raw) {
    String get(CliOption option) {
      String value = raw.get(option.key());
      return value != null ? value : option.defaultValue().orElse(null);
    }

    Optional<String> optional(CliOption option) {
      return Optional.ofNullable(get(option)).map(String::strip).filter(s -> !s.isEmpty());
    }

    String required(CliOption option) {
      return optional(option).orElseThrow(() ->
          LakecopyException.invalidInput(option.display() + " is required"));
    }

    long size(CliOption option, long min, long max) {
      String value = get(option);
      long bytes;
      try {
        bytes = DataSize.parseBytes(value);
      } catch (IllegalArgumentException e) {
        throw LakecopyException.invalidInput(option.display() + ": " + e.getMessage());
      }
      if (bytes < min || bytes > max) {
        throw LakecopyException.invalidInput(option.display() + ": " + value + " is outside S3's limits "
            + DataSize.format(min) + ".." + DataSize.format(max));
      }
      return bytes;
    }

    int integer(CliOption option, int min, int max) {
      String value = get(option);
      try {
        int n = Integer.parseInt(value.strip());
        if (n < min || n > max) {
          throw LakecopyException.invalidInput(option.display() + ": " + value + " is outside " + min + ".." + max);
        }
        return n;
      } catch (NumberFormatException e) {
        throw LakecopyException.invalidInput(option.display() + ": '" + value + "' is not a whole number");
      }
    }

    double price(CliOption option) {
      String value = get(option);
      try {
        double d = Double.parseDouble(value.strip());
        if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw LakecopyException.invalidInput(option.display() + ": '" + value + "' is not a price in USD");
      }
    }

    boolean bool(CliOption option) {
      String value = get(option).strip().toLowerCase(Locale.ROOT);
      return switch (value) {
        case "true", "yes", "1" -> true;
        case "false", "no", "0" -> false;
        default -> throw LakecopyException.invalidInput(option.display() + ": '" + get(option)
            + "' is not true or false");
      };
    }
  }
}
