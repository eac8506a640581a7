package io.lakecopy.config;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.S3ClientSettings;
import io.lakecopy.s3.S3Location;
import java.util.List;
import java.util.Optional;

/**
 * The validated job configuration, built once on the driver by {@link ConfigLoader}. Executors never
 * see it: they get the small records they need (client settings, copy tasks).
 *
 * @param source source prefix (with trailing slash, or empty for the whole bucket)
 * @param dest destination prefix, normalised like the source
 * @param listParallelism key ranges a listing task lists at a time; 0: chosen per round from the ranges and the
 *     cluster's cores ({@link io.lakecopy.plan.RangeLister#rangesPerTask})
 * @param listPagesPerRange ListObjectsV2 pages a listing task lists of one range in a round
 * @param listPageSize keys asked for per ListObjectsV2 page (max-keys)
 * @param partitions Spark tasks for the copy stage; 0 = automatic
 * @param verification --checksum-verify and --checksum-algorithm: how copies are proved right
 * @param sourcePartLayout --part-layout source: sources written in parts are copied in their own parts
 * @param verifyAfter --verify: the run ends with a check of its sources against the destination
 * @param versions --version-at and --all-versions: which versions of the sources are copied
 * @param streamed --copy-mode, resolved against the endpoints: copies read the source with its own client and write
 *     the bytes to the destination (GetObject into PutObject / UploadPart) instead of server-side copies
 */
public record JobConfig(
    Optional<S3Location> source,
    S3Location dest,
    Optional<String> manifest,
    ManifestFormat manifestFormat,
    int listParallelism,
    int listPagesPerRange,
    int listPageSize,
    boolean skipMissing,
    List<FilterRule> filters,
    Optional<java.util.regex.Pattern> srcPattern,
    long minSizeBytes,
    long maxSizeBytes,
    Optional<java.time.Instant> modifiedAfter,
    Optional<java.time.Instant> modifiedBefore,
    Optional<String> prefixesFile,
    IfExists ifExists,
    io.lakecopy.config.KeyMapper keyMapper,
    boolean delete,
    int maxDelete,
    boolean move,
    io.lakecopy.config.RequestCost prices,
    long partSizeBytes,
    long multipartThresholdBytes,
    int maxConcurrency,
    int waveSize,
    int partitions,
    int objectAttempts,
    boolean copyTags,
    Optional<String> report,
    ReportFormat reportFormat,
    boolean dryRun,
    Optional<String> ledger,
    Optional<String> completionMarker,
    Optional<String> outputManifest,
    Optional<String> previousManifest,
    boolean resume,
    java.time.Duration progressInterval,
    S3ClientSettings sourceClient,
    S3ClientSettings destClient,
    io.lakecopy.copy.Verification verification,
    boolean sourcePartLayout,
    boolean verifyAfter,
    Versions versions,
    int maxUploadParts,
    boolean streamed,
    long bwlimitBytesPerSecond) {

  /**
   * This configuration for the check a --verify run ends with: its report at {@code report} (or none), no ledger, not
   * a resumed run.
   */
  public JobConfig forCheck(Optional<String> checkReport) {
    return new JobConfig(source, dest, manifest, manifestFormat, listParallelism, listPagesPerRange, listPageSize,
        skipMissing, filters, srcPattern, minSizeBytes, maxSizeBytes, modifiedAfter, modifiedBefore, prefixesFile,
        ifExists, keyMapper, delete, maxDelete, move, prices, partSizeBytes, multipartThresholdBytes, maxConcurrency,
        waveSize, partitions, objectAttempts, copyTags, checkReport, reportFormat, dryRun, Optional.empty(),
        completionMarker, outputManifest, previousManifest, false, progressInterval, sourceClient, destClient,
        verification, sourcePartLayout, false, versions, maxUploadParts, streamed, bwlimitBytesPerSecond);
  }

  /**
   * Why this run streams its copies, for the dry run and the log: the two services, or the flag that asked for it;
   * null where it copies server-side.
   */
  public String streamReason() {
    if (!streamed) {
      return null;
    }
    return ConfigLoader.sameService(Optional.ofNullable(sourceClient.endpoint()),
        Optional.ofNullable(destClient.endpoint())) ? CliOption.COPY_MODE.flag() + " stream"
        : CliOption.SOURCE_ENDPOINT.flag() + " and " + CliOption.DEST_ENDPOINT.flag() + " are two services"
            + " (" + CliOption.COPY_MODE.flag() + " auto)";
  }

  /** The filter that decides which source objects are copied. */
  public io.lakecopy.config.ObjectFilter objectFilter() {
    return new io.lakecopy.config.ObjectFilter(new io.lakecopy.config.KeyFilter(filters), srcPattern, minSizeBytes,
        maxSizeBytes, modifiedAfter, modifiedBefore);
  }

  public JobConfig {
    requireNonNull(source, "source is null");
    requireNonNull(dest, "dest is null");
    requireNonNull(manifest, "manifest is null");
    requireNonNull(manifestFormat, "manifestFormat is null");
    filters = List.copyOf(filters);
    requireNonNull(report, "report is null");
    requireNonNull(reportFormat, "reportFormat is null");
    requireNonNull(ledger, "ledger is null");
    requireNonNull(ifExists, "ifExists is null");
    requireNonNull(keyMapper, "keyMapper is null");
    requireNonNull(completionMarker, "completionMarker is null");
    requireNonNull(outputManifest, "outputManifest is null");
    requireNonNull(previousManifest, "previousManifest is null");
    requireNonNull(sourceClient, "sourceClient is null");
    requireNonNull(destClient, "destClient is null");
    requireNonNull(verification, "verification is null");
    requireNonNull(versions, "versions is null");
  }
}
