package io.lakecopy.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;

class RequestOptionsInterceptorTest {
  private static final String SOURCE_OWNER = "111122223333";
  private static final String DEST_OWNER = "444455556666";
  private static final SseCustomerKey SOURCE_KEY = SseCustomerKey.parse(new byte[32]);
  private static final SseCustomerKey DEST_KEY = SseCustomerKey.parse(filled(9));
  private static final Encryption KMS = new Encryption("aws:kms", "arn:aws:kms:us-east-1:444455556666:key/dest", true,
      Map.of("src-key", "mapped-key"));

  /** Every request type the job sends, as it sends them (bucket and key only). */
  private static List<SdkRequest> everyRequestType() {
    return List.of(
        ListObjectsV2Request.builder().bucket("b").build(),
        ListObjectsRequest.builder().bucket("b").build(),
        HeadObjectRequest.builder().bucket("b").key("k").build(),
        GetObjectRequest.builder().bucket("b").key("k").build(),
        GetObjectTaggingRequest.builder().bucket("b").key("k").build(),
        HeadBucketRequest.builder().bucket("b").build(),
        CopyObjectRequest.builder().sourceBucket("s").sourceKey("k").destinationBucket("b").destinationKey("k").build(),
        UploadPartCopyRequest.builder().sourceBucket("s").sourceKey("k").destinationBucket("b").destinationKey("k")
            .uploadId("u").partNumber(1).build(),
        CreateMultipartUploadRequest.builder().bucket("b").key("k").build(),
        CompleteMultipartUploadRequest.builder().bucket("b").key("k").uploadId("u").build(),
        AbortMultipartUploadRequest.builder().bucket("b").key("k").uploadId("u").build(),
        ListMultipartUploadsRequest.builder().bucket("b").build(),
        ListPartsRequest.builder().bucket("b").key("k").uploadId("u").build(),
        DeleteObjectRequest.builder().bucket("b").key("k").build(),
        DeleteObjectsRequest.builder().bucket("b").build(),
        PutObjectRequest.builder().bucket("b").key("k").build());
  }

  @Test
  void modifyRequest_requesterPaysAndOwner_onEveryRequestTypeThatHasTheFields() {
    RequestOptionsInterceptor interceptor = new RequestOptionsInterceptor(
        new RequestOptions(true, DEST_OWNER, SOURCE_OWNER, null, null, Encryption.NONE, null));

    for (SdkRequest request : everyRequestType()) {
      SdkRequest modified = modify(interceptor, request, false);

      String type = request.getClass().getSimpleName();
      assertThat(field(modified, "ExpectedBucketOwner")).as(type).contains(DEST_OWNER);
      if (!(request instanceof HeadBucketRequest)) {
        assertThat(field(modified, "RequestPayer")).as(type).contains("requester");
      }
      boolean copy = request instanceof CopyObjectRequest || request instanceof UploadPartCopyRequest;
      assertThat(field(modified, "ExpectedSourceBucketOwner")).as(type)
          .isEqualTo(copy ? Optional.of(SOURCE_OWNER) : Optional.empty());
    }
  }

  @Test
  void modifyHttpRequest_headBucketHasNoPayerField_getsTheHeaderOnItsHttpRequest() {
    RequestOptionsInterceptor interceptor = new RequestOptionsInterceptor(
        new RequestOptions(true, DEST_OWNER, null, null, null, Encryption.NONE, null));
    SdkHttpRequest marshalled = SdkHttpRequest.builder().method(SdkHttpMethod.HEAD).uri(URI.create("http://s3/b"))
        .putHeader("x-amz-expected-bucket-owner", DEST_OWNER).build();

    SdkHttpRequest sent = interceptor.modifyHttpRequest(httpContext(HeadBucketRequest.builder().bucket("b").build(),
        marshalled), new ExecutionAttributes());

    assertThat(sent.headers()).containsEntry("x-amz-request-payer", List.of("requester"))
        .containsEntry("x-amz-expected-bucket-owner", List.of(DEST_OWNER));
  }

  @Test
  void modifyHttpRequest_headersAlreadyMarshalled_leftAsTheyAre() {
    RequestOptionsInterceptor interceptor = new RequestOptionsInterceptor(
        new RequestOptions(true, DEST_OWNER, null, null, null, Encryption.NONE, null));
    SdkHttpRequest marshalled = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create("http://s3/b"))
        .putHeader("x-amz-request-payer", "requester").putHeader("x-amz-expected-bucket-owner", DEST_OWNER).build();

    SdkHttpRequest sent = interceptor.modifyHttpRequest(httpContext(ListObjectsV2Request.builder().bucket("b").build(),
        marshalled), new ExecutionAttributes());

    assertThat(sent).isSameAs(marshalled);
  }

  @Test
  void modifyRequest_noOptions_everyRequestUnchanged() {
    RequestOptionsInterceptor interceptor = new RequestOptionsInterceptor(RequestOptions.NONE);

    for (SdkRequest request : everyRequestType()) {
      assertThat(modify(interceptor, request, false)).as(request.getClass().getSimpleName()).isEqualTo(request);
    }
  }

  @Test
  void modifyRequest_sseCKeys_onHeadListPartsAndWritesAndCopySourceOnCopies() {
    RequestOptionsInterceptor interceptor = new RequestOptionsInterceptor(
        new RequestOptions(false, null, null, DEST_KEY, SOURCE_KEY, Encryption.NONE, null));
    List<Class<?>> withKey = List.of(HeadObjectRequest.class, ListPartsRequest.class, CopyObjectRequest.class,
        UploadPartCopyRequest.class, CreateMultipartUploadRequest.class, CompleteMultipartUploadRequest.class,
        PutObjectRequest.class);
    List<Class<?>> withSourceKey = List.of(CopyObjectRequest.class, UploadPartCopyRequest.class);

    for (SdkRequest request : everyRequestType()) {
      SdkRequest modified = modify(interceptor, request, false);

      String type = request.getClass().getSimpleName();
      assertThat(field(modified, "SSECustomerKey")).as(type)
          .isEqualTo(withKey.contains(request.getClass()) ? Optional.of(DEST_KEY.base64()) : Optional.empty());
      if (withKey.contains(request.getClass())) {
        assertThat(field(modified, "SSECustomerAlgorithm")).as(type).contains("AES256");
        assertThat(field(modified, "SSECustomerKeyMD5")).as(type).contains(DEST_KEY.md5Base64());
      }
      assertThat(field(modified, "CopySourceSSECustomerKey")).as(type)
          .isEqualTo(withSourceKey.contains(request.getClass()) ? Optional.of(SOURCE_KEY.base64()) : Optional.empty());
      assertThat(field(modified, "ServerSideEncryption")).as(type).isEmpty();
    }
  }

  @Test
  void modifyRequest_headOfTheCopySource_carriesTheSourceOwnerAndKey() {
    RequestOptionsInterceptor interceptor = new RequestOptionsInterceptor(
        new RequestOptions(false, DEST_OWNER, SOURCE_OWNER, DEST_KEY, SOURCE_KEY, Encryption.NONE, null));

    SdkRequest head = modify(interceptor, HeadObjectRequest.builder().bucket("s").key("k").build(), true);

    assertThat(field(head, "ExpectedBucketOwner")).contains(SOURCE_OWNER);
    assertThat(field(head, "SSECustomerKey")).contains(SOURCE_KEY.base64());
  }

  @Test
  void modifyRequest_kmsEncryptionAndAcl_onTheThreeWritesOnly() {
    RequestOptionsInterceptor interceptor = new RequestOptionsInterceptor(
        new RequestOptions(false, null, null, null, null, KMS, "bucket-owner-full-control"));
    List<Class<?>> writes = List.of(CopyObjectRequest.class, CreateMultipartUploadRequest.class, PutObjectRequest.class);

    for (SdkRequest request : everyRequestType()) {
      SdkRequest modified = modify(interceptor, request, false);

      String type = request.getClass().getSimpleName();
      boolean write = writes.contains(request.getClass());
      assertThat(field(modified, "ServerSideEncryption")).as(type).isEqualTo(write ? Optional.of("aws:kms") : Optional.empty());
      assertThat(field(modified, "SSEKMSKeyId")).as(type)
          .isEqualTo(write ? Optional.of(KMS.kmsKeyId()) : Optional.empty());
      assertThat(modified.getValueForField("BucketKeyEnabled", Boolean.class)).as(type)
          .isEqualTo(write ? Optional.of(true) : Optional.empty());
      assertThat(field(modified, "ACL")).as(type)
          .isEqualTo(write ? Optional.of("bucket-owner-full-control") : Optional.empty());
    }
  }

  @Test
  void modifyRequest_writeNamingItsOwnKey_keepsItAndGetsOnlyTheBucketKey() {
    RequestOptionsInterceptor interceptor = new RequestOptionsInterceptor(
        new RequestOptions(true, null, null, null, null, KMS, null));

    SdkRequest modified = modify(interceptor, CopyObjectRequest.builder().sourceBucket("s").sourceKey("k")
        .destinationBucket("b").destinationKey("k").serverSideEncryption("aws:kms").ssekmsKeyId("mapped-key")
        .requestPayer("requester").build(), false);

    assertThat(field(modified, "ServerSideEncryption")).contains("aws:kms");
    assertThat(field(modified, "SSEKMSKeyId")).contains("mapped-key");
    assertThat(modified.getValueForField("BucketKeyEnabled", Boolean.class)).contains(true);
  }

  @Test
  void modifyRequest_dsse_sendsNoBucketKey() {
    RequestOptionsInterceptor interceptor = new RequestOptionsInterceptor(new RequestOptions(false, null, null, null,
        null, new Encryption("aws:kms:dsse", null, false, Map.of()), null));

    SdkRequest modified = modify(interceptor, CreateMultipartUploadRequest.builder().bucket("b").key("k").build(), false);

    assertThat(field(modified, "ServerSideEncryption")).contains("aws:kms:dsse");
    assertThat(field(modified, "SSEKMSKeyId")).isEmpty();
    assertThat(modified.getValueForField("BucketKeyEnabled", Boolean.class)).isEmpty();
  }

  @Test
  void modifyRequest_explicitOwner_notOverridden() {
    RequestOptionsInterceptor interceptor = new RequestOptionsInterceptor(
        new RequestOptions(false, DEST_OWNER, null, null, null, Encryption.NONE, null));

    SdkRequest modified = modify(interceptor, ListObjectsV2Request.builder().bucket("b")
        .expectedBucketOwner("999999999999").build(), false);

    assertThat(field(modified, "ExpectedBucketOwner")).contains("999999999999");
  }

  private static Optional<String> field(SdkRequest request, String name) {
    return request.getValueForField(name, String.class);
  }

  private static SdkRequest modify(RequestOptionsInterceptor interceptor, SdkRequest request, boolean copySource) {
    ExecutionAttributes attributes = new ExecutionAttributes();
    if (copySource) {
      attributes.putAttribute(RequestOptions.READS_COPY_SOURCE, Boolean.TRUE);
    }
    Context.ModifyRequest context = () -> request;
    return interceptor.modifyRequest(context, attributes);
  }

  private static Context.ModifyHttpRequest httpContext(SdkRequest request, SdkHttpRequest http) {
    return new Context.ModifyHttpRequest() {
      @Override
      public SdkRequest request() {
        return request;
      }

      @Override
      public SdkHttpRequest httpRequest() {
        return http;
      }

      @Override
      public Optional<RequestBody> requestBody() {
        return Optional.empty();
      }

      @Override
      public Optional<AsyncRequestBody> asyncRequestBody() {
        return Optional.empty();
      }
    };
  }

  private static byte[] filled(int value) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }
}
