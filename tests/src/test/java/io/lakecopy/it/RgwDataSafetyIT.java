package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.Seeder;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * What the deleting modes must never delete, against Ceph RGW 16.2, and what only RGW has here: real versioning and
 * delete markers, Object Lock and bucket policies.
 *
 * <p>RGW 16.2 ignores {@code If-Match} on DeleteObject (measured on 16.2.15: a delete whose ETag does not match
 * removes the object, or on a versioned bucket puts a delete marker over it), and its CopyObject response names no
 * source version. lakecopy's probe finds the first out before a run deletes anything; it then deletes a moved source
 * only by the version id a HEAD pinned to the copied ETag returns, and {@code --delete} deletes nothing. So this
 * class's buckets are versioned ({@link #versionedBuckets()}), where {@code --move} works; the contract's three
 * {@code --delete} tests are overridden to show the refusal, and {@link
 * #move_unversionedSource_everySourceKeptAndExit1} shows an unversioned source kept.
 */
@ExtendWith(RgwFixture.class)
class RgwDataSafetyIT extends DataSafetyContractIT {
  @Override
  Fixture fixture() {
    return RgwFixture.fixture();
  }

  /** RGW 16.2 ignores If-Match on DeleteObject: only a delete by version id is exact there. */
  @Override
  boolean versionedBuckets() {
    return RgwFixture.pacific(f);
  }

  /**
   * RGW 16.2's CopyObject response has no x-amz-copy-source-version-id, but the store ignores If-Match on
   * DeleteObject, so lakecopy reads the version with a HEAD pinned to the copied ETag and deletes exactly that one.
   */
  @Override
  boolean movesByVersionId() {
    return true;
  }

  /**
   * On a versioned bucket the copied version is deleted exactly, so a version written after the copy is not the one
   * deleted: v/a is moved (exit code 0), the new version stays current and the copied one is gone; on a store that
   * holds deletes to the ETag instead, the object fails SOURCE_CHANGED (the contract's version).
   */
  @Override
  @Test
  void move_sourceRewrittenAfterItsCopy_theNewVersionIsKeptAndTheObjectFails() {
    if (!versionedBuckets()) {
      super.move_sourceRewrittenAfterItsCopy_theNewVersionIsKeptAndTheObjectFails();
      return;
    }
    String src = bucket("src");
    String dst = bucket("dst");
    String old = f.s3.putObject(b -> b.bucket(src).key("r/a.json"), RequestBody.fromString("old a")).versionId();
    proxy.onRequest((type, path) -> {
      if (type == RequestType.DELETE_OBJECT && path.equals("/" + src + "/r/a.json") && text(src, "r/a.json")
          .equals("old a")) {
        Seeder.put(f.s3, src, "r/a.json", "new a".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    });
    Path report = tmp.resolve("race-report");

    JobRun run = run("--source", "s3://" + src + "/r/", "--dest", "s3://" + dst + "/r/", "--move", "--report",
        report.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(text(src, "r/a.json")).as("the rewritten source survives").isEqualTo("new a");
    assertThat(text(dst, "r/a.json")).isEqualTo("old a");
    assertThat(f.s3.listObjectVersions(b -> b.bucket(src)).versions()).extracting(ObjectVersion::versionId)
        .as("exactly the copied version was deleted").hasSize(1).doesNotContain(old);
    assertThat(status(report(report).get("s3://" + dst + "/r/a.json"))).isEqualTo("MOVED");
  }

  /** --delete deletes nothing on RGW 16.2 (If-Match on DeleteObject ignored): see {@link #assertDeleteRefused}. */
  @Override
  @Test
  void delete_incrementalSync_neverDeletesCopiesOfSourcesTheFiltersLeftOut() throws Exception {
    if (!RgwFixture.pacific(f)) {
      super.delete_incrementalSync_neverDeletesCopiesOfSourcesTheFiltersLeftOut();
      return;
    }
    assertDeleteRefused("i/");
  }

  /** --delete deletes nothing on RGW 16.2 (If-Match on DeleteObject ignored): see {@link #assertDeleteRefused}. */
  @Override
  @Test
  void delete_srcPatternAndPrefixesFile_judgeTheSourceKeyTheDestinationKeyMapsBackTo() throws Exception {
    if (!RgwFixture.pacific(f)) {
      super.delete_srcPatternAndPrefixesFile_judgeTheSourceKeyTheDestinationKeyMapsBackTo();
      return;
    }
    assertDeleteRefused("p/");
  }

  /**
   * --delete deletes nothing on RGW 16.2, so the object rewritten after the listing is kept there too: the run fails
   * (exit code 1) instead of deleting with a condition RGW would not evaluate, which lost that object (measured).
   */
  @Override
  @Test
  void delete_destinationObjectRewrittenAfterTheListing_isKept() {
    if (!RgwFixture.pacific(f)) {
      super.delete_destinationObjectRewrittenAfterTheListing_isKept();
      return;
    }
    assertDeleteRefused("l/");
  }

  /**
   * A mirror with an orphan to delete: exit code 1, the orphan kept and FAILED DELETE_FAILED saying why, no delete sent
   * and no _SUCCESS.
   */
  private void assertDeleteRefused(String prefix) {
    String src = bucket("src");
    String dst = bucket("dst");
    Seeder.put(f.s3, src, prefix + "a", Seeder.content("a", 10));
    Seeder.put(f.s3, dst, prefix + "orphan", Seeder.content("orphan", 10));
    Path report = tmp.resolve("refused-delete-" + prefix.replace("/", ""));

    JobRun run = run("--source", "s3://" + src + "/" + prefix, "--dest", "s3://" + dst + "/" + prefix, "--delete",
        "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(f.keys(dst)).containsExactlyInAnyOrder(prefix + "a", prefix + "orphan");
    Row row = report(report).get("s3://" + dst + "/" + prefix + "orphan");
    assertThat(status(row)).isEqualTo("FAILED DELETE_FAILED");
    assertThat(row.<String>getAs("error_message")).contains("does not honour If-Match on DeleteObject");
    assertThat(proxy.count(RequestType.DELETE_OBJECT)).isZero();
    assertThat(report.resolve("_SUCCESS")).doesNotExist();
  }

  /**
   * An unversioned source on RGW 16.2: no delete can name exactly the copied object, so every source is kept, each
   * object fails DELETE_FAILED (exit code 1, no _SUCCESS), and the verified copies stay.
   */
  @Test
  void move_unversionedSource_everySourceKeptAndExit1() {
    String src = f.bucket("src");
    String dst = bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "u/", 3);
    Path report = tmp.resolve("unversioned-move-report");

    JobRun run = run("--source", "s3://" + src + "/u/", "--dest", "s3://" + dst + "/u/", "--move", "--report",
        report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(f.keys(src)).isEqualTo(seeded.keySet());
    assertSameCopies(src, dst, seeded);
    assertThat(report(report).values()).extracting(r -> status(r) + ": " + r.getAs("error_message"))
        .allMatch(s -> s.startsWith("FAILED DELETE_FAILED") && s.contains("has no version id"));
    assertThat(proxy.count(RequestType.DELETE_OBJECT)).isZero();
    assertThat(report.resolve("_SUCCESS")).doesNotExist();
  }

  /**
   * A source bucket whose policy denies s3:DeleteObject and s3:DeleteObjectVersion to everyone: RGW 16.2 applies a
   * Deny with Principal "*" to the bucket's owner too (measured: the owner's delete is 403 AccessDenied), so the run
   * uses the owner's keys. Every delete is refused: exit code 1 (never 0), every object FAILED DELETE_FAILED with the
   * 403, the summary counts the failures, no _SUCCESS; every source version is kept and every copy verified.
   */
  @Test
  void move_bucketPolicyDeniesDeletes_exit1EverySourceKeptAndTheCopiesStay() {
    String src = bucket("src");
    String dst = bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "d/", 3);
    f.s3.putBucketPolicy(b -> b.bucket(src).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
        + "\"Principal\":\"*\",\"Action\":[\"s3:DeleteObject\",\"s3:DeleteObjectVersion\"],\"Resource\":"
        + "[\"arn:aws:s3:::" + src + "/*\"]}]}"));
    Path report = tmp.resolve("policy-report");

    JobRun run = run("--source", "s3://" + src + "/d/", "--dest", "s3://" + dst + "/d/", "--move", "--report",
        report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("DELETE_FAILED=" + seeded.size());
    assertThat(report(report).values()).extracting(r -> status(r) + ": " + r.getAs("error_message"))
        .allMatch(s -> s.startsWith("FAILED DELETE_FAILED") && s.contains("403 AccessDenied"));
    assertThat(proxy.count(RequestType.DELETE_OBJECT)).as("one version delete per object").isEqualTo(seeded.size());
    assertEveryVersionKept(src, seeded);
    assertSameCopies(src, dst, seeded);
    assertThat(report.resolve("_SUCCESS")).doesNotExist();
  }

  /**
   * A source bucket with Object Lock and a default GOVERNANCE retention: the copies are made and verified, the
   * version-exact deletes are refused (RGW: 403 AccessDenied, as S3), and the run exits 1 without reporting success;
   * every source version is kept (lakecopy never sends x-amz-bypass-governance-retention).
   */
  @Test
  void move_objectLockedSource_deletesRefusedExit1EveryVersionKept() {
    // Object Lock can only be enabled as the bucket is created
    String src = "lock-" + f.server.name() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    f.s3.createBucket(b -> b.bucket(src).objectLockEnabledForBucket(true));
    f.s3.putObjectLockConfiguration(b -> b.bucket(src).objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
        .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1)))));
    String dst = bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "o/", 3);
    Path report = tmp.resolve("lock-report");

    JobRun run = run("--source", "s3://" + src + "/o/", "--dest", "s3://" + dst + "/o/", "--move", "--report",
        report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(report(report).values()).extracting(r -> status(r) + ": " + r.getAs("error_message"))
        .allMatch(s -> s.startsWith("FAILED DELETE_FAILED") && s.contains("403 AccessDenied"));
    assertEveryVersionKept(src, seeded);
    assertSameCopies(src, dst, seeded);
    assertThat(report.resolve("_SUCCESS")).doesNotExist();
  }

  /** One current version per seeded key, and no delete marker. */
  private void assertEveryVersionKept(String bucket, Map<String, byte[]> seeded) {
    var versions = f.s3.listObjectVersions(b -> b.bucket(bucket));
    assertThat(versions.versions()).extracting(ObjectVersion::key)
        .containsExactlyInAnyOrderElementsOf(seeded.keySet());
    assertThat(versions.deleteMarkers()).isEmpty();
  }

  private void assertSameCopies(String src, String dst, Map<String, byte[]> seeded) {
    assertThat(f.keys(dst)).isEqualTo(seeded.keySet());
    for (String key : seeded.keySet()) {
      f.assertSameObject(src, key, dst, key);
    }
  }

  /** Copies over an existing key despite If-None-Match / If-Match (measured). */
  @Override
  boolean holdsCopyObjectToTheListing() {
    return false;
  }

  /** RGW 16.2 completes over an existing key despite If-None-Match / If-Match (measured). */
  @Override
  boolean holdsCompleteToTheListing() {
    return false;
  }
}
