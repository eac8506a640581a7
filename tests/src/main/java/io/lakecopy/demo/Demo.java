package io.lakecopy.demo;

import io.lakecopy.job.JobListener;
import io.lakecopy.cli.LakecopyMain;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The README's demo: starts an S3-compatible server (S3Mock) on loopback, seeds a source prefix with
 * small objects and one multipart-size object, runs the real job in local Spark, then checks every
 * copy byte for byte and shows the report with Spark SQL.
 */
public final class Demo {
  private static final String SOURCE_BUCKET = "demo-source";
  private static final String DEST_BUCKET = "demo-dest";
  private static final String PREFIX = "warehouse/events/";

  private Demo() {}

  public static void main(String[] args) throws Exception {
    System.out.println("== lakecopy demo: starting an S3-compatible server (S3Mock) on 127.0.0.1 ...");
    int exit;
    try (S3TestServer server = S3TestServer.start(S3TestServer.Kind.S3MOCK); S3Client s3 = server.newClient()) {
      server.exportCredentials();
      List<String> keys = seed(s3);
      Path report = Files.createTempDirectory("lakecopy-demo-").resolve("report");
      String endpoint = server.endpoint().toString();
      String[] jobArgs = {
          "--source", "s3://" + SOURCE_BUCKET + "/" + PREFIX,
          "--dest", "s3://" + DEST_BUCKET + "/backup/events/",
          "--source-endpoint", endpoint, "--dest-endpoint", endpoint, "--path-style",
          "--source-region", S3TestServer.REGION, "--dest-region", S3TestServer.REGION,
          "--multipart-threshold", "16MiB", "--part-size", "8MiB",
          "--report", report.toString(), "--report-format", "json"};
      System.out.println("== running: lakecopy " + String.join(" ", jobArgs));
      exit = LakecopyMain.run(jobArgs, System.out, System.err, JobListener.NONE);
      System.out.println("== job exit code: " + exit);
      int mismatches = verify(s3, keys);
      SparkSession spark = SparkSession.builder().getOrCreate();
      spark.read().json(report.toString()).createOrReplaceTempView("report");
      System.out.println("== report (" + report + "), queried with Spark SQL:");
      spark.sql("SELECT status, method, count(*) AS objects, sum(size_bytes) AS bytes FROM report"
          + " GROUP BY status, method ORDER BY method").show(false);
      spark.sql("SELECT destination, size_bytes, parts, dest_etag FROM report WHERE method = 'MULTIPART'").show(false);
      spark.stop();
      if (mismatches > 0 || exit != 0) {
        System.out.println("== demo FAILED: " + mismatches + " mismatching objects, exit code " + exit);
        exit = exit == 0 ? 1 : exit;
      } else {
        System.out.println("== demo OK: " + keys.size() + " objects copied server-side and verified byte for byte");
      }
    }
    System.exit(exit);
  }

  private static List<String> seed(S3Client s3) {
    Seeder.createBucket(s3, SOURCE_BUCKET);
    Seeder.createBucket(s3, DEST_BUCKET);
    List<String> keys = new ArrayList<>();
    for (int day = 1; day <= 5; day++) {
      for (int part = 0; part < 10; part++) {
        String key = PREFIX + "dt=2026-11-0" + day + "/part-" + String.format("%05d", part) + ".json";
        Seeder.put(s3, SOURCE_BUCKET, key, Seeder.content(key, 1000 + 997 * part * day), "application/json",
            Map.of("writer", "demo"), null);
        keys.add(key);
      }
    }
    String marker = PREFIX + "_SUCCESS";
    Seeder.put(s3, SOURCE_BUCKET, marker, new byte[0]);
    keys.add(marker);
    String big = PREFIX + "snapshots/events-full.bin";
    Seeder.put(s3, SOURCE_BUCKET, big, Seeder.content(big, 40 * 1024 * 1024 + 12345), "application/octet-stream",
        Map.of("origin", "demo", "rows", "123456"), "team=data&tier=gold");
    keys.add(big);
    System.out.println("== seeded s3://" + SOURCE_BUCKET + "/" + PREFIX + ": " + keys.size()
        + " objects (50 small, one empty marker, one 40 MiB object copied in parts)");
    return keys;
  }

  private static int verify(S3Client s3, List<String> keys) {
    int mismatches = 0;
    for (String key : keys) {
      String destKey = "backup/events/" + key.substring(PREFIX.length());
      ResponseBytes<GetObjectResponse> src = s3.getObjectAsBytes(b -> b.bucket(SOURCE_BUCKET).key(key));
      ResponseBytes<GetObjectResponse> dst;
      try {
        dst = s3.getObjectAsBytes(b -> b.bucket(DEST_BUCKET).key(destKey));
      } catch (RuntimeException e) {
        System.out.println("   MISSING s3://" + DEST_BUCKET + "/" + destKey);
        mismatches++;
        continue;
      }
      HeadObjectResponse a = s3.headObject(b -> b.bucket(SOURCE_BUCKET).key(key));
      HeadObjectResponse b = s3.headObject(x -> x.bucket(DEST_BUCKET).key(destKey));
      boolean same = Seeder.md5Hex(src.asByteArray()).equals(Seeder.md5Hex(dst.asByteArray()))
          && Objects.equals(a.contentType(), b.contentType()) && a.metadata().equals(b.metadata());
      if (!same) {
        System.out.println("   MISMATCH s3://" + DEST_BUCKET + "/" + destKey);
        mismatches++;
      }
    }
    List<S3Object> copied = s3.listObjectsV2(b -> b.bucket(DEST_BUCKET)).contents();
    int uploadsLeft = s3.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(DEST_BUCKET).build())
        .uploads().size();
    System.out.println("== verified: " + (keys.size() - mismatches) + "/" + keys.size()
        + " objects identical (MD5 of content, content type, user metadata); " + copied.size()
        + " objects at the destination; " + uploadsLeft + " multipart uploads left");
    return mismatches + uploadsLeft;
  }
}
