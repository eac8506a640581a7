package io.lakecopy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakecopy.config.Locations.Labelled;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Overlapping sources, destinations, outputs and inputs, as a table: each row is accepted or names the overlap. */
class LocationsTest {
  private static final String SRC = "s3://lake/x/y/";

  static Stream<Arguments> table() {
    return Stream.of(
        // source, dest, report, ledger, output manifest, input (previous manifest), --delete, --move -> error or null
        row(SRC, "s3://lake/z/", null, null, null, null, true, true, null),
        row(SRC, "s3://other/x/y/", null, null, null, null, true, true, null),
        row(SRC, "s3://lake/x/y/", null, null, null, null, false, false, "the same as the source prefix"),
        row(SRC, "s3://lake/x/y/sub/", null, null, null, null, false, false, "inside the source prefix"),
        // a destination that holds the source: allowed to copy, refused when anything deletes
        row(SRC, "s3://lake/x/", null, null, null, null, false, false, null),
        row(SRC, "s3://lake/x/", null, null, null, null, true, false, "--delete could then delete sources"),
        row(SRC, "s3://lake/x/", null, null, null, null, false, true, "--move could then delete sources"),
        row(SRC, "s3://lake/", null, null, null, null, true, false, "--delete could then delete sources"),
        // a sibling whose name starts like the source is not inside it
        row("s3://lake/x/y", "s3://lake/x/yy/", null, null, null, null, true, true, null),
        // the run's own files
        row(SRC, "s3://lake/z/", "s3a://lake/z/report/", null, null, null, false, false,
            "--report (report.uri) s3a://lake/z/report/ overlaps --dest"),
        row(SRC, "s3://lake/z/", "s3a://lake/x/y/report/", null, null, null, false, false,
            "overlaps --source"),
        row(SRC, "s3://lake/z/", "s3a://lake/_runs/r1/", "s3a://lake/_runs/r1/", null, null, false, false,
            "--report (report.uri) s3a://lake/_runs/r1/ overlaps --ledger"),
        row(SRC, "s3://lake/z/", "s3a://lake/_runs/r1/", "s3a://lake/_runs/r1/ledger/", null, null, false, false,
            "overlaps --ledger"),
        row(SRC, "s3://lake/z/", "/tmp/r/report", "/tmp/r/ledger", "/tmp/r/manifest", null, false, false, null),
        row(SRC, "s3://lake/z/", "/tmp/r/report", "/tmp/r/report/../report", null, null, false, false,
            "overlaps --ledger"),
        row(SRC, "s3://lake/z/", "/tmp/r", "file:///tmp/r/ledger", null, null, false, false, "overlaps --ledger"),
        row(SRC, "s3://lake/z/", null, null, "s3://lake/z/_manifest/", null, false, false,
            "--output-manifest (run.output-manifest) s3://lake/z/_manifest/ overlaps --dest"),
        row(SRC, "s3://lake/z/", "hdfs://nn/runs/a", "hdfs://nn/runs/b", null, null, false, false, null),
        row(SRC, "s3://lake/z/", "hdfs://nn/runs/a", "hdfs://nn/runs/a/ledger", null, null, false, false,
            "overlaps --ledger"),
        // inputs where the run deletes
        row(SRC, "s3://lake/z/", null, null, null, "s3://lake/z/_prev/manifest.csv", true, false,
            "--previous-manifest (source.previous-manifest) s3://lake/z/_prev/manifest.csv is inside --dest"),
        row(SRC, "s3://lake/z/", null, null, null, "s3://lake/z/_prev/manifest.csv", false, false, null),
        row(SRC, "s3://lake/z/", null, null, null, "s3://lake/x/y/_prev.csv", false, true,
            "is inside --source (source.uri) s3://lake/x/y/: --move could delete it"),
        row(SRC, "s3://lake/z/", null, null, "/tmp/m", "/tmp/m/part-0.csv", false, false,
            "a run never writes where it reads"));
  }

  private static Arguments row(String source, String dest, String report, String ledger, String outputManifest,
      String previousManifest, boolean delete, boolean move, String error) {
    return Arguments.of(source, dest, report, ledger, outputManifest, previousManifest, delete, move, error);
  }

  @ParameterizedTest(name = "{0} -> {1}, report {2}, ledger {3}, output {4}, input {5}, delete {6}, move {7}: {8}")
  @MethodSource("table")
  void check_table(String source, String dest, String report, String ledger, String outputManifest,
      String previousManifest, boolean delete, boolean move, String error) {
    Runnable check = () -> Locations.check(Optional.of(S3Location.parse(source, "s").asPrefix()),
        S3Location.parse(dest, "d").asPrefix(),
        List.of(labelled("--report (report.uri)", report), labelled("--ledger (run.ledger)", ledger),
            labelled("--output-manifest (run.output-manifest)", outputManifest)),
        List.of(labelled("--previous-manifest (source.previous-manifest)", previousManifest)), delete, move);
    if (error == null) {
      assertThatCode(check::run).doesNotThrowAnyException();
    } else {
      LakecopyException e = catchThrowableOfType(LakecopyException.class, check::run);
      assertThat(e).as("expected an error containing '%s'", error).isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(e.getMessage()).contains(error);
    }
  }

  private static Optional<Labelled> labelled(String flag, String uri) {
    return Optional.ofNullable(uri).map(u -> new Labelled(flag, u));
  }
}
