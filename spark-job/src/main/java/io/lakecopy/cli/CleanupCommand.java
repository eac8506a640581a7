package io.lakecopy.cli;

import io.lakecopy.s3.AssumeRole;
import io.lakecopy.s3.Encryption;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.S3ClientSettings;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * {@code lakecopy cleanup}: lists the incomplete multipart uploads under a destination prefix that are
 * older than a given age and aborts them (or, with --dry-run, only lists them). With --ledger, only
 * the uploads that run recorded are touched. Needs no Spark.
 */
@Command(name = "lakecopy cleanup", sortOptions = false, usageHelpWidth = 110, mixinStandardHelpOptions = true,
    description = "Abort stale multipart uploads under a destination prefix (older than --older-than).",
    footerHeading = "%nExit codes:%n", footer = {"  0  done (or listed, with --dry-run)",
        "  2  invalid input", "  3  could not run (endpoint unreachable, access denied)"})
final class CleanupCommand {
  private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhd])");
  private static final Duration MAX_AGE = Duration.ofDays(3650);

  @Option(names = "--dest", required = true, paramLabel = "URI",
      description = "Destination prefix s3://bucket/prefix/ whose incomplete uploads to look at.")
  String dest;

  @Option(names = "--older-than", paramLabel = "AGE", defaultValue = "24h",
      description = "Only uploads started at least this long ago: e.g. 30m, 12h, 7d. Default: ${DEFAULT-VALUE}.")
  String olderThan;

  @Option(names = "--ledger", paramLabel = "URI",
      description = "Only uploads recorded in this lakecopy ledger (see --ledger of the copy).")
  String ledger;

  @Option(names = "--dry-run", description = "List what would be aborted; abort nothing.")
  boolean dryRun;

  @Option(names = "--dest-endpoint", paramLabel = "URL", description = "S3 endpoint. Default: AWS.")
  String endpoint;

  @Option(names = "--dest-region", paramLabel = "REGION", description = "Bucket region.")
  String region;

  @Option(names = "--dest-profile", paramLabel = "NAME", description = "AWS profile. Default: the default chain.")
  String profile;

  @Option(names = "--dest-role-arn", paramLabel = "ARN", description = "IAM role to assume (STS AssumeRole) with the"
      + " credentials above.")
  String roleArn;

  @Option(names = "--dest-external-id", paramLabel = "ID", description = "External id the role's trust policy requires.")
  String externalId;

  @Option(names = "--dest-sts-endpoint", paramLabel = "URL", description = "STS endpoint at which the role is assumed."
      + " Default: STS in --dest-region, or AWS_ENDPOINT_URL_STS.")
  String stsEndpoint;

  @Option(names = "--role-session-name", paramLabel = "NAME", description = "Role session name. Default:"
      + " lakecopy-cleanup-<start time, UTC>.")
  String sessionName;

  @Option(names = "--requester-pays", description = "x-amz-request-payer: requester on every request.")
  boolean requesterPays;

  @Option(names = "--expected-dest-owner", paramLabel = "ACCOUNT", description = "Account id (12 digits) that must own"
      + " the bucket (x-amz-expected-bucket-owner on every request).")
  String expectedOwner;

  @Option(names = "--path-style", description = "Path-style requests.")
  boolean pathStyle;

  @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "5", description = "Attempts per request.")
  int maxAttempts;

  /** Runs the command and returns its exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CleanupCommand command = new CleanupCommand();
    CommandLine cli = new CommandLine(command);
    try {
      cli.parseArgs(args);
      if (cli.isUsageHelpRequested()) {
        StringWriter help = new StringWriter();
        cli.usage(new PrintWriter(help), CommandLine.Help.Ansi.OFF);
        out.print(help);
        return ExitCode.OK.code();
      }
      return command.execute(out);
    } catch (CommandLine.ParameterException e) {
      err.println("lakecopy cleanup: " + e.getMessage() + " (run with --help for the options)");
      return ExitCode.INVALID_INPUT.code();
    } catch (LakecopyException e) {
      err.println("lakecopy cleanup: " + e.getMessage());
      return e.kind() == ErrorKind.INVALID_INPUT ? ExitCode.INVALID_INPUT.code() : ExitCode.CANNOT_RUN.code();
    }
  }

  /** Retries: SDK only. */
  private int execute(PrintStream out) {
    S3Location prefix = S3Location.parse(dest, "--dest").asPrefix();
    Duration age = parseAge(olderThan);
    Optional<io.lakecopy.job.RunDirectory> run = Optional.ofNullable(ledger).map(l ->
        io.lakecopy.job.RunDirectory.open(new org.apache.hadoop.conf.Configuration(), l, "--ledger"));
    S3ClientSettings settings = new S3ClientSettings(endpoint, region, pathStyle, profile, 8, maxAttempts,
        Duration.ofMinutes(2), Duration.ofMinutes(10), role(), options());
    Instant cutoff = Instant.now().minus(age);
    try (S3Client s3 = settings.create()) {
      io.lakecopy.s3.BucketOwnerCheck.check(settings, s3, prefix, "--expected-dest-owner");
      List<MultipartUpload> old = new ArrayList<>();
      for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key()))
          .uploads()) {
        if (u.initiated() != null && !u.initiated().isAfter(cutoff)) {
          old.add(u);
        }
      }
      // With --ledger, only the uploads that run's journals record: provably its own.
      Optional<Set<String>> recorded = run.map(r -> io.lakecopy.copy.Journal.recordedAmong(r.hadoop(),
          r.path("journal"), old.stream().map(MultipartUpload::uploadId).collect(Collectors.toSet())));
      List<MultipartUpload> stale = old.stream()
          .filter(u -> recorded.map(ids -> ids.contains(u.uploadId())).orElse(true)).toList();
      int aborted = 0;
      for (MultipartUpload u : stale) {
        out.println((dryRun ? "would abort " : "abort ") + "s3://" + prefix.bucket() + "/" + u.key() + " upload "
            + u.uploadId() + " started " + u.initiated());
        if (!dryRun) {
          s3.abortMultipartUpload(b -> b.bucket(prefix.bucket()).key(u.key()).uploadId(u.uploadId()));
          aborted++;
        }
      }
      out.println(dryRun ? stale.size() + " stale uploads found under " + prefix + " (dry run: none aborted)"
          : aborted + " stale uploads aborted under " + prefix);
      return ExitCode.OK.code();
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      throw new LakecopyException(kind == ErrorKind.NOT_FOUND ? ErrorKind.INVALID_INPUT : kind,
          "--dest " + prefix + ": " + S3Errors.describe(e), e);
    }
  }

  private AssumeRole role() {
    if (roleArn == null) {
      if (externalId != null || stsEndpoint != null) {
        throw LakecopyException.invalidInput((externalId != null ? "--dest-external-id" : "--dest-sts-endpoint")
            + " is given without --dest-role-arn");
      }
      return null;
    }
    String session = sessionName != null ? sessionName : "lakecopy-cleanup-" + java.time.format.DateTimeFormatter
        .ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(Instant.now());
    try {
      AssumeRole.checkSessionName(session);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput("--role-session-name: " + e.getMessage());
    }
    AssumeRole role;
    try {
      role = new AssumeRole(roleArn, externalId, session);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput("--dest-role-arn: " + e.getMessage());
    }
    try {
      return role.atStsEndpoint(stsEndpoint);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput("--dest-sts-endpoint: " + e.getMessage());
    }
  }

  private RequestOptions options() {
    try {
      return new RequestOptions(requesterPays, expectedOwner, null, null, null, Encryption.NONE, null);
    } catch (IllegalArgumentException e) {
      throw LakecopyException.invalidInput("--expected-dest-owner: " + e.getMessage());
    }
  }

  static Duration parseAge(String text) {
    Matcher m = AGE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw LakecopyException.invalidInput("--older-than: '" + text + "' is not an age; use e.g. 30m, 12h, 7d");
    }
    try {
      long n = Long.parseLong(m.group(1));
      Duration age = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      if (age.compareTo(MAX_AGE) > 0) {
        throw LakecopyException.invalidInput("--older-than: '" + text + "' is more than " + MAX_AGE.toDays() + " days");
      }
      return age;
    } catch (NumberFormatException | ArithmeticException e) {
      throw LakecopyException.invalidInput("--older-than: '" + text + "' is too large");
    }
  }

}
