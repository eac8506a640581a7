package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.DeleteScope;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Row;

/**
 * On the executors: keeps the destination objects (key, size, etag, last_modified rows) that no listed source maps
 * to and that --delete may remove ({@link DeleteScope}); the rows reaching it have already been anti-joined with
 * every mapped source key.
 */
public final class DeleteScopeFn implements FilterFunction<Row> {
  private static final long serialVersionUID = 1L;

  private final DeleteScope scope;
  private final int destPrefixLength;

  public DeleteScopeFn(DeleteScope scope, int destPrefixLength) {
    this.scope = requireNonNull(scope, "scope is null");
    this.destPrefixLength = destPrefixLength;
  }

  @Override
  public boolean call(Row r) {
    String key = r.getAs("key");
    java.sql.Timestamp modified = r.getAs("last_modified");
    return scope.deletes(key.substring(destPrefixLength), r.<Long>getAs("size"),
        modified == null ? null : modified.toInstant(), false);
  }
}
