package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A task's rows processed a chunk at a time, lazily: the next chunk is read and processed only when the rows of the
 * last one have been consumed, so a task holds one chunk's input and output however many rows its partition has
 * (Spark's writer consumes the output as it comes). {@code atEnd} runs once, when the input is exhausted (e.g. to add
 * the task's request counts to an accumulator).
 */
final class Chunks<T, R> implements Iterator<R> {
  private final Iterator<T> input;
  private final int size;
  private final Function<List<T>, List<R>> process;
  private final Runnable atEnd;
  private Iterator<R> current = Collections.emptyIterator();
  private boolean ended;

  private Chunks(Iterator<T> input, int size, Function<List<T>, List<R>> process, Runnable atEnd) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1: " + size);
    }
    this.input = requireNonNull(input, "input is null");
    this.size = size;
    this.process = requireNonNull(process, "process is null");
    this.atEnd = requireNonNull(atEnd, "atEnd is null");
  }

  /** The outputs of {@code process} applied to successive chunks of at most {@code size} inputs. */
  static <T, R> Iterator<R> of(Iterator<T> input, int size, Function<List<T>, List<R>> process, Runnable atEnd) {
    return new Chunks<>(input, size, process, atEnd);
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      if (!input.hasNext()) {
        if (!ended) {
          ended = true;
          atEnd.run();
        }
        return false;
      }
      List<T> chunk = new ArrayList<>(size);
      while (chunk.size() < size && input.hasNext()) {
        chunk.add(input.next());
      }
      current = process.apply(chunk).iterator();
    }
    return true;
  }

  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }
}
