package io.lakecopy.copy;

import java.util.Set;
import org.apache.spark.api.java.function.FilterFunction;

/** Journal lines of uploads whose id is among the live ones (a small set S3 listed). */
public final class LiveUploadFilter implements FilterFunction<String> {
  private static final long serialVersionUID = 1L;

  private final Set<String> live;

  public LiveUploadFilter(Set<String> live) {
    this.live = Set.copyOf(live);
  }

  @Override
  public boolean call(String line) {
    return Journal.upload(line).map(u -> live.contains(u.uploadId())).orElse(false);
  }
}
