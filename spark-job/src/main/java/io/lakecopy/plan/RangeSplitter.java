package io.lakecopy.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits what a key range did not finish into new ranges that cover it exactly: no gap, no overlap. A listing of
 * a range that ran out of pages saw keys from {@code first} to {@code last}; the rest, after {@code last} up to the
 * range's end, is cut at split points built from {@code last}: at the first character position where the seen
 * keys differ and at each shallower one, {@code last}'s characters before it followed by each later character of
 * the same kind (digit, upper or lower case letter) as the seen keys have there. Keys spread like the ones seen
 * then fall into ranges of a similar size at the deepest position, and ranges ever larger towards the end (for
 * {@code part-0009999}: {@code part-001..part-009}, then {@code part-01..part-09}, then {@code part-1..part-9});
 * a range that is still too big is split again next round.
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
   * {@code prefix}: at most {@code maxSplits}, taken position by position from where the seen keys differ (never
   * deeper) towards the prefix, at each {@code last}'s characters before it followed by each later character of
   * the kinds seen there (evenly chosen when there are more than the splits left). A shallower position's points
   * come after a deeper one's and cut ranges about as many times larger as its kind has characters: the rest is
   * cut into ranges of geometrically growing size, the first like the span the seen keys cover, the last up to the
   * range's end, so that a large rest is split in one round at every scale its keys may have.
   */
  static List<String> splitPoints(String prefix, String first, String last, String end, int maxSplits) {
    int[] f = first.codePoints().toArray();
    int[] l = last.codePoints().toArray();
    int from = prefix.codePointCount(0, prefix.length());
    int common = 0;
    while (common < Math.min(f.length, l.length) && f[common] == l[common]) {
      common++;
    }
    // Never deeper than where the seen keys differ: that cuts only the sliver of keys that share more of the last
    // key than the keys seen share, mostly into empty ranges.
    List<String> points = new ArrayList<>();
    for (int d = Math.min(common, l.length - 1); d >= from && points.size() < maxSplits; d--) {
      String head = new String(l, 0, d);
      for (int c : later(kinds(l[d], d < f.length ? f[d] : -1), l[d], maxSplits - points.size())) {
        String point = head + Character.toString(c);
        if (end != null && KeyOrder.compare(point, end) >= 0) {
          return points; // every later point, at this position or a shallower one, is past the end too
        }
        points.add(point);
      }
    }
    return points;
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
