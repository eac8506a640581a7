package io.lakecopy.s3;

import static java.util.Objects.requireNonNull;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
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

/**
 * Adds a client's {@link RequestOptions} to each request it sends, by request type, through the SDK's
 * own request fields (so the SDK marshals and signs them like any other): requester pays and the
 * expected bucket owner on every request that takes them; the copy-source owner and the copy-source
 * SSE-C key on CopyObject and UploadPartCopy; encryption and the ACL on the writes; this client's SSE-C
 * key on HEAD, ListParts and the writes. A field the request sets itself is left alone. A request type
 * whose model has no such field (HeadBucket has no request-payer field) gets the two headers that apply
 * to every request, {@code x-amz-request-payer} and {@code x-amz-expected-bucket-owner}, on its HTTP
 * request, before it is signed.
 */
final class RequestOptionsInterceptor implements ExecutionInterceptor {
  static final String REQUEST_PAYER_HEADER = "x-amz-request-payer";
  static final String EXPECTED_OWNER_HEADER = "x-amz-expected-bucket-owner";
  private static final String REQUESTER = "requester";

  private final RequestOptions options;

  RequestOptionsInterceptor(RequestOptions options) {
    this.options = requireNonNull(options, "options is null");
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    boolean readsCopySource = Boolean.TRUE.equals(attributes.getAttribute(RequestOptions.READS_COPY_SOURCE));
    String owner = readsCopySource ? options.expectedSourceBucketOwner() : options.expectedBucketOwner();
    SseCustomerKey key = readsCopySource ? options.copySourceCustomerKey() : options.customerKey();
    String payer = options.requesterPays() ? REQUESTER : null;
    SseCustomerKey sourceKey = options.copySourceCustomerKey();
    String sourceOwner = options.expectedSourceBucketOwner();
    if (request instanceof CopyObjectRequest r) {
      CopyObjectRequest.Builder b = r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner))
          .expectedSourceBucketOwner(or(r.expectedSourceBucketOwner(), sourceOwner))
          .acl(or(r.aclAsString(), options.acl()));
      customerKey(sourceKey, r.copySourceSSECustomerKey(),
          (a, k, m) -> b.copySourceSSECustomerAlgorithm(a).copySourceSSECustomerKey(k).copySourceSSECustomerKeyMD5(m));
      customerKey(key, r.sseCustomerKey(), (a, k, m) -> b.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m));
      encryption(r.serverSideEncryptionAsString(), r.sseCustomerKey(), r.bucketKeyEnabled(),
          (sse, kms, bucketKey) -> b.serverSideEncryption(sse).ssekmsKeyId(or(r.ssekmsKeyId(), kms)).bucketKeyEnabled(bucketKey));
      return b.build();
    }
    if (request instanceof UploadPartCopyRequest r) {
      UploadPartCopyRequest.Builder b = r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner))
          .expectedSourceBucketOwner(or(r.expectedSourceBucketOwner(), sourceOwner));
      customerKey(sourceKey, r.copySourceSSECustomerKey(),
          (a, k, m) -> b.copySourceSSECustomerAlgorithm(a).copySourceSSECustomerKey(k).copySourceSSECustomerKeyMD5(m));
      customerKey(key, r.sseCustomerKey(), (a, k, m) -> b.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m));
      return b.build();
    }
    if (request instanceof CreateMultipartUploadRequest r) {
      CreateMultipartUploadRequest.Builder b = r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner)).acl(or(r.aclAsString(), options.acl()));
      customerKey(key, r.sseCustomerKey(), (a, k, m) -> b.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m));
      encryption(r.serverSideEncryptionAsString(), r.sseCustomerKey(), r.bucketKeyEnabled(),
          (sse, kms, bucketKey) -> b.serverSideEncryption(sse).ssekmsKeyId(or(r.ssekmsKeyId(), kms)).bucketKeyEnabled(bucketKey));
      return b.build();
    }
    if (request instanceof PutObjectRequest r) {
      PutObjectRequest.Builder b = r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner)).acl(or(r.aclAsString(), options.acl()));
      customerKey(key, r.sseCustomerKey(), (a, k, m) -> b.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m));
      encryption(r.serverSideEncryptionAsString(), r.sseCustomerKey(), r.bucketKeyEnabled(),
          (sse, kms, bucketKey) -> b.serverSideEncryption(sse).ssekmsKeyId(or(r.ssekmsKeyId(), kms)).bucketKeyEnabled(bucketKey));
      return b.build();
    }
    if (request instanceof CompleteMultipartUploadRequest r) {
      CompleteMultipartUploadRequest.Builder b = r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner));
      customerKey(key, r.sseCustomerKey(), (a, k, m) -> b.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m));
      return b.build();
    }
    if (request instanceof HeadObjectRequest r) {
      HeadObjectRequest.Builder b = r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner));
      customerKey(key, r.sseCustomerKey(), (a, k, m) -> b.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m));
      return b.build();
    }
    if (request instanceof ListPartsRequest r) {
      ListPartsRequest.Builder b = r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner));
      customerKey(key, r.sseCustomerKey(), (a, k, m) -> b.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m));
      return b.build();
    }
    // The rest take no key: the job reads no object's bytes through them (a GET is a manifest, not a copy source).
    if (request instanceof ListObjectsV2Request r) {
      return r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner)).build();
    }
    if (request instanceof ListObjectsRequest r) {
      return r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner)).build();
    }
    if (request instanceof GetObjectRequest r) {
      return r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner)).build();
    }
    if (request instanceof GetObjectTaggingRequest r) {
      return r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner)).build();
    }
    if (request instanceof AbortMultipartUploadRequest r) {
      return r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner)).build();
    }
    if (request instanceof ListMultipartUploadsRequest r) {
      return r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner)).build();
    }
    if (request instanceof DeleteObjectRequest r) {
      return r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner)).build();
    }
    if (request instanceof DeleteObjectsRequest r) {
      return r.toBuilder().requestPayer(or(r.requestPayerAsString(), payer))
          .expectedBucketOwner(or(r.expectedBucketOwner(), owner)).build();
    }
    if (request instanceof HeadBucketRequest r) {
      return r.toBuilder().expectedBucketOwner(or(r.expectedBucketOwner(), owner)).build();
    }
    return request;
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest http = context.httpRequest();
    boolean readsCopySource = Boolean.TRUE.equals(attributes.getAttribute(RequestOptions.READS_COPY_SOURCE));
    String owner = readsCopySource ? options.expectedSourceBucketOwner() : options.expectedBucketOwner();
    boolean payer = options.requesterPays() && http.firstMatchingHeader(REQUEST_PAYER_HEADER).isEmpty();
    boolean guard = owner != null && http.firstMatchingHeader(EXPECTED_OWNER_HEADER).isEmpty();
    if (!payer && !guard) {
      return http;
    }
    SdkHttpRequest.Builder b = http.toBuilder();
    if (payer) {
      b.putHeader(REQUEST_PAYER_HEADER, REQUESTER);
    }
    if (guard) {
      b.putHeader(EXPECTED_OWNER_HEADER, owner);
    }
    return b.build();
  }

  /** The SSE-C fields of one request builder. */
  private interface CustomerKeyFields {
    void set(String algorithm, String base64Key, String base64Md5);
  }

  /** The SSE fields of one write request builder. */
  private interface EncryptionFields {
    void set(String sse, String kmsKeyId, Boolean bucketKey);
  }

  private static void customerKey(SseCustomerKey key, String present, CustomerKeyFields fields) {
    if (key != null && present == null) {
      fields.set(SseCustomerKey.ALGORITHM, key.base64(), key.md5Base64());
    }
  }

  /**
   * A write without SSE of its own gets the configured mode and key; one that names its own (a key from
   * the key map) keeps it and gets only the Bucket Key setting. SSE-C writes get neither.
   */
  private void encryption(String presentSse, String presentCustomerKey, Boolean presentBucketKey,
      EncryptionFields fields) {
    Encryption e = options.encryption();
    if (presentCustomerKey != null || options.customerKey() != null) {
      return;
    }
    String sse = presentSse != null ? presentSse : e.sse();
    if (sse == null) {
      return;
    }
    Boolean bucketKey = presentBucketKey != null ? presentBucketKey
        : e.bucketKey() && Encryption.KMS.equals(sse) ? Boolean.TRUE : null;
    fields.set(sse, presentSse != null ? null : e.kmsKeyId(), bucketKey);
  }

  private static String or(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
