package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KeyMapperTest {
  private static final S3Location DEST = new S3Location("dst-bucket", "out/");

  @Test
  void map_regexReplacement_renamesPartitionColumn() {
    KeyMapper m = new KeyMapper(Optional.of(Pattern.compile("dt=([^/]+)")), "date=$1", false);

    assertThat(m.map("events/dt=2026-11-01/part-0.parquet")).isEqualTo("events/date=2026-11-01/part-0.parquet");
    assertThat(m.map("events/other/part-0.parquet")).isEqualTo("events/other/part-0.parquet");
  }

  @Test
  void map_flatten_keepsLastSegment() {
    KeyMapper m = new KeyMapper(Optional.empty(), "", true);

    assertThat(m.map("a/b/c.txt")).isEqualTo("c.txt");
    assertThat(m.map("top.txt")).isEqualTo("top.txt");
    assertThat(m.map("a/dir-marker/")).isEqualTo("dir-marker/");
  }

  @Test
  void plan_flattenMakesTwoSourcesCollide_rejectedListingEveryCollision() {
    List<SourceObject> objects = List.of(object("x/1/a.txt"), object("x/2/a.txt"), object("x/3/a.txt"),
        object("x/1/b.txt"));

    assertThatThrownBy(() -> CopyPlanner.plan(objects, DEST, 100, 5L << 20, new KeyMapper(Optional.empty(), "", true)))
        .isInstanceOf(LakecopyException.class)
        .hasMessageContaining("2 destination key(s) have more than one source")
        .hasMessageContaining("s3://dst-bucket/out/a.txt <- s3://src-bucket/x/1/a.txt and s3://src-bucket/x/2/a.txt")
        .hasMessageContaining("s3://src-bucket/x/3/a.txt");
  }

  @Test
  void plan_regexMapping_destinationsRewritten() {
    List<ObjectPlan> plans = CopyPlanner.plan(List.of(object("x/dt=1/a")), DEST, 100, 5L << 20,
        new KeyMapper(Optional.of(Pattern.compile("dt=")), "date=", false));

    assertThat(plans.get(0).dest()).isEqualTo(new S3Location("dst-bucket", "out/x/date=1/a"));
  }

  private static SourceObject object(String key) {
    return new SourceObject(new S3Location("src-bucket", key), key, 10, "\"e\"", null, 0);
  }
}
