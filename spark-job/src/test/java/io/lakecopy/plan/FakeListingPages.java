package io.lakecopy.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory bucket served page by page as S3 serves ListObjectsV2: keys in UTF-8 byte order, at most
 * {@code pageSize} entries (objects and common prefixes) a page, start-after exclusive, common prefixes rolled up at
 * the first "/" after the prefix. Its continuation token names the last entry returned.
 */
final class FakeListingPages implements ListingPages {
  private final List<String> keys;
  private final int pageSize;
  final AtomicInteger requests = new AtomicInteger();

  FakeListingPages(Collection<String> keys, int pageSize) {
    this.keys = new ArrayList<>(keys);
    this.keys.sort(KeyOrder::compare);
    this.pageSize = pageSize;
  }

  @Override
  public Page page(String prefix, boolean delimited, String startAfter, String continuationToken) {
    requests.incrementAndGet();
    String after = continuationToken != null ? continuationToken.substring(2) : startAfter;
    String skipped = continuationToken != null && continuationToken.startsWith("P:") ? after : null;
    List<Listed> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    for (int i = firstAfter(after == null || KeyOrder.compare(after, prefix) < 0 ? null : after, prefix);
        i < keys.size() && keys.get(i).startsWith(prefix); i++) {
      String key = keys.get(i);
      if (skipped != null && key.startsWith(skipped)) {
        continue;
      }
      int slash = delimited ? key.indexOf('/', prefix.length()) : -1;
      String entry = slash >= 0 ? key.substring(0, slash + 1) : key;
      if (entry.equals(last)) {
        continue;
      }
      if (objects.size() + prefixes.size() == pageSize) {
        boolean lastIsPrefix = !prefixes.isEmpty() && prefixes.get(prefixes.size() - 1).equals(last);
        return new Page(objects, prefixes, true, (lastIsPrefix ? "P:" : "K:") + last);
      }
      if (slash >= 0) {
        prefixes.add(entry);
      } else {
        objects.add(new Listed(key, key.length(), "\"" + Integer.toHexString(key.hashCode()) + "\"",
            Instant.EPOCH, null));
      }
      last = entry;
    }
    return new Page(objects, prefixes, false, null);
  }

  /** The index of the first key after {@code after} (null: the first key not before {@code prefix}). */
  private int firstAfter(String after, String prefix) {
    int lo = 0;
    int hi = keys.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = after == null ? KeyOrder.compare(keys.get(mid), prefix) : KeyOrder.compare(keys.get(mid), after);
      if (after == null ? c < 0 : c <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
