package io.lakecopy.plan;

import static io.lakecopy.plan.S3Limits.GiB;
import static io.lakecopy.plan.S3Limits.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyPlannerTest {
  private static final S3Location DEST = new S3Location("dest-bucket", "backup/");
  private static final long THRESHOLD = 128 * MiB;

  @Test
  void plan_sizeEqualToThreshold_isCopyObject() {
    List<ObjectPlan> plans = CopyPlanner.plan(List.of(object("src-bucket", "data/a", "a", THRESHOLD)), DEST,
        THRESHOLD, 64 * MiB);

    assertThat(plans).singleElement().satisfies(p -> {
      assertThat(p.method()).isEqualTo(CopyMethod.COPY_OBJECT);
      assertThat(p.partCount()).isEqualTo(1);
    });
  }

  @Test
  void plan_sizeOneAboveThreshold_isMultipart() {
    List<ObjectPlan> plans = CopyPlanner.plan(List.of(object("src-bucket", "data/a", "a", THRESHOLD + 1)), DEST,
        THRESHOLD, 64 * MiB);

    assertThat(plans).singleElement().satisfies(p -> {
      assertThat(p.method()).isEqualTo(CopyMethod.MULTIPART);
      assertThat(p.partSizeBytes()).isEqualTo(64 * MiB);
      assertThat(p.partCount()).isEqualTo(3);
      assertThat(p.parts()).hasSize(3);
    });
  }

  @Test
  void plan_zeroByteObject_isCopyObject() {
    List<ObjectPlan> plans = CopyPlanner.plan(List.of(object("src-bucket", "data/empty", "empty", 0)), DEST,
        THRESHOLD, 64 * MiB);

    assertThat(plans).singleElement().extracting(ObjectPlan::method).isEqualTo(CopyMethod.COPY_OBJECT);
  }

  @Test
  void plan_over5GiBWithThresholdAt5GiB_isMultipart() {
    List<ObjectPlan> plans = CopyPlanner.plan(List.of(
            object("src-bucket", "data/at-limit", "at-limit", 5 * GiB),
            object("src-bucket", "data/over-limit", "over-limit", 5 * GiB + 1)),
        DEST, 5 * GiB, 128 * MiB);

    assertThat(plans).extracting(ObjectPlan::method).containsExactly(CopyMethod.COPY_OBJECT, CopyMethod.MULTIPART);
  }

  @Test
  void plan_over5GiBWithThresholdAbove5GiB_isStillMultipart() {
    List<ObjectPlan> plans = CopyPlanner.plan(List.of(object("src-bucket", "data/big", "big", 5 * GiB + 1)), DEST,
        Long.MAX_VALUE, 128 * MiB);

    assertThat(plans).singleElement().extracting(ObjectPlan::method).isEqualTo(CopyMethod.MULTIPART);
  }

  @Test
  void plan_anyObject_destinationIsDestPrefixPlusRelativeKey() {
    List<ObjectPlan> plans = CopyPlanner.plan(List.of(
            object("src-bucket", "data/a.parquet", "a.parquet", 10),
            object("src-bucket", "data/year=2024/b c+d%.parquet", "year=2024/b c+d%.parquet", 20)),
        DEST, THRESHOLD, 64 * MiB);

    assertThat(plans).extracting(ObjectPlan::dest).containsExactly(
        new S3Location("dest-bucket", "backup/a.parquet"),
        new S3Location("dest-bucket", "backup/year=2024/b c+d%.parquet"));
    assertThat(plans).extracting(ObjectPlan::id).containsExactly(0, 1);
  }

  @Test
  void plan_twoSourcesMapToOneDestination_throwsNamingBoth() {
    List<SourceObject> objects = List.of(
        object("bucket-one", "x/part-0", "x/part-0", 10),
        object("bucket-two", "x/part-0", "x/part-0", 10));

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> CopyPlanner.plan(objects, DEST, THRESHOLD, 64 * MiB));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("s3://bucket-one/x/part-0", "s3://bucket-two/x/part-0",
        "s3://dest-bucket/backup/x/part-0");
  }

  @Test
  void plan_destinationIsOneOfTheSources_throwsInvalidInput() {
    // Source s3://shared/src/a lands on s3://shared/src/a when the destination prefix is the bucket root.
    List<SourceObject> objects = List.of(object("shared", "src/a", "src/a", 10));

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> CopyPlanner.plan(objects, new S3Location("shared", ""), THRESHOLD, 64 * MiB));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("s3://shared/src/a", "--dest");
  }

  @Test
  void plan_destinationOverwritesAnotherSourceObject_throwsInvalidInput() {
    // Source prefix src/, destination the bucket root: src/src/x would be copied onto source object src/x.
    List<SourceObject> objects = List.of(
        object("shared", "src/x", "x", 10),
        object("shared", "src/src/x", "src/x", 10));

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> CopyPlanner.plan(objects, new S3Location("shared", ""), THRESHOLD, 64 * MiB));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("s3://shared/src/src/x", "overwrite source object s3://shared/src/x");
  }

  @Test
  void plan_destinationKeyTooLong_throwsInvalidInputNamingSource() {
    String longKey = "k".repeat(1000);
    List<SourceObject> objects = List.of(object("src-bucket", longKey, longKey, 10));

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> CopyPlanner.plan(objects, new S3Location("dest-bucket", "p".repeat(100) + "/"), THRESHOLD, 64 * MiB));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("s3://src-bucket/kkk");
  }

  private static SourceObject object(String bucket, String key, String relativeKey, long size) {
    return new SourceObject(new S3Location(bucket, key), relativeKey, size, "\"etag-" + key.hashCode() + "\"", null, 0);
  }
}
