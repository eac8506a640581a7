package io.lakecopy.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits what a key range did not finish into new ranges that cover it exactly: no gap, no overlap. A listing of
 * a range that ran out of pages saw keys from {@code first} to {@code last}; the rest, after {@code last} up to the
 * range's end, is cut at split points built from {@code last}: at the first character position where the seen
 * keys differ (or, where that yields none, a shallower one), {@code last}'s characters
 * before it followed by each later character of the same kind (digit, upper or lower case letter) as the seen
 * keys have there. Keys spread like the ones seen then fall into ranges of a similar size; a range that is still
 * too big is split again next round.
 */
public final class RangeSplitter {
  private static final String DIGITS = "0123456789";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

  private RangeSplitter() {}

  /**
   * Ranges that together cover exactly the keys of {@code range} after {@code last}, in key order: at most
   * {@code maxSplits + 1} of them, the first starting after {@code last}, the last ending where {@code range} ends.
   *
   * @param first the first key the listing of {@code range} saw
   * @param last the last key it saw (not before {@code first}, within {@code range})
   */
  public static List<ListRange> remainder(ListRange range, String first, String last, int maxSplits) {
    if (range.delimited()) {
      throw new IllegalArgumentException("only key ranges are split: " + range);
    }
    if (maxSplits < 0) {
      throw new IllegalArgumentException("maxSplits < 0: " + maxSplits);
    }
    if (!range.contains(last) || KeyOrder.compare(first, last) > 0) {
      throw new IllegalArgumentException("'" + first + "'..'" + last + "' is not within " + range);
    }
    List<ListRange> out = new ArrayList<>();
    String after = last;
    for (String point : splitPoints(range.prefix(), first, last, range.endInclusive(), maxSplits)) {
      out.add(ListRange.keys(range.prefix(), after, point));
      after = point;
    }
    if (range.endInclusive() == null || KeyOrder.compare(after, range.endInclusive()) < 0) {
      out.add(ListRange.keys(range.prefix(), after, range.endInclusive()));
    }
    return out;
  }

  /**
   * Ascending split points after {@code last}, before {@code end} (null: no end), each starting with
   * {@code prefix}: at most {@code maxSplits}, evenly chosen when there are more candidates.
   */
  static List<String> splitPoints(String prefix, String first, String last, String end, int maxSplits) {
    int[] f = first.codePoints().toArray();
    int[] l = last.codePoints().toArray();
    int from = prefix.codePointCount(0, prefix.length());
    int common = 0;
    while (common < Math.min(f.length, l.length) && f[common] == l[common]) {
      common++;
    }
    // Where the seen keys differ, else shallower: coarser ranges, split again if need be. Never deeper: that cuts
    // only the sliver of keys that share more of the last key than the keys seen share, mostly into empty ranges.
    for (int d = Math.min(common, l.length - 1); d >= from && maxSplits > 0; d--) {
      List<String> points = new ArrayList<>();
      String head = new String(l, 0, d);
      for (int c : later(kinds(l[d], d < f.length ? f[d] : -1), l[d], maxSplits)) {
        String point = head + Character.toString(c);
        if (end == null || KeyOrder.compare(point, end) < 0) {
          points.add(point);
        }
      }
      if (!points.isEmpty()) {
        return points;
      }
    }
    return List.of();
  }

  /** The characters of the kinds of {@code a} and {@code b} (digits, upper, lower case), in key order. */
  private static String kinds(int a, int b) {
    StringBuilder s = new StringBuilder();
    for (String kind : new String[] {DIGITS, UPPER, LOWER}) {
      if (kind.indexOf(a) >= 0 || kind.indexOf(b) >= 0) {
        s.append(kind);
      }
    }
    return s.toString();
  }

  /** The characters of {@code kinds} after {@code after}: at most {@code max}, evenly spread. */
  private static List<Integer> later(String kinds, int after, int max) {
    List<Integer> all = new ArrayList<>();
    kinds.chars().filter(c -> c > after).forEach(all::add);
    if (all.size() <= max) {
      return all;
    }
    List<Integer> picked = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      picked.add(all.get((int) ((long) i * all.size() / max)));
    }
    return picked;
  }
}
