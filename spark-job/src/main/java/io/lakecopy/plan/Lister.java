package io.lakecopy.plan;

import io.lakecopy.config.ObjectFilter;
import io.lakecopy.s3.BoundedParallel;
import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Lists the objects under a prefix with ListObjectsV2, every page; large prefixes optionally in parallel. */
public final class Lister {
  private static final Logger LOG = LoggerFactory.getLogger(Lister.class);

  private Lister() {}

  /**
   * Every object under {@code prefix} that {@code filter} accepts. Keys come back URL-encoded on the
   * wire and decoded by the SDK. With {@code parallelism > 1}, a prefix that does not fit one page is
   * split by its first-level common prefixes ({@code delimiter=/}), listed {@code parallelism} at a time.
   *
   * <p>Retries: SDK only (per page).
   */
  public static List<SourceObject> list(S3Client s3, S3Location prefix, ObjectFilter filter, int parallelism) {
    return list(s3, prefix, prefix, filter, parallelism, k -> { });
  }

  /**
   * As {@link #list(S3Client, S3Location, ObjectFilter, int)}, with keys made relative to {@code base}.
   *
   * @param everyKey told of every listed key, filtered out or not (thread-safe: parallel listings call it at once)
   */
  public static List<SourceObject> list(S3Client s3, S3Location prefix, S3Location base, ObjectFilter filter,
      int parallelism, java.util.function.Consumer<String> everyKey) {
    ListObjectsV2Response first = s3.listObjectsV2(b -> b.bucket(prefix.bucket()).prefix(prefix.key()));
    List<SourceObject> objects = new ArrayList<>();
    if (!Boolean.TRUE.equals(first.isTruncated()) || parallelism <= 1) {
      add(objects, first.contents(), base, filter, everyKey);
      if (Boolean.TRUE.equals(first.isTruncated())) {
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key())
            .continuationToken(first.nextContinuationToken())).contents()) {
          add(objects, List.of(o), base, filter, everyKey);
        }
      }
    } else {
      objects = split(s3, prefix, base, filter, parallelism, everyKey);
    }
    LOG.info("Listed {} objects under {} that pass the filters", objects.size(), prefix);
    return objects;
  }

  /** Objects directly under the prefix, then each first-level common prefix listed in parallel. */
  private static List<SourceObject> split(S3Client s3, S3Location prefix, S3Location base, ObjectFilter filter,
      int parallelism, java.util.function.Consumer<String> everyKey) {
    List<SourceObject> objects = new ArrayList<>();
    List<String> children = new ArrayList<>();
    for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key())
        .delimiter("/"))) {
      add(objects, page.contents(), base, filter, everyKey);
      page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(children::add);
    }
    LOG.info("Listing {} in parallel: {} first-level prefixes, {} at a time", prefix, children.size(), parallelism);
    List<List<SourceObject>> parts = BoundedParallel.map(children, parallelism, "lakecopy-list", child -> {
      List<SourceObject> found = new ArrayList<>();
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(child)).contents()) {
        add(found, List.of(o), base, filter, everyKey);
      }
      return found;
    });
    parts.forEach(objects::addAll);
    return objects;
  }

  private static void add(List<SourceObject> into, List<S3Object> page, S3Location base, ObjectFilter filter,
      java.util.function.Consumer<String> everyKey) {
    for (S3Object o : page) {
      everyKey.accept(o.key());
      String relative = o.key().substring(base.key().length());
      if (filter.acceptsKey(o.key(), relative) && filter.acceptsAttributes(o.size(), o.lastModified())) {
        String storageClass = o.storageClassAsString();
        into.add(new SourceObject(new S3Location(base.bucket(), o.key()), relative, o.size(), o.eTag(),
            storageClass == null || storageClass.equals("STANDARD") ? null : storageClass, 0, null, o.lastModified()));
      }
    }
  }
}
