package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.job.JobListener;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * S3Proxy 4.1 (filesystem store) has no versioning: what --all-versions and --version-at do there. The contract
 * itself runs on S3Mock and Ceph RGW (VersionsContractIT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ProxyVersionsIT {
  Fixture f;

  @BeforeAll
  void start() {
    f = new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }

  @AfterAll
  void stop() {
    if (f != null) {
      f.close("lakecopy");
    }
  }

  @Test
  void allVersions_onAStoreWithoutVersioning_exitCode2BeforeAnythingIsWritten() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Seeder.put(f.s3, src, "p/k", "k".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    JobRun run = JobRun.run(f.args("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/q/",
        "--all-versions"), JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--all-versions").contains(dst).contains("versioning");
    assertThat(f.keys(dst)).isEmpty();
  }

  @Test
  void versionAt_onAStoreThatListsNoVersions_exitCode2NamingTheFlag() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Seeder.put(f.s3, src, "p/k", "k".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    JobRun run = JobRun.run(f.args("--source", "s3://" + src + "/p/", "--dest", "s3://" + dst + "/q/",
        "--version-at", "2099-01-01"), JobListener.NONE);

    // S3Proxy answers ListObjectVersions with 501 NotImplemented ("Versioning is not supported")
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--source").contains(src).contains("does not list versions")
        .contains("--version-at");
    assertThat(f.keys(dst)).isEmpty();
  }
}
