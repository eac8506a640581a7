package io.lakecopy.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every flag of the job, bound in one place to its config-file key, default and help text. The
 * command line, the config file, the README tables and {@code conf/lakecopy.properties} all derive
 * from this enum; tests check that they agree.
 */
public enum CliOption {
  SOURCE("--source", "source.uri", "URI", null, null, false,
      "Source prefix, s3://bucket/prefix/. Every object under it is copied (unless --manifest is given)."),
  DEST("--dest", "dest.uri", "URI", null, null, false,
      "Destination prefix, s3://bucket/prefix/. Each object lands at the same key relative to the source prefix."),
  MANIFEST("--manifest", "source.manifest", "FILE_OR_URI", null, null, false,
      "Copy the objects listed in this file instead of listing --source: one per line, s3://bucket/key or a key"
          + " relative to --source; blank lines and lines starting with # are ignored. A local path, s3://... or"
          + " any URI Spark can read (s3a://, hdfs://, dbfs:/)."),
  MANIFEST_FORMAT("--manifest-format", "source.manifest-format", "FORMAT", null, "auto", false,
      "lines (one s3://bucket/key or relative key per line), csv (S3 Batch Operations bucket,key[,versionId] with"
          + " URL-encoded keys; or with a header row naming bucket,key[,version_id,size,etag] - rows with size and"
          + " etag need no HEAD), inventory (an S3 Inventory manifest.json: its CSV, Parquet or ORC data files are"
          + " read with Spark, no HEAD), or auto: inventory for names ending in manifest.json, csv for .csv, else lines."),
  SKIP_MISSING("--skip-missing", "source.skip-missing", null, "true", "false", false,
      "Report manifest entries whose object does not exist as SKIPPED instead of rejecting the manifest."),
  LIST_PARALLELISM("--list-parallelism", "source.list-parallelism", "N|auto", null, "auto", false,
      "Key ranges each listing task lists at a time (1..64), for the source and the destination prefix: a listing"
          + " round runs one task per N ranges. auto: about four tasks per core of the cluster"
          + " (spark.default.parallelism), at most 64 ranges a task."),
  LIST_PAGES_PER_RANGE("--list-pages-per-range", "source.list-pages-per-range", "N", null, "10", false,
      "ListObjectsV2 pages (of --list-page-size keys) a listing task lists of one key range in a round (1..10000);"
          + " what it did not finish is split into new ranges by the keys it saw, listed in the next round."),
  LIST_PAGE_SIZE("--list-page-size", "source.list-page-size", "N", null, "1000", false,
      "Keys asked for per ListObjectsV2 page (max-keys, 1..10000), for the source and the destination prefix."
          + " S3 returns at most 1,000; lower it for stores whose large pages time out, raise it on Ceph RGW up to"
          + " its rgw_max_listing_results."),
  INCLUDE("--include", "filter.rules", "GLOB", null, null, true,
      "Include keys matching GLOB (relative to the source prefix; * also matches /). Repeatable; --include and"
          + " --exclude are applied in the order given and the last match wins, as in the AWS CLI."),
  EXCLUDE("--exclude", "filter.rules", "GLOB", null, null, true,
      "Exclude keys matching GLOB. Repeatable; see --include."),
  SRC_PATTERN("--src-pattern", "filter.src-pattern", "REGEX", null, null, false,
      "Copy only keys whose full key matches this Java regex (s3-dist-cp's --srcPattern), after --include/--exclude."),
  MIN_SIZE("--min-size", "filter.min-size", "SIZE", null, null, false,
      "Copy only objects of at least this size."),
  MAX_SIZE("--max-size", "filter.max-size", "SIZE", null, null, false,
      "Copy only objects of at most this size."),
  MODIFIED_AFTER("--modified-after", "filter.modified-after", "TIME", null, null, false,
      "Copy only objects last modified after TIME: 2026-11-01T00:00:00Z, 2026-11-01 (UTC midnight) or an age"
          + " before now such as 7d, 12h, 30m."),
  MODIFIED_BEFORE("--modified-before", "filter.modified-before", "TIME", null, null, false,
      "Copy only objects last modified before TIME (same forms as --modified-after)."),
  VERSION_AT("--version-at", "source.version-at", "TIME", null, null, false,
      "Copy each key's version that was current at TIME (same forms as --modified-after), from a listing of the"
          + " source's versions (ListObjectVersions): a key that did not exist then, or was deleted, is not copied."
          + " Not with --move or --manifest."),
  ALL_VERSIONS("--all-versions", "source.all-versions", null, "true", "false", false,
      "Copy each key's whole history, oldest first: every version, and a delete marker for each delete marker,"
          + " continuing the destination key's history where it leaves off (a rerun writes only what is missing; a"
          + " destination history that is not the start of the source's is left alone, and the key fails). The"
          + " destination bucket must have versioning enabled, checked before anything is written. The report maps"
          + " each source version id to its copy's (dest_version_id)."),
  SRC_PREFIXES_FILE("--src-prefixes-file", "source.prefixes-file", "FILE_OR_URI", null, null, false,
      "List only these prefixes under --source (s3-dist-cp's --srcPrefixesFile): one per line, relative to --source"
          + " or an s3:// URI under it. Keys stay relative to --source."),
  DEST_KEY_REGEX("--dest-key-regex", "dest.key-regex", "REGEX", null, null, false,
      "Rewrite each key relative to --source with this Java regex and --dest-key-replacement before it is put under"
          + " --dest, e.g. 'dt=([^/]+)' to 'date=$1'."),
  DEST_KEY_REPLACEMENT("--dest-key-replacement", "dest.key-replacement", "TEMPLATE", null, "", false,
      "Replacement for --dest-key-regex; $1, $2 ... are its groups."),
  FLATTEN("--flatten", "dest.flatten", null, "true", "false", false,
      "Put every object directly under --dest: keep only the last path segment of its key. Two sources that map to"
          + " one destination key stop the run before any request (exit code 2), naming the keys."),
  IF_EXISTS("--if-exists", "copy.if-exists", "MODE", null, "overwrite", false,
      "When the destination key exists (one listing of the destination prefix decides): overwrite, skip, or update"
          + " (copy only when size or ETag differ; see the README)."),
  PART_SIZE("--part-size", "copy.part-size", "SIZE", null, "128MiB", false,
      "Part size of multipart copies (5MiB..5GiB); grown automatically so no object needs more than"
          + " --max-upload-parts parts."),
  MAX_UPLOAD_PARTS("--max-upload-parts", "copy.max-upload-parts", "N", null, "10000", false,
      "Most parts a multipart upload may have on the destination (100..10000): for stores that take fewer than S3's"
          + " 10,000. Part sizes grow so that every object fits; an object larger than N parts of 5 GiB fails."),
  PART_LAYOUT("--part-layout", "copy.part-layout", "LAYOUT", null, "planned", false,
      "planned: multipart copies use --part-size. source: a source written in parts (its ETag ends in -N) is copied"
          + " in parts of its own size (read with GetObjectAttributes, or a HEAD of its part 1), whatever"
          + " --multipart-threshold, so the copy has the source's ETag; one request more per"
          + " such source, and a multipart copy instead of one CopyObject for those below the threshold."),
  MULTIPART_THRESHOLD("--multipart-threshold", "copy.multipart-threshold", "SIZE", null, "128MiB", false,
      "Objects larger than this are copied as multipart uploads of UploadPartCopy parts; others with one"
          + " CopyObject (5MiB..5GiB; objects over 5GiB are always multipart)."),
  MAX_CONCURRENCY("--max-concurrency", "copy.max-concurrency", "N", null, "32", false,
      "Copy requests in flight per Spark task (1..1000). The driver uses the same bound to start and complete uploads."),
  WAVE_SIZE("--wave-size", "run.wave-size", "N", null, "1000000", false,
      "Objects per copy wave (1..100,000,000): the plan is copied wave after wave, each wave's outcomes committed"
          + " before the next starts, so a driver that dies loses at most the wave it was copying."),
  PARTITIONS("--partitions", "copy.partitions", "N", null, "0", false,
      "Spark tasks for the copy stage; 0 picks max(2 x default parallelism, one task per 10,000 copy requests)."),
  CHECKSUM_VERIFY("--checksum-verify", "copy.checksum-verify", "MODE", null, "auto", false,
      "auto: prove each copy whose ETag cannot (a source written in parts, an SSE-KMS or SSE-C copy) by its additional"
          + " checksum: the source's (HEAD with checksum mode) against the copy's, same algorithm, full-object; a"
          + " multipart copy asks its upload for the source's CRC and names the source's value on Complete. One HEAD"
          + " more per single copy of a multipart-written source. off: ETags only."),
  CHECKSUM_ALGORITHM("--checksum-algorithm", "copy.checksum-algorithm", "ALGORITHM", null, null, false,
      "Give copies whose source has no comparable checksum this one (CRC64NVME, CRC32C or CRC32, full-object);"
          + " a source's own CRC is kept. Unset: the store's default."),
  OBJECT_LOCK("--object-lock", "copy.object-lock", "MODE", null, "none", false,
      "copy: give each copy its source version's Object Lock retention (mode, retain-until date) and legal hold,"
          + " set once the copy is verified (GetObjectRetention and GetObjectLegalHold of the source, then"
          + " PutObjectRetention and PutObjectLegalHold on the copy's version). The destination bucket must have"
          + " Object Lock, checked before anything is written. none: copies are not locked."),
  NO_TAGS("--no-tags", "copy.tags", null, "false", "true", false,
      "Do not read source tags (GetObjectTagging) for multipart copies, whose tags must be set explicitly;"
          + " for S3-compatible servers without the tagging API. Single copies still ask S3 to copy tags."),
  BWLIMIT("--bwlimit", "copy.bwlimit", "RATE", null, null, false,
      "Streamed copies only: the most bytes a second the whole job reads from the source (e.g. 100MiB), divided"
          + " evenly among the job's task slots (Spark's default parallelism). A server-side run refuses it."),
  COPY_MODE("--copy-mode", "copy.mode", "MODE", null, "auto", false,
      "auto: server-side copies (CopyObject, UploadPartCopy) where source and destination are one service (the same"
          + " endpoint, or both AWS), streamed copies between two services. server: server-side only (two services:"
          + " exit code 2). stream: each object is read with the source's client and written with the destination's"
          + " (GetObject pinned to the planned ETag into PutObject, or UploadPart per part), its MD5 checked against"
          + " the ETag written. Not with --all-versions, --requester-pays, --object-lock copy, SSE-C keys,"
          + " --sse-kms-key-map or --checksum-algorithm."),
  OBJECT_ATTEMPTS("--object-attempts", "copy.object-attempts", "N", null, "3", false,
      "Attempts per object (1..10): an object whose copy failed with a retryable error (throttling, 5xx, network,"
          + " verification) after the SDK's own retries is copied again, multipart ones with a new upload."),
  MAX_ATTEMPTS("--max-attempts", "s3.max-attempts", "N", null, "5", false,
      "Attempts per S3 request, with exponential backoff and jitter on throttling and transient errors (1..20)."),
  REPORT("--report", "report.uri", "URI", null, null, false,
      "Write the per-object report here (a local path or any URI Spark can write, e.g. s3a://bucket/_lakecopy/run-1/)."
          + " It must not exist yet."),
  REPORT_FORMAT("--report-format", "report.format", "FORMAT", null, "json", false,
      "Report format: json, csv or parquet."),
  LEDGER("--ledger", "run.ledger", "URI", null, null, false,
      "Keep a ledger of this run here (a directory: local path or any URI Hadoop writes, e.g. s3a://...)"
          + " so that it can be resumed with --resume if the driver dies."),
  RESUME("--resume", "run.resume", "URI", null, null, false,
      "Resume the run whose ledger is here: give the same other flags. Objects the ledger records as copied, and"
          + " that the destination still holds, are not copied again; live multipart uploads are adopted and only their"
          + " missing parts copied. --report must name a new location, as for any run."),
  DELETE("--delete", "sync.delete", null, "true", "false", false,
      "Mirror: after every object was copied, delete destination objects under --dest that no listed source maps to"
          + " and that are in scope of the filters (see the README), each only if it still has the listed ETag. Not with"
          + " --manifest."),
  MAX_DELETE("--max-delete", "sync.max-delete", "N", null, "1000", false,
      "With --delete: if more than N destination objects would be deleted, stop before copying or deleting anything"
          + " (exit code 2). -1 = no limit."),
  MOVE("--move", "sync.move", null, "true", "false", false,
      "Move: delete each source object once its copy is verified at the destination (HEAD: size and ETag), naming"
          + " exactly the copied version (its version id, else If-Match on its ETag). A source whose copy failed, does"
          + " not verify, changed, or cannot be deleted is kept and its object fails. The report marks moved objects"
          + " MOVED."),
  OUTPUT_MANIFEST("--output-manifest", "run.output-manifest", "URI", null, null, false,
      "Write a CSV manifest (header bucket,key,size,etag; URL-encoded keys) of the source objects this run copied,"
          + " as s3-dist-cp's --outputManifest; feed it to a later run as --previous-manifest. Must not exist yet."),
  PREVIOUS_MANIFEST("--previous-manifest", "source.previous-manifest", "FILE_OR_URI", null, null, false,
      "Skip source objects listed in this manifest (an earlier --output-manifest, or any CSV manifest) with the same"
          + " ETag, as s3-dist-cp's --previousManifest."),
  COMPLETION_MARKER("--completion-marker", "run.completion-marker", "KEY", null, null, false,
      "Write an empty object at this key under --dest when every object was copied (and remove a stale empty one"
          + " before copying), for downstream steps to wait on, e.g. _SUCCESS. A source that maps to this key, or a"
          + " non-empty object there, stops the run before anything is written."),
  PRICE_CLASS_A("--price-class-a", "run.price-class-a", "USD", null, "0.005", false,
      "Price per 1,000 PUT/COPY/POST/LIST requests for the request cost in the summary and the dry run."),
  PRICE_CLASS_B("--price-class-b", "run.price-class-b", "USD", null, "0.0004", false,
      "Price per 1,000 GET/HEAD requests for the request cost (DELETE and abort are free)."),
  PROGRESS_INTERVAL("--progress-interval", "run.progress-interval", "SECONDS", null, "10", false,
      "Log a progress line (requests and bytes done, rate, ETA, failures) this often during the copy; 0 = off."),
  VERIFY("--verify", "run.verify", null, "true", "false", false,
      "Once the copy is done, check every selected source against the destination as lakecopy check does (by key,"
          + " size and comparable ETag; with --delete also for extra objects), and exit 1 if anything is missing or"
          + " differs. Its report goes to _verify/ under --report. Not with --move or --dry-run."),
  DRY_RUN("--dry-run", "run.dry-run", null, "true", "false", false,
      "Plan only: list, filter and report what would be copied; send no write request to the destination."),
  SOURCE_ENDPOINT("--source-endpoint", "source.endpoint", "URL", null, null, false,
      "S3 endpoint for the source (S3-compatible servers, VPC endpoints). Default: AWS."),
  DEST_ENDPOINT("--dest-endpoint", "dest.endpoint", "URL", null, null, false,
      "S3 endpoint for the destination. A server-side copy is sent here, so it must serve the source bucket too; a"
          + " --dest-endpoint other than --source-endpoint (one of them not AWS) makes --copy-mode auto stream."),
  SOURCE_REGION("--source-region", "source.region", "REGION", null, null, false,
      "Region of the source bucket. Default: the AWS default region chain, else found per bucket."),
  DEST_REGION("--dest-region", "dest.region", "REGION", null, null, false,
      "Region of the destination bucket. Default: as for --source-region."),
  PATH_STYLE("--path-style", "s3.path-style", null, "true", "false", false,
      "Use path-style requests (http://endpoint/bucket/key), as most S3-compatible servers need."),
  SOURCE_PATH_STYLE("--source-path-style", "source.path-style", null, "true", "false", false,
      "Path-style requests for the source only (an S3-compatible source, an AWS destination)."),
  DEST_PATH_STYLE("--dest-path-style", "dest.path-style", null, "true", "false", false,
      "Path-style requests for the destination only (an AWS source, an S3-compatible destination)."),
  SOURCE_PROFILE("--source-profile", "source.profile", "NAME", null, null, false,
      "AWS profile for listing and reading source metadata. Default: the AWS default credentials chain."),
  DEST_PROFILE("--dest-profile", "dest.profile", "NAME", null, null, false,
      "AWS profile for the copies (for server-side copies it needs read access to the source; streamed copies read"
          + " the source with --source-profile). Default: the AWS default credentials chain."),
  SOURCE_ROLE_ARN("--source-role-arn", "source.role-arn", "ARN", null, null, false,
      "IAM role to assume (STS AssumeRole) for listing and reading the source, with the source's credentials"
          + " (--source-profile or the default chain); renewed before it expires."),
  DEST_ROLE_ARN("--dest-role-arn", "dest.role-arn", "ARN", null, null, false,
      "IAM role to assume for the copies, on the driver and on every executor (it needs read access to the source);"
          + " renewed before it expires, so a copy may outlast the role's session."),
  SOURCE_EXTERNAL_ID("--source-external-id", "source.external-id", "ID", null, null, false,
      "External id (sts:ExternalId) that the trust policy of --source-role-arn requires."),
  DEST_EXTERNAL_ID("--dest-external-id", "dest.external-id", "ID", null, null, false,
      "External id (sts:ExternalId) that the trust policy of --dest-role-arn requires."),
  SOURCE_STS_ENDPOINT("--source-sts-endpoint", "source.sts-endpoint", "URL", null, null, false,
      "STS endpoint at which --source-role-arn is assumed (an S3-compatible store's STS, which Ceph RGW serves on its"
          + " S3 endpoint). Default: STS in --source-region, or AWS_ENDPOINT_URL_STS."),
  DEST_STS_ENDPOINT("--dest-sts-endpoint", "dest.sts-endpoint", "URL", null, null, false,
      "STS endpoint at which --dest-role-arn is assumed. Default: STS in --dest-region, or AWS_ENDPOINT_URL_STS."),
  ROLE_SESSION_NAME("--role-session-name", "s3.role-session-name", "NAME", null, null, false,
      "Session name of the assumed roles, as CloudTrail records it with every request (2-64 letters, digits and"
          + " +=,.@-). Default: lakecopy-<start time, UTC>, e.g. lakecopy-20261201T101500Z."),
  REQUESTER_PAYS("--requester-pays", "s3.requester-pays", null, "true", "false", false,
      "Send x-amz-request-payer: requester on every request of both sides, listings included: this account pays"
          + " for the requests (and transfer) of Requester Pays buckets."),
  EXPECTED_SOURCE_OWNER("--expected-source-owner", "source.expected-owner", "ACCOUNT", null, null, false,
      "AWS account id (12 digits) that must own the source bucket: source requests carry x-amz-expected-bucket-owner,"
          + " copies x-amz-source-expected-bucket-owner. Another owner stops the run before anything is written"
          + " (exit code 2)."),
  EXPECTED_DEST_OWNER("--expected-dest-owner", "dest.expected-owner", "ACCOUNT", null, null, false,
      "AWS account id (12 digits) that must own the destination bucket: every destination request carries"
          + " x-amz-expected-bucket-owner. Another owner stops the run before anything is written (exit code 2)."),
  SSE("--sse", "dest.sse", "MODE", null, null, false,
      "Encrypt the copies: AES256 (SSE-S3), aws:kms (SSE-KMS) or aws:kms:dsse (DSSE-KMS). Default: the destination"
          + " bucket's default encryption (never the source's)."),
  SSE_KMS_KEY_ID("--sse-kms-key-id", "dest.sse-kms-key-id", "KEY", null, null, false,
      "KMS key of --sse aws:kms / aws:kms:dsse copies: key id, key ARN or alias ARN. Default: the AWS managed key"
          + " aws/s3 (which other accounts cannot use)."),
  BUCKET_KEY("--bucket-key", "dest.bucket-key", null, "true", "false", false,
      "Use S3 Bucket Keys for SSE-KMS copies (far fewer KMS requests). Not for DSSE-KMS."),
  SSE_KMS_KEY_MAP("--sse-kms-key-map", "dest.sse-kms-key-map", "FILE", null, null, false,
      "Re-encrypt each SSE-KMS source object with the destination key its source key maps to: a local file of"
          + " SOURCE-KEY = DEST-KEY lines (key ids or ARNs; # comments). Costs one HEAD per single copy. Objects under"
          + " other keys get --sse / --sse-kms-key-id."),
  SOURCE_SSE_C_KEY_FILE("--source-sse-c-key-file", "source.sse-c-key-file", "FILE", null, null, false,
      "SSE-C key of the source objects: a local file of 32 raw bytes or their base64. Sent on source HEADs and as the"
          + " copy-source key of every copy; every source object must be encrypted with it."),
  DEST_SSE_C_KEY_FILE("--dest-sse-c-key-file", "dest.sse-c-key-file", "FILE", null, null, false,
      "Encrypt the copies with this SSE-C key (a local file of 32 raw bytes or their base64). Not with --sse."),
  ACL("--acl", "dest.acl", "ACL", null, null, false,
      "Canned ACL of the copies, e.g. bucket-owner-full-control. Buckets with ACLs disabled (Object Ownership"
          + " 'bucket owner enforced', the default for new buckets) accept only that one.");

  /** The one flag that is not a config key: it names the config file itself. */
  public static final String CONF_FILE_FLAG = "--conf-file";

  private final String flag;
  private final String key;
  private final String paramLabel;
  private final String switchValue;
  private final String defaultValue;
  private final boolean repeatable;
  private final String help;

  CliOption(String flag, String key, String paramLabel, String switchValue, String defaultValue,
      boolean repeatable, String help) {
    this.flag = flag;
    this.key = key;
    this.paramLabel = paramLabel;
    this.switchValue = switchValue;
    this.defaultValue = defaultValue;
    this.repeatable = repeatable;
    this.help = help;
  }

  public String flag() {
    return flag;
  }

  public String key() {
    return key;
  }

  /** The parameter's label in help, or empty for a switch that takes no value. */
  public Optional<String> paramLabel() {
    return Optional.ofNullable(paramLabel);
  }

  /** The value a switch stores under its key when given. */
  public Optional<String> switchValue() {
    return Optional.ofNullable(switchValue);
  }

  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public boolean repeatable() {
    return repeatable;
  }

  public String help() {
    return help;
  }

  /** How an error message names this setting: flag and config key. */
  public String display() {
    return flag + " (" + key + ")";
  }

  public static Optional<CliOption> forKey(String key) {
    return Arrays.stream(values()).filter(o -> o.key.equals(key)).findFirst();
  }
}
