package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * A part of a listing still to list. Either a key range: the keys under {@code prefix} after {@code startAfter}
 * (exclusive; null = from the first) up to {@code endInclusive} (null = to the last), in S3's order
 * ({@link KeyOrder}), listed without a delimiter; or a delimited listing of {@code prefix} ({@code delimiter=/}),
 * from its start or from {@code continuationToken}: its objects are listed, its common prefixes become key ranges.
 */
public record ListRange(String prefix, boolean delimited, String continuationToken, String startAfter,
    String endInclusive) implements Serializable {

  public ListRange {
    requireNonNull(prefix, "prefix is null");
    if (delimited && (startAfter != null || endInclusive != null)) {
      throw new IllegalArgumentException("a delimited listing of '" + prefix + "' has no key bounds");
    }
    if (!delimited && continuationToken != null) {
      throw new IllegalArgumentException("a key range of '" + prefix + "' has no continuation token");
    }
    if (startAfter != null && endInclusive != null && KeyOrder.compare(startAfter, endInclusive) >= 0) {
      throw new IllegalArgumentException("empty key range of '" + prefix + "': after '" + startAfter + "' up to '"
          + endInclusive + "'");
    }
  }

  /** Every key under the prefix. */
  public static ListRange keys(String prefix) {
    return new ListRange(prefix, false, null, null, null);
  }

  /** The keys under the prefix after {@code startAfter} (null: from the first) up to {@code endInclusive}. */
  public static ListRange keys(String prefix, String startAfter, String endInclusive) {
    return new ListRange(prefix, false, null, startAfter, endInclusive);
  }

  /** A delimited listing of the prefix from its start, or from {@code continuationToken} when not null. */
  public static ListRange delimited(String prefix, String continuationToken) {
    return new ListRange(prefix, true, continuationToken, null, null);
  }

  /** Whether {@code key} is within this key range's bounds (the prefix is the server's to check). */
  public boolean contains(String key) {
    return (startAfter == null || KeyOrder.compare(key, startAfter) > 0)
        && (endInclusive == null || KeyOrder.compare(key, endInclusive) <= 0);
  }
}
