package io.lakecopy.plan;

import io.lakecopy.s3.S3Limits;

import static io.lakecopy.s3.S3Limits.GiB;
import static io.lakecopy.s3.S3Limits.MiB;
import static io.lakecopy.s3.S3Limits.TiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartPlannerTest {

  @Test
  void plan_12MiBWith5MiBParts_returnsExactRanges() {
    assertThat(PartPlanner.plan(12 * MiB, 5 * MiB)).containsExactly(
        new PartRange(1, 0, 5_242_879),
        new PartRange(2, 5_242_880, 10_485_759),
        new PartRange(3, 10_485_760, 12_582_911));
  }

  @Test
  void plan_sizeIsMultipleOfPartSize_lastPartIsFull() {
    List<PartRange> parts = PartPlanner.plan(15 * MiB, 5 * MiB);

    assertThat(parts).containsExactly(
        new PartRange(1, 0, 5_242_879),
        new PartRange(2, 5_242_880, 10_485_759),
        new PartRange(3, 10_485_760, 15_728_639));
    assertThat(parts).allSatisfy(p -> assertThat(p.sizeBytes()).isEqualTo(5 * MiB));
  }

  @Test
  void plan_objectSmallerThanPart_returnsOnePartCoveringIt() {
    assertThat(PartPlanner.plan(1, 5 * MiB)).containsExactly(new PartRange(1, 0, 0));
    assertThat(PartPlanner.plan(5 * MiB - 1, 128 * MiB)).containsExactly(new PartRange(1, 0, 5 * MiB - 2));
  }

  @Test
  void plan_sizeNeedsMoreThan10000Parts_growsPartSize() {
    long size = 100 * GiB; // 107,374,182,400 bytes: 20,480 parts of 5 MiB
    long expectedPartSize = 10_737_419; // ceil(size / 10,000)

    List<PartRange> parts = PartPlanner.plan(size, 5 * MiB);

    assertThat(PartPlanner.effectivePartSize(size, 5 * MiB)).isEqualTo(expectedPartSize);
    assertThat(parts).hasSize(10_000);
    assertThat(parts.get(0)).isEqualTo(new PartRange(1, 0, expectedPartSize - 1));
    assertThat(parts.get(9_999)).isEqualTo(new PartRange(10_000, 9_999 * expectedPartSize, size - 1));
    assertContiguousCover(parts, size);
  }

  @Test
  void plan_maximumObjectSize_returns10000PartsOf5GiB() {
    long size = S3Limits.MAX_OBJECT_SIZE_BYTES;

    List<PartRange> parts = PartPlanner.plan(size, 5 * MiB);

    assertThat(size).isEqualTo(10_000 * 5 * GiB);
    assertThat(parts).hasSize(10_000);
    assertThat(parts).allSatisfy(p -> assertThat(p.sizeBytes()).isEqualTo(5 * GiB));
    assertThat(parts.get(9_999).lastByte()).isEqualTo(size - 1);
  }

  @Test
  void plan_requestedPartSizeAbove5GiB_capsAt5GiB() {
    List<PartRange> parts = PartPlanner.plan(20 * GiB, 6 * GiB);

    assertThat(PartPlanner.effectivePartSize(20 * GiB, 6 * GiB)).isEqualTo(5 * GiB);
    assertThat(parts).hasSize(4).allSatisfy(p -> assertThat(p.sizeBytes()).isEqualTo(5 * GiB));
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 0, 1, 1024 * 1024, 5 * 1024 * 1024 - 1})
  void plan_partSizeBelow5MiB_raisesTo5MiB(long requested) {
    assertThat(PartPlanner.effectivePartSize(12 * MiB, requested)).isEqualTo(5 * MiB);
    assertThat(PartPlanner.plan(12 * MiB, requested)).containsExactly(
        new PartRange(1, 0, 5_242_879),
        new PartRange(2, 5_242_880, 10_485_759),
        new PartRange(3, 10_485_760, 12_582_911));
  }

  @Test
  void plan_zeroBytes_throws() {
    assertThatThrownBy(() -> PartPlanner.plan(0, 5 * MiB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zero-byte");
  }

  @Test
  void plan_sizeBeyondS3Maximum_throws() {
    assertThatThrownBy(() -> PartPlanner.plan(S3Limits.MAX_OBJECT_SIZE_BYTES + 1, 5 * MiB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(S3Limits.MAX_OBJECT_SIZE_BYTES + 1));
    assertThatThrownBy(() -> PartPlanner.partCount(S3Limits.MAX_OBJECT_SIZE_BYTES + 1, 5 * MiB))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void plan_negativeSize_throws() {
    assertThatThrownBy(() -> PartPlanner.plan(-1, 5 * MiB)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 5 * 1024 * 1024, 5 * 1024 * 1024 + 1, 12 * 1024 * 1024, 1L << 40, 100L << 30})
  void partCount_anySize_agreesWithPlan(long size) {
    for (long requested : new long[] {5 * MiB, 8 * MiB, 128 * MiB, 5 * GiB}) {
      assertThat(PartPlanner.partCount(size, requested))
          .as("size %d, part size %d", size, requested)
          .isEqualTo(PartPlanner.plan(size, requested).size());
    }
  }

  @Test
  void plan_randomSizes_keepsEveryInvariant() {
    Random random = new Random(20240601L);
    for (int i = 0; i < 600; i++) {
      long size = switch (i % 3) {
        case 0 -> random.nextLong(1, 64 * MiB);
        case 1 -> random.nextLong(1, 2 * TiB);
        default -> random.nextLong(1, S3Limits.MAX_OBJECT_SIZE_BYTES + 1);
      };
      long requested = random.nextLong(1, 6 * GiB);
      String what = "size " + size + ", requested part size " + requested;

      List<PartRange> parts = PartPlanner.plan(size, requested);
      long partSize = PartPlanner.effectivePartSize(size, requested);

      assertThat(partSize).as(what).isBetween(S3Limits.MIN_PART_SIZE_BYTES, S3Limits.MAX_PART_SIZE_BYTES);
      assertThat(parts).as(what).hasSizeBetween(1, S3Limits.MAX_PARTS);
      assertThat(PartPlanner.partCount(size, requested)).as(what).isEqualTo(parts.size());
      for (int p = 0; p < parts.size() - 1; p++) {
        assertThat(parts.get(p).sizeBytes()).as(what + ", part " + (p + 1)).isEqualTo(partSize);
      }
      assertThat(parts.get(parts.size() - 1).sizeBytes()).as(what).isBetween(1L, partSize);
      assertContiguousCover(parts, size);
      // The part size only grows as far as needed to stay within 10,000 parts.
      long floor = Math.min(Math.max(requested, S3Limits.MIN_PART_SIZE_BYTES), S3Limits.MAX_PART_SIZE_BYTES);
      assertThat(partSize).as(what).isGreaterThanOrEqualTo(floor);
      if (partSize > floor) {
        assertThat((size + partSize - 2) / (partSize - 1)).as(what).isGreaterThan(S3Limits.MAX_PARTS);
      }
    }
  }

  /** Parts numbered 1..n, first byte 0, last byte size - 1, each starting right after the previous one. */
  private static void assertContiguousCover(List<PartRange> parts, long size) {
    assertThat(parts.get(0).firstByte()).isZero();
    assertThat(parts.get(parts.size() - 1).lastByte()).isEqualTo(size - 1);
    long total = 0;
    for (int i = 0; i < parts.size(); i++) {
      PartRange part = parts.get(i);
      assertThat(part.partNumber()).isEqualTo(i + 1);
      if (i > 0) {
        assertThat(part.firstByte()).isEqualTo(parts.get(i - 1).lastByte() + 1);
      }
      total += part.sizeBytes();
    }
    assertThat(total).isEqualTo(size);
  }

  /**
   * --max-upload-parts: size, requested part size, max parts -> the effective part size. Hand-computed:
   * 1 GiB / 100 = 10,737,419 (rounded up); 10 GiB / 1,000 = 10,737,419; 5 MiB parts fit 12 MiB in 3.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "12582912,      5242880,  100,   5242880",    // 12 MiB, 5 MiB parts, 100 allowed: 3 parts, unchanged
      "1073741824,    5242880,  100,   10737419",   // 1 GiB needs 205 parts of 5 MiB: grown to ceil(1 GiB / 100)
      "1073741824,    5242880,  205,   5242880",    // 205 parts of 5 MiB hold 1 GiB (204.8): unchanged
      "1073741824,    5242880,  204,   5263441",    // one part fewer: grown to ceil(1 GiB / 204)
      "10737418240,   5242880,  1000,  10737419",   // 10 GiB in 1,000 parts
      "10737418240,   134217728, 1000, 134217728",  // 128 MiB parts: 80 parts, unchanged
      "1,             5242880,  100,   5242880",    // never below 5 MiB
      "536870912000,  5242880,  100,   5368709120", // 500 GiB in 100 parts: exactly 5 GiB each
  })
  void effectivePartSize_maxParts_growsToFit(long size, long requested, int maxParts, long expected) {
    long partSize = PartPlanner.effectivePartSize(size, requested, maxParts);

    assertThat(partSize).isEqualTo(expected);
    List<PartRange> parts = PartPlanner.plan(size, partSize);
    assertThat(parts.size()).isLessThanOrEqualTo(maxParts);
    // equal parts but the last (Cloudflare R2 refuses anything else)
    assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(p -> assertThat(p.sizeBytes()).isEqualTo(partSize));
    assertThat(parts.get(parts.size() - 1).sizeBytes()).isBetween(1L, partSize);
    assertContiguousCover(parts, size);
  }

  @Test
  void effectivePartSize_objectLargerThanMaxPartsOf5GiB_throwsAndFitsSaysNo() {
    long size = 100 * 5 * GiB + 1;

    assertThat(PartPlanner.fits(size, 100)).isFalse();
    assertThat(PartPlanner.fits(size - 1, 100)).isTrue();
    assertThatThrownBy(() -> PartPlanner.effectivePartSize(size, 5 * MiB, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 100 parts");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 10_001})
  void effectivePartSize_maxPartsOutOfRange_throws(int maxParts) {
    assertThatThrownBy(() -> PartPlanner.effectivePartSize(GiB, 5 * MiB, maxParts))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxParts");
  }
}
