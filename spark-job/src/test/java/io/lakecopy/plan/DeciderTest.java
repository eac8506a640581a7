package io.lakecopy.plan;

import static io.lakecopy.config.IfExists.OVERWRITE;
import static io.lakecopy.config.IfExists.SKIP;
import static io.lakecopy.config.IfExists.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.config.IfExists;
import io.lakecopy.plan.Decision.Action;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.S3Location;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every copy / skip / done / delete-the-source decision, as a table: the source is 100 bytes with ETag "aaa";
 * the destination holds nothing, the same object, or something that differs in size, ETag or recorded source ETag;
 * the resumed ledger records this copy or an older one; --previous-manifest lists the object or not.
 */
class DeciderTest {
  private static final SourceObject SOURCE = new SourceObject(new S3Location("src", "data/a"), "a", 100, "\"aaa\"",
      null, 0);
  private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

  /** What is at the destination key. */
  enum Dest {
    ABSENT(null),
    /** Same size and ETag. */
    SAME(DestinationFacts.listed(100, "\"aaa\"", T)),
    /** Same size, a multipart ETag, recorded source ETag not read yet. */
    UNREAD(DestinationFacts.listed(100, "\"bbb-2\"", T)),
    /** Same size, another ETag, and the recorded source ETag is the source's. */
    RECORDED_SAME(DestinationFacts.listed(100, "\"bbb-2\"", T).withRecordedSourceETag("aaa")),
    /** Same size, another ETag, recorded source ETag of another source version. */
    RECORDED_OTHER(DestinationFacts.listed(100, "\"bbb-2\"", T).withRecordedSourceETag("zzz")),
    /** Same size, another ETag, no recorded source ETag at all. */
    RECORDED_NONE(DestinationFacts.listed(100, "\"bbb-2\"", T).withRecordedSourceETag(null)),
    /** The same ETag string but another size: not the same object. */
    OTHER_SIZE(DestinationFacts.listed(200, "\"aaa\"", T));

    final DestinationFacts facts;

    Dest(DestinationFacts facts) {
      this.facts = facts;
    }
  }

  /** What the resumed ledger recorded for the destination key. */
  enum Ledger {
    NONE(null),
    /** This source ETag copied to the destination ETag "bbb-2" (a multipart copy). */
    THIS_COPY(new Decider.Recorded("\"aaa\"", "\"bbb-2\"")),
    /** This source copied to the ETag "aaa" (a single copy). */
    THIS_SINGLE_COPY(new Decider.Recorded("aaa", "aaa")),
    /** An older source version. */
    OLDER_SOURCE(new Decider.Recorded("\"old\"", "\"aaa\""));

    final Decider.Recorded recorded;

    Ledger(Decider.Recorded recorded) {
      this.recorded = recorded;
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // --if-exists, --move, destination, ledger, --previous-manifest lists it -> action
        row(OVERWRITE, false, Dest.ABSENT, Ledger.NONE, false, Action.COPY),
        row(OVERWRITE, false, Dest.SAME, Ledger.NONE, false, Action.COPY),
        row(OVERWRITE, false, Dest.OTHER_SIZE, Ledger.NONE, false, Action.COPY),
        row(SKIP, false, Dest.ABSENT, Ledger.NONE, false, Action.COPY),
        row(SKIP, false, Dest.SAME, Ledger.NONE, false, Action.SKIP),
        row(SKIP, false, Dest.OTHER_SIZE, Ledger.NONE, false, Action.SKIP),
        row(SKIP, false, Dest.UNREAD, Ledger.NONE, false, Action.SKIP),
        row(UPDATE, false, Dest.ABSENT, Ledger.NONE, false, Action.COPY),
        row(UPDATE, false, Dest.SAME, Ledger.NONE, false, Action.SKIP),
        row(UPDATE, false, Dest.OTHER_SIZE, Ledger.NONE, false, Action.COPY),
        row(UPDATE, false, Dest.UNREAD, Ledger.NONE, false, Action.HEAD_DESTINATION),
        row(UPDATE, false, Dest.RECORDED_SAME, Ledger.NONE, false, Action.SKIP),
        row(UPDATE, false, Dest.RECORDED_OTHER, Ledger.NONE, false, Action.COPY),
        row(UPDATE, false, Dest.RECORDED_NONE, Ledger.NONE, false, Action.COPY),
        // --previous-manifest
        row(OVERWRITE, false, Dest.ABSENT, Ledger.NONE, true, Action.SKIP),
        row(UPDATE, false, Dest.OTHER_SIZE, Ledger.NONE, true, Action.SKIP),
        // resume: done only where the destination still holds the recorded copy of this source ETag
        row(OVERWRITE, false, Dest.UNREAD, Ledger.THIS_COPY, false, Action.DONE),
        row(OVERWRITE, false, Dest.SAME, Ledger.THIS_SINGLE_COPY, false, Action.DONE),
        row(SKIP, false, Dest.UNREAD, Ledger.THIS_COPY, false, Action.DONE),
        row(OVERWRITE, false, Dest.ABSENT, Ledger.THIS_COPY, false, Action.COPY),
        row(OVERWRITE, false, Dest.SAME, Ledger.THIS_COPY, false, Action.COPY),
        row(OVERWRITE, false, Dest.OTHER_SIZE, Ledger.THIS_SINGLE_COPY, false, Action.COPY),
        row(OVERWRITE, false, Dest.SAME, Ledger.OLDER_SOURCE, false, Action.COPY),
        row(UPDATE, false, Dest.SAME, Ledger.OLDER_SOURCE, false, Action.SKIP),
        // --move: copied and then deleted, or deleted because the destination provably holds it, or failed
        row(OVERWRITE, true, Dest.ABSENT, Ledger.NONE, false, Action.COPY),
        row(OVERWRITE, true, Dest.SAME, Ledger.NONE, false, Action.COPY),
        row(SKIP, true, Dest.ABSENT, Ledger.NONE, false, Action.COPY),
        row(SKIP, true, Dest.SAME, Ledger.NONE, false, Action.DELETE_SOURCE),
        row(SKIP, true, Dest.OTHER_SIZE, Ledger.NONE, false, Action.FAIL),
        row(SKIP, true, Dest.UNREAD, Ledger.NONE, false, Action.HEAD_DESTINATION),
        row(SKIP, true, Dest.RECORDED_SAME, Ledger.NONE, false, Action.DELETE_SOURCE),
        row(SKIP, true, Dest.RECORDED_OTHER, Ledger.NONE, false, Action.FAIL),
        row(SKIP, true, Dest.RECORDED_NONE, Ledger.NONE, false, Action.FAIL),
        row(UPDATE, true, Dest.SAME, Ledger.NONE, false, Action.DELETE_SOURCE),
        row(UPDATE, true, Dest.OTHER_SIZE, Ledger.NONE, false, Action.COPY),
        row(UPDATE, true, Dest.UNREAD, Ledger.NONE, false, Action.HEAD_DESTINATION),
        row(UPDATE, true, Dest.RECORDED_SAME, Ledger.NONE, false, Action.DELETE_SOURCE),
        row(UPDATE, true, Dest.RECORDED_OTHER, Ledger.NONE, false, Action.COPY),
        row(OVERWRITE, true, Dest.ABSENT, Ledger.NONE, true, Action.FAIL),
        row(OVERWRITE, true, Dest.SAME, Ledger.NONE, true, Action.DELETE_SOURCE),
        row(OVERWRITE, true, Dest.UNREAD, Ledger.NONE, true, Action.HEAD_DESTINATION),
        row(OVERWRITE, true, Dest.OTHER_SIZE, Ledger.NONE, true, Action.FAIL),
        // a resumed --move deletes the sources the earlier run copied but did not get to delete
        row(OVERWRITE, true, Dest.UNREAD, Ledger.THIS_COPY, false, Action.DELETE_SOURCE),
        row(SKIP, true, Dest.UNREAD, Ledger.THIS_COPY, false, Action.DELETE_SOURCE),
        row(OVERWRITE, true, Dest.ABSENT, Ledger.THIS_COPY, false, Action.COPY));
  }

  private static Arguments row(IfExists mode, boolean move, Dest dest, Ledger ledger, boolean copiedBefore,
      Action expected) {
    return Arguments.of(mode, move, dest, ledger, copiedBefore, expected);
  }

  @ParameterizedTest(name = "if-exists {0}, move {1}, destination {2}, ledger {3}, previous manifest {4} -> {5}")
  @MethodSource("table")
  void decide_table(IfExists mode, boolean move, Dest dest, Ledger ledger, boolean copiedBefore, Action expected) {
    Decision d = new Decider(mode, move).decide(SOURCE, Optional.ofNullable(dest.facts),
        Optional.ofNullable(ledger.recorded), copiedBefore);

    assertThat(d.action()).as(d.reason()).isEqualTo(expected);
    assertThat(d.failureKind()).isEqualTo(expected == Action.FAIL ? ErrorKind.DESTINATION_EXISTS : null);
    assertThat(d.deletesSource(move)).as("deletes the source")
        .isEqualTo(move && (expected == Action.COPY || expected == Action.DELETE_SOURCE));
  }

  @Test
  void decide_moveWithoutProof_reasonSaysTheSourceWasKept() {
    Decision d = new Decider(SKIP, true).decide(SOURCE, Optional.of(Dest.OTHER_SIZE.facts), Optional.empty(), false);

    assertThat(d.reason()).isEqualTo("exists at the destination (--if-exists skip), but the destination does not hold"
        + " a verified copy, so the source was kept (--move)");
  }

  @Test
  void decide_updateWithRecordedSourceETag_reasonNamesWhatMatched() {
    Decision byRecord = new Decider(UPDATE, false).decide(SOURCE, Optional.of(Dest.RECORDED_SAME.facts),
        Optional.empty(), false);
    Decision byETag = new Decider(UPDATE, false).decide(SOURCE, Optional.of(Dest.SAME.facts), Optional.empty(), false);

    assertThat(byRecord.reason()).isEqualTo("unchanged at the destination (same size and recorded source ETag)");
    assertThat(byETag.reason()).isEqualTo("unchanged at the destination (same size and ETag)");
  }

  @Test
  void deletesSource_withoutMove_never() {
    assertThat(Decision.of(Action.COPY, "x").deletesSource(false)).isFalse();
    assertThat(Decision.of(Action.DELETE_SOURCE, "x").deletesSource(false)).isFalse();
  }

  /**
   * --max-upload-parts: a copy of an object larger than N parts of 5 GiB fails before anything is sent (the source
   * is kept: with --move it is not deleted); a decision that copies nothing stands whatever the size.
   */
  @ParameterizedTest(name = "if-exists {0}, move {1}, destination {2}, {3} bytes, {4} parts -> {5}")
  @org.junit.jupiter.params.provider.CsvSource({
      "OVERWRITE, false, ABSENT, 536870912000, 100, COPY",  // 500 GiB = 100 parts of 5 GiB: fits
      "OVERWRITE, false, ABSENT, 536870912001, 100, FAIL",  // one byte more does not
      "OVERWRITE, true,  ABSENT, 536870912001, 100, FAIL",  // --move: kept, not deleted
      "OVERWRITE, false, ABSENT, 536870912001, 10000, COPY",
      "SKIP,      false, SAME,   536870912001, 100, SKIP",  // nothing copied: nothing to refuse
      "SKIP,      true,  SAME,   536870912001, 100, DELETE_SOURCE", // a proved copy exists already
  })
  void withinParts_table(IfExists mode, boolean move, Dest dest, long size, int maxParts, Action expected) {
    SourceObject source = new SourceObject(SOURCE.location(), SOURCE.relativeKey(), size, SOURCE.eTag(),
        SOURCE.storageClass(), SOURCE.line(), SOURCE.versionId(), SOURCE.lastModified());
    DestinationFacts facts = dest.facts == null ? null : new DestinationFacts(size, dest.facts.eTag(),
        dest.facts.lastModified(), dest.facts.recordedSourceETag());

    Decision d = new Decider(mode, move).decide(source, Optional.ofNullable(facts), Optional.empty(), false)
        .withinParts(size, maxParts);

    assertThat(d.action()).as(d.reason()).isEqualTo(expected);
    assertThat(d.deletesSource(move)).isEqualTo(move && expected != Action.FAIL && expected != Action.SKIP);
    if (expected == Action.FAIL) {
      assertThat(d.failureKind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(d.reason()).contains("--max-upload-parts " + maxParts);
    }
  }
}
