package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.job.JobListener;
import io.lakecopy.testing.Seeder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract against Ceph RADOS Gateway 16.2 ({@link io.lakecopy.testing.RgwService}), a real S3
 * implementation: CopyObject shares the source's data by reference, UploadPartCopy copies the bytes,
 * CompleteMultipartUpload only writes metadata. Skipped with the reason where Ceph is not installed.
 *
 * <p>Where RGW deviates from AWS in what this contract checks:
 * <ul>
 *   <li>x-amz-tagging on CreateMultipartUpload is ignored: tags are compared on single copies only
 *       ({@link RgwFixture#fixture()}).
 *   <li>Hadoop S3A writes its empty directory markers aws-chunked over plain HTTP, which RGW 16.2.15
 *       rejects (400 XAmzContentSHA256Mismatch): {@link #s3a} signs with SigV2 on Hadoop 3.3 and skips
 *       the two s3a:// tests on Hadoop 3.4+, whose SDK v2 has no SigV2.
 *   <li>x-amz-copy-source-if-match is ignored on CopyObject and UploadPartCopy. That is a gap in
 *       lakecopy's protection, not something to skip: see {@link
 *       #sourceChangedAfterPlanning_thatObjectFailsWithSourceChangedAndNothingIsLeft()}.
 * </ul>
 * The empty {@code <ETag></ETag>} RGW returns from every CompleteMultipartUpload needs no override: lakecopy
 * then HEADs the destination and checks its length and multipart ETag (MultipartUploads.complete).
 * Deviations the job does not meet today: HEAD/GET {@code ?partNumber} ignored, GetObjectAttributes 500,
 * TaggingDirective=REPLACE ignored (the job copies with COPY), SSE-S3 and CopyObject to SSE silently not
 * applied, CopyObject from an SSE-C/KMS source 501, flexible checksums not stored, no
 * x-amz-copy-source-version-id in the CopyObject response, CopyObject above 5 GiB accepted.
 *
 * <p>All of this was measured on 16.2.15; on another RGW version the contract's own tests run instead of
 * the overrides ({@link RgwFixture#pacific}) and show what differs there.
 */
@ExtendWith(RgwFixture.class)
class RgwCopyIT extends CopyContractIT {
  @Override
  Fixture fixture() {
    return RgwFixture.fixture();
  }

  /**
   * Spark's writers create empty directory markers through S3A, which over plain HTTP sends a zero-byte PUT
   * as a signed aws-chunked stream; RGW 16.2.15 answers 400 XAmzContentSHA256Mismatch (the empty-body
   * regression reported on ceph/ceph#53266). Neither S3A 3.3 (AWS SDK v1) nor 3.5 (SDK v2) has an option to
   * turn chunking off. On 3.3, SigV2, which RGW accepts and which signs no payload, avoids it; SDK v2 has no
   * SigV2, so on Hadoop 3.4+ the tests that need s3a:// on this server are skipped, saying so.
   */
  @Override
  void s3a(String bucket) {
    super.s3a(bucket);
    if (!RgwFixture.pacific(f)) {
      return;
    }
    String hadoop = org.apache.hadoop.util.VersionInfo.getVersion();
    Assumptions.assumeTrue(hadoop.startsWith("3.3."), () -> "skipped on RGW 16.2 with Hadoop " + hadoop + ": its S3A"
        + " writes empty objects aws-chunked over plain HTTP, which RGW 16.2.15 rejects, and has no SigV2 to avoid it");
    spark.sparkContext().hadoopConfiguration().set("fs.s3a.bucket." + bucket + ".signing-algorithm", "S3SignerType");
  }

  /**
   * GAP in lakecopy's protection on RGW, awaiting the pin-protection design: RGW 16.2 ignores
   * x-amz-copy-source-if-match on CopyObject and UploadPartCopy, so a source overwritten after planning is
   * copied anyway. The small object lands with its new bytes and is reported COPIED; the multipart object
   * fails only because its new version is shorter than the planned part ranges (416 InvalidRange, counted
   * as REQUEST_REJECTED, not SOURCE_CHANGED). This override asserts exactly that behaviour; once lakecopy
   * detects the change on RGW (e.g. by checking each copy's returned ETag against the planned one), it
   * fails: then delete it, and the contract's own test runs here.
   */
  @Test
  @Override
  void sourceChangedAfterPlanning_thatObjectFailsWithSourceChangedAndNothingIsLeft() throws java.io.IOException {
    if (!RgwFixture.pacific(f)) {
      super.sourceChangedAfterPlanning_thatObjectFailsWithSourceChangedAndNothingIsLeft();
      return;
    }
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> small = f.seedTree(src, "p/", 20);
    Map<String, byte[]> big = f.seedMultipart(src, "p/");
    String changedSmall = small.keySet().iterator().next();
    String changedBig = big.keySet().iterator().next();
    byte[] newSmall = Seeder.content("changed", 77);
    Path report = tmp.resolve("changed-report");
    JobListener overwrite = new JobListener() {
      @Override
      public void beforeCopy(int wave) {
        Seeder.put(s3, src, changedSmall, newSmall);
        Seeder.put(s3, src, changedBig, Seeder.content("changed", 6 * MiB));
      }
    };

    JobRun run = JobRun.run(f.args("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/q/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--report", report.toString()), overwrite);

    assertThat(run.exitCode()).isEqualTo(1);
    Map<String, String> outcome = spark.read().json(report.toString()).collectAsList().stream().collect(
        Collectors.toMap(r -> r.<String>getAs("source"), RgwCopyIT::statusAndKind));
    assertThat(outcome.get("s3://" + src + "/" + changedSmall)).as("the gap: copied although it changed")
        .isEqualTo("COPIED");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(dst).key("q/" + changedSmall.substring(2))).asByteArray())
        .as("the destination holds the version the plan never saw").isEqualTo(newSmall);
    assertThat(outcome.get("s3://" + src + "/" + changedBig)).as("failed by the range, not by the pin")
        .isEqualTo("FAILED REQUEST_REJECTED");
    assertThat(f.keys(dst)).hasSize(small.size() + big.size() - 1);
    f.assertNoUploads(dst);
  }

  private static String statusAndKind(Row r) {
    String kind = r.getAs("error_kind");
    return r.<String>getAs("status") + (kind == null ? "" : " " + kind);
  }
}
