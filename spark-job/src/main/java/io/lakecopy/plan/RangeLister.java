package io.lakecopy.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists one {@link ListRange}, at most a number of pages of it, and says what is left: the objects it listed, and
 * the ranges that cover exactly the keys of the range it did not list. Every key of a range is either listed or
 * in exactly one of the ranges left, so listing the ranges left, round after round, lists every key once.
 */
public final class RangeLister {
  /** At most this many split points per unfinished range: a round has at most 17 times the ranges of the last. */
  public static final int MAX_SPLITS = 16;

  /** What one listing of a range found. */
  public record Listing(List<ListingPages.Listed> objects, List<ListRange> left) {
    public Listing {
      objects = List.copyOf(objects);
      left = List.copyOf(left);
    }
  }

  private RangeLister() {}

  /** Listing tasks a round aims at per core of the cluster, when the ranges per task are not set. */
  public static final int TASKS_PER_CORE = 4;
  /** At most this many ranges in one listing task (and in flight in it). */
  public static final int MAX_RANGES_PER_TASK = 64;

  /**
   * Ranges one listing task of a round lists (at a time) when {@code --list-parallelism} is auto: as few as makes
   * about {@link #TASKS_PER_CORE} tasks per core, so that a round of many small ranges is not a task (and a file
   * written) per range on a small cluster, and a large cluster still gets a task per range.
   *
   * @param ranges the round's ranges (at least 1)
   * @param cores the cluster's cores, Spark's default parallelism (at least 1)
   */
  public static int rangesPerTask(int ranges, int cores) {
    if (ranges < 1 || cores < 1) {
      throw new IllegalArgumentException("ranges " + ranges + ", cores " + cores + ": both must be at least 1");
    }
    long tasks = (long) cores * TASKS_PER_CORE;
    return (int) Math.min(MAX_RANGES_PER_TASK, Math.max(1, (ranges + tasks - 1) / tasks));
  }

  /** Lists {@code range}, at most {@code maxPages} pages. Retries: those of {@code pages}. */
  public static Listing list(ListingPages pages, ListRange range, int maxPages) {
    requireNonNull(pages, "pages is null");
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages < 1: " + maxPages);
    }
    return range.delimited() ? delimited(pages, range, maxPages) : keys(pages, range, maxPages);
  }

  /**
   * The first listing of a whole prefix (the driver's): flat, at most {@code maxPages} pages, so that a prefix of a
   * few thousand keys is listed in as many pages as its keys fill and needs no other range (delimited, a tree of
   * many small folders costs a page per folder). A large flat prefix leaves the rest split after the last key
   * ({@link RangeSplitter}). A large tree (a listed key lies in a folder below the prefix) keeps its flat pages and
   * leaves the rest by folders: the rest of the folder that holds the last key, as a key range after it, then one
   * page of the prefix listed delimited after that key, whose common prefixes (but that folder) are key ranges and
   * whose truncated rest goes on as a delimited listing. A store that answers that page with entries before the
   * last key (start-after ignored with a delimiter), or with nothing where something must follow (the last key is
   * not in a folder), gets the whole prefix listed delimited again instead.
   */
  public static Listing first(ListingPages pages, String prefix, int maxPages) {
    Listing flat = list(pages, ListRange.keys(prefix), maxPages);
    if (flat.left().isEmpty() || flat.objects().isEmpty()
        || flat.objects().stream().noneMatch(o -> o.key().indexOf(ListingPages.DELIMITER, prefix.length()) >= 0)) {
      return flat;
    }
    String last = flat.objects().get(flat.objects().size() - 1).key();
    int slash = last.indexOf(ListingPages.DELIMITER, prefix.length());
    String folder = slash < 0 ? null : last.substring(0, slash + 1);
    ListingPages.Page page = pages.page(prefix, true, last, null);
    // The flat pages were truncated, so keys follow the last one: outside a folder, the page cannot be empty.
    boolean after = page.objects().stream().allMatch(o -> KeyOrder.compare(o.key(), last) > 0)
        && page.commonPrefixes().stream().allMatch(p -> p.equals(folder) || KeyOrder.compare(p, last) > 0)
        && (folder != null || !page.objects().isEmpty() || !page.commonPrefixes().isEmpty());
    if (!after) {
      return list(pages, ListRange.delimited(prefix, null), maxPages);
    }
    List<ListingPages.Listed> objects = new ArrayList<>(flat.objects());
    objects.addAll(page.objects());
    List<ListRange> left = new ArrayList<>();
    if (folder != null) {
      left.add(ListRange.keys(folder, last, null));
    }
    page.commonPrefixes().stream().filter(p -> !p.equals(folder)).forEach(p -> left.add(ListRange.keys(p)));
    if (page.truncated()) {
      left.add(rest(prefix, page, page.nextToken()));
    }
    return new Listing(objects, left);
  }

  /**
   * A delimited listing: objects are listed, common prefixes become key ranges. When the pages run out, the rest
   * follows the page's last entry: after an object key, every key after it (a common prefix before it has no key
   * after it); after a common prefix, the delimited listing goes on from the token.
   */
  private static Listing delimited(ListingPages pages, ListRange range, int maxPages) {
    List<ListingPages.Listed> objects = new ArrayList<>();
    List<ListRange> left = new ArrayList<>();
    String token = range.continuationToken();
    for (int n = 0; n < maxPages; n++) {
      ListingPages.Page page = pages.page(range.prefix(), true, null, token);
      objects.addAll(page.objects());
      page.commonPrefixes().forEach(p -> left.add(ListRange.keys(p)));
      if (!page.truncated()) {
        return new Listing(objects, left);
      }
      token = page.nextToken();
      if (n == maxPages - 1) {
        left.add(rest(range.prefix(), page, token));
      }
    }
    return new Listing(objects, left);
  }

  private static ListRange rest(String prefix, ListingPages.Page page, String token) {
    String lastObject = page.objects().isEmpty() ? null : page.objects().get(page.objects().size() - 1).key();
    String lastPrefix = page.commonPrefixes().isEmpty() ? null
        : page.commonPrefixes().get(page.commonPrefixes().size() - 1);
    if (lastObject != null && (lastPrefix == null || KeyOrder.compare(lastObject, lastPrefix) > 0)) {
      return ListRange.keys(prefix, lastObject, null);
    }
    return ListRange.delimited(prefix, token);
  }

  /** A key range: page after page from its start; past its end, or out of pages, it stops. */
  private static Listing keys(ListingPages pages, ListRange range, int maxPages) {
    List<ListingPages.Listed> objects = new ArrayList<>();
    String token = null;
    for (int n = 0; n < maxPages; n++) {
      ListingPages.Page page = pages.page(range.prefix(), false, token == null ? range.startAfter() : null, token);
      for (ListingPages.Listed o : page.objects()) {
        if (range.endInclusive() != null && KeyOrder.compare(o.key(), range.endInclusive()) > 0) {
          return new Listing(objects, List.of());
        }
        if (range.contains(o.key())) {
          objects.add(o);
        }
      }
      if (!page.truncated()) {
        return new Listing(objects, List.of());
      }
      token = page.nextToken();
    }
    if (objects.isEmpty()) {
      return new Listing(objects, List.of(range));
    }
    return new Listing(objects, RangeSplitter.remainder(range, objects.get(0).key(),
        objects.get(objects.size() - 1).key(), MAX_SPLITS));
  }
}
