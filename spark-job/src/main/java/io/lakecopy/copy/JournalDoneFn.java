package io.lakecopy.copy;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Journal lines to the copies they record (d_id, d_etag, d_version); other lines to nothing. */
public final class JournalDoneFn implements FlatMapFunction<String, Row> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<Row> call(String line) {
    return Journal.done(line).map(d -> RowFactory.create(d.objectId(), d.destETag(), d.copiedVersionId()))
        .stream().iterator();
  }
}
