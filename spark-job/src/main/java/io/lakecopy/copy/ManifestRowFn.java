package io.lakecopy.copy;

import io.lakecopy.s3.ETags;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A copied object's output-manifest row: bucket, URL-encoded key, size, unquoted ETag. */
public final class ManifestRowFn implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  public static final StructType SCHEMA = new StructType().add("bucket", DataTypes.StringType, false)
      .add("key", DataTypes.StringType, false).add("size", DataTypes.LongType, false)
      .add("etag", DataTypes.StringType, false);

  @Override
  public Row call(Row r) {
    String source = r.getAs("source"); // s3://bucket/key
    String rest = source.substring("s3://".length());
    int slash = rest.indexOf('/');
    return RowFactory.create(rest.substring(0, slash), URLEncoder.encode(rest.substring(slash + 1),
        StandardCharsets.UTF_8), r.<Long>getAs("size_bytes"), ETags.unquote(r.getAs("source_etag")));
  }
}
