package io.lakecopy.plan;

import io.lakecopy.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Lists the objects under a prefix with ListObjectsV2, every page. */
public final class Lister {
  private static final Logger LOG = LoggerFactory.getLogger(Lister.class);

  private Lister() {}

  /**
   * Every object under {@code prefix} that {@code filter} accepts, in key order. Keys come back
   * URL-encoded on the wire and decoded by the SDK.
   *
   * <p>Retries: SDK only (per page).
   */
  public static List<SourceObject> list(S3Client s3, S3Location prefix, KeyFilter filter) {
    List<SourceObject> objects = new ArrayList<>();
    long seen = 0;
    ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(prefix.bucket()).prefix(prefix.key()).build();
    for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
      seen++;
      String relative = o.key().substring(prefix.key().length());
      if (filter.accepts(relative)) {
        String storageClass = o.storageClassAsString();
        objects.add(new SourceObject(new S3Location(prefix.bucket(), o.key()), relative, o.size(), o.eTag(),
            storageClass == null || storageClass.equals("STANDARD") ? null : storageClass, 0));
      }
    }
    LOG.info("Listed {} objects under {}; {} pass the filters", seen, prefix, objects.size());
    return objects;
  }
}
