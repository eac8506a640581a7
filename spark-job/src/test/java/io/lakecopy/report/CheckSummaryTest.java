package io.lakecopy.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakecopy.plan.CheckVerdict.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CheckSummary}: where the destination side came from, in the rendered summary and in its JSON. */
class CheckSummaryTest {
  private static final String MANIFEST = "s3://inv/dst-bucket/all/2026-11-27T00-00Z/manifest.json";
  private static final Instant CREATED = Instant.parse("2026-11-27T00:00:00Z");

  static Stream<Arguments> destSides() {
    return Stream.of(
        Arguments.of(CheckSummary.DestSide.LISTING, "listing", null, null, null),
        Arguments.of(CheckSummary.DestSide.inventory(MANIFEST, Optional.of(CREATED)), "inventory", MANIFEST,
            "2026-11-27T00:00:00Z", "  dest side  inventory " + MANIFEST + " (as of 2026-11-27T00:00:00Z)\n"),
        Arguments.of(CheckSummary.DestSide.inventory(MANIFEST, Optional.empty()), "inventory", MANIFEST, null,
            "  dest side  inventory " + MANIFEST + " (date unknown)\n"));
  }

  @ParameterizedTest
  @MethodSource("destSides")
  void toJsonAndRender_destSide_sayWhereTheDestinationCameFrom(CheckSummary.DestSide side, String label,
      String inventory, String created, String rendered) throws Exception {
    CheckSummary summary = new CheckSummary(Map.of(Result.SAME, 2L, Result.MISSING, 1L), true, Duration.ofMillis(1500),
        side);

    JsonNode json = new ObjectMapper().readTree(summary.toJson("s3://src-bucket/lake/", "s3://dst-bucket/copy/", 1));

    assertThat(json.get("destination_side").asText()).isEqualTo(label);
    assertThat(json.get("destination_inventory").isNull() ? null : json.get("destination_inventory").asText())
        .isEqualTo(inventory);
    assertThat(json.get("destination_inventory_created").isNull() ? null
        : json.get("destination_inventory_created").asText()).isEqualTo(created);
    assertThat(json.get("destination").asText()).isEqualTo("s3://dst-bucket/copy/");
    if (rendered == null) {
      assertThat(summary.render()).doesNotContain("dest side");
    } else {
      assertThat(summary.render()).contains("  unverified 0\n" + rendered + "  elapsed    1.5 s\n");
    }
  }

  @Test
  void new_withoutDestSide_isAListing() {
    assertThat(new CheckSummary(Map.of(), false, Duration.ZERO).destSide()).isEqualTo(CheckSummary.DestSide.LISTING);
  }

  @Test
  void destSide_listingWithACreationTime_rejected() {
    assertThatThrownBy(() -> new CheckSummary.DestSide(Optional.empty(), Optional.of(CREATED)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
