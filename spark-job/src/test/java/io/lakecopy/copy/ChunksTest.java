package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ChunksTest {
  static Stream<Arguments> sizes() {
    // inputs, chunk size
    return Stream.of(Arguments.of(0, 3), Arguments.of(1, 3), Arguments.of(3, 3), Arguments.of(4, 3),
        Arguments.of(10, 1), Arguments.of(7, 100));
  }

  @ParameterizedTest(name = "{0} inputs in chunks of {1}")
  @MethodSource("sizes")
  void of_anyInput_everyOutputOnceInOrderAndAtEndOnce(int n, int size) {
    List<Integer> chunkSizes = new ArrayList<>();
    AtomicInteger ends = new AtomicInteger();
    Iterator<String> out = Chunks.of(IntStream.range(0, n).boxed().iterator(), size, chunk -> {
      chunkSizes.add(chunk.size());
      return chunk.stream().map(i -> "o" + i).toList();
    }, ends::incrementAndGet);

    List<String> all = new ArrayList<>();
    out.forEachRemaining(all::add);

    assertThat(all).containsExactlyElementsOf(IntStream.range(0, n).mapToObj(i -> "o" + i).toList());
    assertThat(chunkSizes).allMatch(c -> c >= 1 && c <= size);
    assertThat(chunkSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
    assertThat(out.hasNext()).isFalse();
    assertThat(ends).hasValue(1);
  }

  @Test
  void of_readsTheNextChunkOnlyWhenTheLastIsConsumed() {
    AtomicInteger read = new AtomicInteger();
    Iterator<Integer> input = new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < 10;
      }

      @Override
      public Integer next() {
        read.incrementAndGet();
        return i++;
      }
    };
    Iterator<Integer> out = Chunks.of(input, 4, chunk -> chunk, () -> { });

    assertThat(out.next()).isZero();
    assertThat(read).as("one chunk read").hasValue(4);
    out.next();
    out.next();
    out.next();
    assertThat(read).hasValue(4);
    out.next();
    assertThat(read).hasValue(8);
  }

  @Test
  void of_chunkMappedToNothing_skippedAndLaterChunksStillRead() {
    Iterator<Integer> out = Chunks.of(List.of(1, 2, 3, 4, 5).iterator(), 2,
        chunk -> chunk.contains(1) ? List.of() : chunk, () -> { });

    List<Integer> all = new ArrayList<>();
    out.forEachRemaining(all::add);

    assertThat(all).containsExactly(3, 4, 5);
    assertThatThrownBy(out::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void of_sizeBelowOne_refused() {
    assertThatThrownBy(() -> Chunks.of(List.of(1).iterator(), 0, c -> c, () -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
  }
}
