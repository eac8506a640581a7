package io.lakecopy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * {@link S3VersionPages} with {@link RangeLister}, round after round as the executors list, against an in-memory
 * ListObjectVersions with S3's paging (max-keys counts entries; NextKeyMarker and NextVersionIdMarker name the last
 * entry listed): every key is listed once, with its whole history in order, whatever the page size.
 */
class S3VersionPagesTest {
  /** One entry: key, version id, marker or not, second written. */
  record Entry(String key, String versionId, boolean marker, long at) {}

  /** The bucket: per key (S3 key order) its entries newest first. */
  private final Map<String, List<Entry>> bucket = new TreeMap<>(KeyOrder::compare);
  private int requests;

  private void put(String key, String... history) {
    List<Entry> entries = new ArrayList<>();
    long at = 1000;
    for (String h : history) {
      entries.add(0, new Entry(key, key + "#" + h, h.startsWith("m"), at++));
    }
    bucket.put(key, entries);
  }

  private final S3Client s3 = new S3Client() {
    @Override
    public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest r) {
      requests++;
      String prefix = r.prefix() == null ? "" : r.prefix();
      List<Object> out = new ArrayList<>(); // Entry or a common prefix
      boolean started = r.keyMarker() == null;
      String lastPrefix = null;
      for (List<Entry> history : bucket.values()) {
        for (Entry e : history) {
          if (!e.key().startsWith(prefix)) {
            continue;
          }
          if (!started) {
            int c = KeyOrder.compare(e.key(), r.keyMarker());
            if (c < 0 || c == 0 && r.versionIdMarker() == null) {
              continue;
            }
            if (c == 0) {
              if (e.versionId().equals(r.versionIdMarker())) {
                started = true;
              }
              continue;
            }
            started = true;
          }
          int slash = r.delimiter() == null ? -1 : e.key().indexOf('/', prefix.length());
          if (slash >= 0) {
            String p = e.key().substring(0, slash + 1);
            if (!p.equals(lastPrefix) && (r.keyMarker() == null || KeyOrder.compare(p, r.keyMarker()) > 0)) {
              out.add(p);
              lastPrefix = p;
            }
            continue;
          }
          out.add(e);
        }
      }
      boolean truncated = out.size() > r.maxKeys();
      List<Object> page = truncated ? out.subList(0, r.maxKeys()) : out;
      var b = ListObjectVersionsResponse.builder().isTruncated(truncated);
      List<software.amazon.awssdk.services.s3.model.ObjectVersion> versions = new ArrayList<>();
      List<DeleteMarkerEntry> markers = new ArrayList<>();
      List<CommonPrefix> prefixes = new ArrayList<>();
      for (Object o : page) {
        if (o instanceof String p) {
          prefixes.add(CommonPrefix.builder().prefix(p).build());
        } else {
          Entry e = (Entry) o;
          boolean latest = bucket.get(e.key()).get(0).equals(e);
          if (e.marker()) {
            markers.add(DeleteMarkerEntry.builder().key(e.key()).versionId(e.versionId()).isLatest(latest)
                .lastModified(Instant.ofEpochSecond(e.at())).build());
          } else {
            versions.add(software.amazon.awssdk.services.s3.model.ObjectVersion.builder().key(e.key())
                .versionId(e.versionId()).isLatest(latest).size(1L).eTag("\"e\"")
                .lastModified(Instant.ofEpochSecond(e.at())).build());
          }
        }
      }
      if (truncated) {
        Object last = page.get(page.size() - 1);
        b.nextKeyMarker(last instanceof Entry e ? e.key() : (String) last)
            .nextVersionIdMarker(last instanceof Entry e ? e.versionId() : null);
      }
      return b.versions(versions).deleteMarkers(markers).commonPrefixes(prefixes).build();
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  };

  /** Lists {@code prefix} as {@code Listing} does: the first listing, then rounds of the ranges left. */
  private Map<String, List<String>> listAll(String prefix, int pageSize, int pagesPerRange) {
    S3VersionPages pages = new S3VersionPages(s3, "b", pageSize, null);
    Map<String, List<String>> listed = new LinkedHashMap<>();
    RangeLister.Listing first = RangeLister.first(pages, prefix, pagesPerRange);
    Deque<ListRange> left = new ArrayDeque<>(first.left());
    add(listed, first);
    while (!left.isEmpty()) {
      RangeLister.Listing l = RangeLister.list(pages, left.poll(), pagesPerRange);
      add(listed, l);
      left.addAll(l.left());
    }
    return listed;
  }

  private static void add(Map<String, List<String>> listed, RangeLister.Listing l) {
    for (ListingPages.Listed o : l.objects()) {
      List<String> ids = o.versions().stream().map(ObjectVersion::versionId).toList();
      assertThat(listed.put(o.key(), ids)).as("listed twice: " + o.key()).isNull();
    }
  }

  private Map<String, List<String>> expected(String prefix) {
    Map<String, List<String>> out = new TreeMap<>(KeyOrder::compare);
    bucket.forEach((k, h) -> {
      if (k.startsWith(prefix)) {
        out.put(k, h.stream().map(Entry::versionId).toList());
      }
    });
    return out;
  }

  @ParameterizedTest(name = "max-keys {0}")
  @ValueSource(ints = {1, 2, 3, 4, 7, 1000})
  void everyKeyOnceWithItsWholeHistoryInOrder(int pageSize) {
    put("p/a", "v1", "v2", "v3", "v4", "v5"); // a history longer than a page
    put("p/b", "v1", "m1");
    put("p/c", "m1");                         // only a delete marker: no current object, still a history
    put("p/d/e", "v1", "m1", "v2");
    put("p/d/f", "v1");
    put("p/g", "v1", "v2", "v3");
    put("p/\u00fc \u2603", "v1", "v2");
    put("p/\ud83d\ude00", "v1");
    put("q/x", "v1");
    for (int pagesPerRange : new int[] {1, 2, 5}) {
      assertThat(listAll("p/", pageSize, pagesPerRange)).as("pages per range " + pagesPerRange)
          .containsExactlyInAnyOrderEntriesOf(expected("p/"));
    }
  }

  @ParameterizedTest(name = "max-keys {0}")
  @org.junit.jupiter.params.provider.CsvSource({
      "3, 1", // "a" whole, "b" cut after one entry: "b" is left to the next page, at no cost
      "2, 2"}) // "a" alone fills the page: its history is read on to its end (one more request)
  void aPageThatCutsAKeysHistoryLeavesTheKeyWholeToTheNextPage(int pageSize, int requestsForThePage) {
    put("a", "v1", "v2");
    put("b", "v1", "v2");
    put("c", "v1", "v2");
    requests = 0;
    S3VersionPages pages = new S3VersionPages(s3, "b", pageSize, null);
    ListingPages.Page page = pages.page("", false, null, null);
    assertThat(page.objects()).extracting(ListingPages.Listed::key).containsExactly("a");
    assertThat(page.objects().get(0).versions()).extracting(ObjectVersion::versionId).containsExactly("a#v2",
        "a#v1");
    assertThat(requests).isEqualTo(requestsForThePage);
    assertThat(page.truncated()).isTrue();
    ListingPages.Page next = pages.page("", false, null, page.nextToken());
    assertThat(next.objects()).extracting(ListingPages.Listed::key).startsWith("b");
    assertThat(next.objects().get(0).versions()).hasSize(2);
  }
}
