package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** lakecopy check against S3Proxy, which holds no SSE-KMS object (PutObject with aws:kms is 501: see S3ProxyCopyIT). */
class S3ProxyCheckIT extends CheckContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }

  /**
   * S3Proxy's filesystem store answers a PutObject with SSE-KMS with 501 NotImplemented and stores nothing: no SSE-KMS
   * object can be at a destination to be checked. This shows the refusal, not a check.
   */
  @Override
  @Test
  void check_differingETagOfAnSseKmsCopy_unverifiedNotDiffer() {
    String dst = f.bucket("dst");

    assertThatThrownBy(() -> f.s3.putObject(b -> b.bucket(dst).key("q/k.bin").serverSideEncryption("aws:kms")
        .ssekmsKeyId("any-key"), RequestBody.fromString("not k")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(501));
    assertThat(f.keys(dst)).isEmpty();
  }
}
