package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Maps an iterator lazily, leaving out the items {@code fn} maps to null. */
final class SkippingIterator<T, R> implements Iterator<R> {
  private final Iterator<T> input;
  private final Function<T, R> fn;
  private R next;

  SkippingIterator(Iterator<T> input, Function<T, R> fn) {
    this.input = requireNonNull(input, "input is null");
    this.fn = requireNonNull(fn, "fn is null");
  }

  @Override
  public boolean hasNext() {
    while (next == null && input.hasNext()) {
      next = fn.apply(input.next());
    }
    return next != null;
  }

  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    R r = next;
    next = null;
    return r;
  }
}
