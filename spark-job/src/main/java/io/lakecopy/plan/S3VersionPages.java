package io.lakecopy.plan;

import io.lakecopy.s3.OperationCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * {@link ListingPages} of one bucket with ListObjectVersions: each listed key once, with its whole history
 * ({@link ListingPages.Listed#versions}, {@link VersionOrder}), so that {@link RangeLister}'s ranges, which split
 * between keys, never split a key's history.
 *
 * <p>A page S3 cuts inside a key's history: without a delimiter and with other keys on it, that key is left to the
 * next page, which starts after the key before it ({@code key-marker} alone); otherwise the key's history is read
 * to its end with the markers S3 gave ({@code key-marker} and {@code version-id-marker}, as they came back), and the
 * next page starts after it. A delimited page that ends on a common prefix goes on from S3's markers as they came
 * back. Only {@code key-marker} set to a key lakecopy listed, and S3's own markers passed back unchanged, are ever
 * sent: Adobe S3Mock 5.2 counts max-keys in keys and answers a {@code version-id-marker} of its own with entries
 * missing, which a page that holds more than one key never needs.
 */
public final class S3VersionPages implements ListingPages {
  /** Separates the two markers in a continuation token; no key or version id holds it (XML cannot carry it). */
  private static final char SEPARATOR = '\u0000';
  /** A token that is a key: the next page lists the keys after it. */
  private static final char AFTER_KEY = 'K';
  /** A token that is S3's own two markers. */
  private static final char S3_MARKERS = 'S';

  private final ListingTarget target;

  /** @param pageSize the max-keys of each request; S3 itself answers at most 1,000 */
  public S3VersionPages(S3Client s3, String bucket, int pageSize, OperationCounts counts) {
    this.target = new ListingTarget(s3, bucket, pageSize, counts);
  }

  /** Retries: SDK only. */
  @Override
  public Page page(String prefix, boolean delimited, String startAfter, String continuationToken) {
    String keyMarker = startAfter;
    String versionMarker = null;
    if (continuationToken != null) {
      String rest = continuationToken.substring(1);
      if (continuationToken.charAt(0) == S3_MARKERS) {
        int sep = rest.indexOf(SEPARATOR);
        keyMarker = rest.substring(0, sep);
        versionMarker = sep + 1 == rest.length() ? null : rest.substring(sep + 1);
      } else {
        keyMarker = rest;
      }
    }
    ListObjectVersionsResponse r = list(prefix, delimited, keyMarker, versionMarker);
    Map<String, Entries> keys = new TreeMap<>(KeyOrder::compare);
    add(keys, r);
    List<String> prefixes = r.commonPrefixes().stream().map(CommonPrefix::prefix).toList();
    if (!Boolean.TRUE.equals(r.isTruncated())) {
      return new Page(listed(keys), prefixes, false, null);
    }
    String lastKey = keys.isEmpty() ? null : ((TreeMap<String, Entries>) keys).lastKey();
    String lastPrefix = prefixes.isEmpty() ? null : prefixes.get(prefixes.size() - 1);
    if (lastKey == null || lastPrefix != null && KeyOrder.compare(lastPrefix, lastKey) > 0) {
      // ends on a common prefix: go on from S3's markers
      String next = r.nextKeyMarker() != null ? r.nextKeyMarker() : lastPrefix;
      return new Page(listed(keys), prefixes, true, S3_MARKERS + next + SEPARATOR
          + (r.nextKeyMarker() != null && r.nextVersionIdMarker() != null ? r.nextVersionIdMarker() : ""));
    }
    if (!delimited && keys.size() > 1) {
      // the last key's history may go on: list it whole on the next page, after the key before it
      keys.remove(lastKey);
      return new Page(listed(keys), prefixes, true, AFTER_KEY + ((TreeMap<String, Entries>) keys).lastKey());
    }
    rest(keys.get(lastKey), lastKey, r);
    return new Page(listed(keys), prefixes, true, AFTER_KEY + lastKey);
  }

  /** Reads the rest of {@code key}'s history after page {@code r}, which it ends, from S3's markers. */
  private void rest(Entries entries, String key, ListObjectVersionsResponse r) {
    ListObjectVersionsResponse page = r;
    while (Boolean.TRUE.equals(page.isTruncated())) {
      if (page.nextKeyMarker() == null) {
        throw new IllegalStateException("s3://" + target.bucket() + ": a truncated ListObjectVersions page without"
            + " NextKeyMarker, inside the history of key '" + io.lakecopy.s3.Excerpt.of(key) + "'");
      }
      page = list(key, false, page.nextKeyMarker(), page.nextVersionIdMarker());
      Map<String, Entries> more = new TreeMap<>(KeyOrder::compare);
      add(more, page);
      Entries mine = more.remove(key);
      if (mine != null) {
        mine.versions.forEach(v -> {
          if (entries.ids.add(v.versionId())) {
            entries.versions.add(v);
          }
        });
        mine.markers.forEach(v -> {
          if (entries.ids.add(v.versionId())) {
            entries.markers.add(v);
          }
        });
      }
      if (!more.isEmpty() || mine == null) {
        return; // the listing went past the key
      }
    }
  }

  private ListObjectVersionsResponse list(String prefix, boolean delimited, String keyMarker, String versionMarker) {
    return target.s3().listObjectVersions(b -> b.bucket(target.bucket()).prefix(prefix).delimiter(delimited ? DELIMITER : null)
        .keyMarker(keyMarker).versionIdMarker(keyMarker == null ? null : versionMarker).maxKeys(target.pageSize())
        .overrideConfiguration(OperationCounts.onRequest(target.counts())));
  }

  /** A key's entries as listed: its versions and its delete markers, each newest first. */
  private static final class Entries {
    final List<ObjectVersion> versions = new ArrayList<>();
    final List<ObjectVersion> markers = new ArrayList<>();
    final java.util.Set<String> ids = new java.util.HashSet<>();
  }

  private static void add(Map<String, Entries> keys, ListObjectVersionsResponse r) {
    for (software.amazon.awssdk.services.s3.model.ObjectVersion v : r.versions()) {
      Entries e = keys.computeIfAbsent(v.key(), k -> new Entries());
      if (e.ids.add(v.versionId())) {
        e.versions.add(new ObjectVersion(v.versionId() == null ? ObjectVersion.NULL_VERSION : v.versionId(), false,
            Boolean.TRUE.equals(v.isLatest()), v.size() == null ? 0 : v.size(), v.eTag(), v.lastModified(),
            "STANDARD".equals(v.storageClassAsString()) ? null : v.storageClassAsString()));
      }
    }
    for (DeleteMarkerEntry m : r.deleteMarkers()) {
      Entries e = keys.computeIfAbsent(m.key(), k -> new Entries());
      if (e.ids.add(m.versionId())) {
        e.markers.add(ObjectVersion.marker(m.versionId() == null ? ObjectVersion.NULL_VERSION : m.versionId(),
            Boolean.TRUE.equals(m.isLatest()), m.lastModified()));
      }
    }
  }

  private static List<Listed> listed(Map<String, Entries> keys) {
    List<Listed> out = new ArrayList<>(keys.size());
    for (Map.Entry<String, Entries> e : keys.entrySet()) {
      List<ObjectVersion> history = VersionOrder.newestFirst(e.getValue().versions, e.getValue().markers);
      ObjectVersion newest = history.get(0);
      out.add(new Listed(e.getKey(), newest.sizeBytes(), newest.eTag(), newest.lastModified(), newest.storageClass(),
          history));
    }
    return out;
  }
}
