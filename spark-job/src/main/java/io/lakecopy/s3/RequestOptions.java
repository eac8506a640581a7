package io.lakecopy.s3;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/**
 * What a client adds to the requests it sends, by request type ({@link RequestOptionsInterceptor}):
 * requester pays, the bucket-owner guards, encryption, SSE-C keys and a canned ACL. Set once per
 * client, so no copy path has to remember them; a field a request sets itself is never overridden.
 *
 * @param requesterPays {@code x-amz-request-payer: requester} on every request
 * @param expectedBucketOwner account that must own this client's bucket ({@code x-amz-expected-bucket-owner})
 * @param expectedSourceBucketOwner account that must own the copy source's bucket
 *     ({@code x-amz-source-expected-bucket-owner} on CopyObject / UploadPartCopy)
 * @param customerKey SSE-C key of this client's objects: on HEAD, ListParts and on every write
 * @param copySourceCustomerKey SSE-C key of the copy source: the copy-source headers of CopyObject and
 *     UploadPartCopy
 * @param encryption SSE of the objects this client writes
 * @param acl canned ACL of the objects this client writes (CopyObject, CreateMultipartUpload, PutObject)
 */
public record RequestOptions(
    boolean requesterPays,
    String expectedBucketOwner,
    String expectedSourceBucketOwner,
    SseCustomerKey customerKey,
    SseCustomerKey copySourceCustomerKey,
    Encryption encryption,
    String acl)
    implements Serializable {
  public static final RequestOptions NONE = new RequestOptions(false, null, null, null, null, Encryption.NONE, null);

  /**
   * Marks a request of this client that reads the copy source (a HEAD of the source object before a
   * single copy): it carries the source's owner guard and SSE-C key instead of this client's own.
   */
  public static final ExecutionAttribute<Boolean> READS_COPY_SOURCE = new ExecutionAttribute<>("lakecopy.copySource");

  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  public RequestOptions {
    requireNonNull(encryption, "encryption is null");
    checkAccountId(expectedBucketOwner);
    checkAccountId(expectedSourceBucketOwner);
    if (customerKey != null && encryption.isSet()) {
      throw new IllegalArgumentException("an object is encrypted either with an SSE-C key or with SSE-S3/SSE-KMS, not both");
    }
    if (acl != null && !isCannedAcl(acl)) {
      throw new IllegalArgumentException("'" + acl + "' is not a canned ACL");
    }
  }

  /** Whether S3 knows {@code acl} as a canned object ACL ({@code x-amz-acl}). */
  public static boolean isCannedAcl(String acl) {
    return ObjectCannedACL.fromValue(acl) != ObjectCannedACL.UNKNOWN_TO_SDK_VERSION;
  }

  /** Throws IllegalArgumentException unless {@code id} is null or an AWS account id (12 digits). */
  public static void checkAccountId(String id) {
    if (id != null && !ACCOUNT_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("'" + id + "' is not an AWS account id (12 digits)");
    }
  }

  /** These options without the bucket-owner guards (for the probe that tells a wrong owner from a denial). */
  public RequestOptions withoutOwnerGuards() {
    return new RequestOptions(requesterPays, null, null, customerKey, copySourceCustomerKey, encryption, acl);
  }

  /** Whether the destination's ETags are MD5s of what was written: not under SSE-C or SSE-KMS. */
  public boolean writesMd5ETags() {
    return customerKey == null && !Encryption.isKms(encryption.sse()) && encryption.kmsKeyMap().isEmpty();
  }
}
