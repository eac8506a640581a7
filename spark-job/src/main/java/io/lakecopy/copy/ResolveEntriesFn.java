package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.plan.FilterSettings;
import io.lakecopy.s3.ExecutorS3Clients;
import io.lakecopy.s3.S3ClientSettings;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The Spark adapter of {@link ManifestHeads}: resolves one partition's manifest entries with this JVM's shared
 * source client, at most {@code maxInFlight} HEADs at once, lazily (the partition is never held whole).
 */
public final class ResolveEntriesFn implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final S3ClientSettings sourceClient;
  private final FilterSettings filter;
  private final int maxInFlight;
  private final String noun;

  /** @param noun how messages name an entry's position: {@code "line"} or {@code "row"} */
  public ResolveEntriesFn(S3ClientSettings sourceClient, FilterSettings filter, int maxInFlight, String noun) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1: " + maxInFlight);
    }
    this.sourceClient = requireNonNull(sourceClient, "sourceClient is null");
    this.filter = requireNonNull(filter, "filter is null");
    this.maxInFlight = maxInFlight;
    this.noun = requireNonNull(noun, "noun is null");
  }

  @Override
  public Iterator<Row> call(Iterator<Row> entries) {
    ManifestHeads heads = new ManifestHeads(ExecutorS3Clients.get(sourceClient), ExecutorS3Clients.limit(sourceClient),
        filter.filter(), noun);
    OrderedParallel<Row, Row> resolved = new OrderedParallel<>(entries, heads::needsHead, heads::resolve, maxInFlight,
        4 * maxInFlight, "lakecopy-head");
    TaskContext context = TaskContext.get();
    if (context != null) {
      context.addTaskCompletionListener(new Close(resolved));
    }
    return new SkippingIterator<>(resolved, r -> r);
  }

  /** Stops a task's HEAD threads when the task ends, however it ends. */
  private static final class Close implements TaskCompletionListener {
    private final OrderedParallel<Row, Row> resolved;

    Close(OrderedParallel<Row, Row> resolved) {
      this.resolved = resolved;
    }

    @Override
    public void onTaskCompletion(TaskContext context) {
      resolved.close();
    }
  }
}
