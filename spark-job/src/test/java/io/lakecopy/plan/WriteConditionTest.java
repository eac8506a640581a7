package io.lakecopy.plan;

import static io.lakecopy.plan.WriteCondition.Conflict.ALREADY_COPIED;
import static io.lakecopy.plan.WriteCondition.Conflict.DESTINATION_CHANGED;
import static io.lakecopy.plan.WriteCondition.Conflict.SOURCE_CHANGED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which condition a copy's write is held to, and what a 412 to it means, as tables. */
class WriteConditionTest {
  private static final WriteCondition ABSENT = new WriteCondition(true, null);
  private static final WriteCondition HOLDS_OLD = new WriteCondition(false, "\"old\"");

  static Stream<Arguments> conditions() {
    return Stream.of(
        // the listing saw nothing at the key: write only while it holds nothing
        Arguments.of(Optional.empty(), ABSENT),
        // the listing saw an object: overwrite only that object
        Arguments.of(Optional.of(DestinationFacts.listed(5, "\"old\"", null)), HOLDS_OLD),
        // an object listed with an empty ETag cannot be named: unconditional, as without the conditions
        Arguments.of(Optional.of(DestinationFacts.listed(5, "", null)), WriteCondition.NONE));
  }

  @ParameterizedTest
  @MethodSource("conditions")
  void of_holdsTheWriteToWhatTheListingSaw(Optional<DestinationFacts> listed, WriteCondition expected) {
    assertThat(WriteCondition.of(listed)).isEqualTo(expected);
  }

  static Stream<Arguments> conflicts() {
    return Stream.of(
        // condition, source changed?, ETag the write produces, ETag the key holds now -> meaning
        // no destination condition was sent: only the copy-source condition can have failed
        Arguments.of(WriteCondition.NONE, false, "\"aaa\"", "\"zzz\"", SOURCE_CHANGED),
        Arguments.of(WriteCondition.NONE, false, "\"aaa\"", "\"aaa\"", SOURCE_CHANGED),
        // the source changed: that is the answer, whatever the destination holds
        Arguments.of(ABSENT, true, "\"aaa\"", "\"aaa\"", SOURCE_CHANGED),
        Arguments.of(HOLDS_OLD, true, "\"aaa\"", "\"old\"", SOURCE_CHANGED),
        // the key holds exactly the planned object: an earlier attempt wrote it (quotes do not matter)
        Arguments.of(ABSENT, false, "\"aaa\"", "\"aaa\"", ALREADY_COPIED),
        Arguments.of(HOLDS_OLD, false, "aaa", "\"aaa\"", ALREADY_COPIED),
        Arguments.of(ABSENT, false, "\"abc-3\"", "\"abc-3\"", ALREADY_COPIED),
        // another writer's object: never overwritten
        Arguments.of(ABSENT, false, "\"aaa\"", "\"zzz\"", DESTINATION_CHANGED),
        Arguments.of(HOLDS_OLD, false, "\"aaa\"", "\"newer\"", DESTINATION_CHANGED),
        // the key could not be read, or holds nothing now (deleted after the 412)
        Arguments.of(ABSENT, false, "\"aaa\"", null, DESTINATION_CHANGED),
        // the write's ETag cannot be known (encrypted): the same ETag proves nothing
        Arguments.of(ABSENT, false, null, "\"kkk\"", DESTINATION_CHANGED));
  }

  @ParameterizedTest
  @MethodSource("conflicts")
  void conflict_namesWhatA412Means(WriteCondition condition, boolean sourceChanged, String expected, String now,
      WriteCondition.Conflict meaning) {
    assertThat(WriteCondition.conflict(condition, sourceChanged, expected, now)).isEqualTo(meaning);
  }

  @Test
  void aWriteIsHeldToOneThing() {
    assertThatThrownBy(() -> new WriteCondition(true, "\"old\"")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WriteCondition(false, " ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ABSENT.describe()).isEqualTo("If-None-Match: *");
    assertThat(HOLDS_OLD.describe()).isEqualTo("If-Match: \"old\"");
    assertThat(WriteCondition.NONE.any()).isFalse();
  }
}
