package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.testing.S3TestServer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The contract against S3Proxy (filesystem store), which checks SigV4 signatures. It deviates from
 * AWS in two ways the contract must skip: it has no object tagging API (501 NotImplemented), so the
 * job runs with --no-tags and tags are not compared; and it stores every object as STANDARD, so
 * storage classes are not compared.
 */
class S3ProxyCopyIT extends CopyContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(S3TestServer.Kind.S3PROXY, false, false);
  }

  /** S3Proxy 4.1 answers GetObjectLockConfiguration with 501 NotImplemented (measured). */
  @Override
  boolean supportsObjectLock() {
    return false;
  }

  /**
   * S3Proxy's filesystem store answers a PutObject with SSE-C headers with 501 NotImplemented and stores nothing: it
   * can hold no SSE-C object, so there is no source to copy. This shows the refusal, not a copy.
   */
  @Override
  @Test
  void sseC_sourceToDestinationUnderAnotherKey_bytesHeadersAndEncryptionRoundTrip() {
    byte[] key = sseCKey(1);
    assertPutRefusedWith501(b -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(base64(key))
        .sseCustomerKeyMD5(md5Base64(key)));
  }

  /**
   * S3Proxy's filesystem store answers a PutObject with {@code x-amz-server-side-encryption: aws:kms} with 501
   * NotImplemented and stores nothing: it can hold no SSE-KMS object, so there is no source to copy. This shows the
   * refusal, not a copy.
   */
  @Override
  @Test
  void sseKms_sourceToKmsDestination_bytesHeadersAndEncryptionRoundTrip() {
    assertPutRefusedWith501(b -> b.serverSideEncryption("aws:kms").ssekmsKeyId("any-key"));
  }

  private void assertPutRefusedWith501(Consumer<PutObjectRequest.Builder> sse) {
    String bucket = f.bucket("src");
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key("encrypted.bin");
    sse.accept(put);

    assertThatThrownBy(() -> s3.putObject(put.build(), RequestBody.fromString("encrypted")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(501));
    assertThat(f.keys(bucket)).isEmpty();
  }

  /** S3Proxy's filesystem store answers x-amz-server-side-encryption with 501 NotImplemented. */
  @Override
  SseS3 sseS3() {
    return SseS3.REFUSED;
  }
}
