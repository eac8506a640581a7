package io.lakecopy.copy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * A hand-written S3 client for unit tests: each operation the copy code uses records its request and
 * answers with a replaceable handler. Operations without a handler, and every other S3 operation,
 * throw UnsupportedOperationException (S3Client's defaults). {@link #events} keeps the order of the requests
 * across operations (and across the threads that sent them).
 */
final class FakeS3Client implements S3Client {
  final List<CopyObjectRequest> copyObjectRequests = new CopyOnWriteArrayList<>();
  final List<UploadPartCopyRequest> uploadPartCopyRequests = new CopyOnWriteArrayList<>();
  final List<HeadObjectRequest> headObjectRequests = new CopyOnWriteArrayList<>();
  final List<GetObjectTaggingRequest> getObjectTaggingRequests = new CopyOnWriteArrayList<>();
  final List<software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest> putObjectTaggingRequests =
      new CopyOnWriteArrayList<>();
  final List<CreateMultipartUploadRequest> createRequests = new CopyOnWriteArrayList<>();
  final List<CompleteMultipartUploadRequest> completeRequests = new CopyOnWriteArrayList<>();
  final List<AbortMultipartUploadRequest> abortRequests = new CopyOnWriteArrayList<>();
  final List<DeleteObjectRequest> deleteRequests = new CopyOnWriteArrayList<>();
  final List<software.amazon.awssdk.services.s3.model.PutObjectRequest> putRequests = new CopyOnWriteArrayList<>();
  final List<ListPartsRequest> listPartsRequests = new CopyOnWriteArrayList<>();
  final List<ListMultipartUploadsRequest> listUploadsRequests = new CopyOnWriteArrayList<>();
  final List<software.amazon.awssdk.services.s3.model.GetObjectRequest> getRequests = new CopyOnWriteArrayList<>();
  /** The bodies PutObject and UploadPart sent, read whole from their content provider, in order. */
  final List<byte[]> sentBodies = new CopyOnWriteArrayList<>();
  /** GetObject's bytes per request (its range applied by the caller's function), or an S3 error thrown. */
  Function<software.amazon.awssdk.services.s3.model.GetObjectRequest, byte[]> onGetObject = FakeS3Client::unexpected;
  /** Every request in the order it arrived: {@code "<operation> <key>"}, plus the upload id and part number. */
  final List<String> events = new CopyOnWriteArrayList<>();

  Function<CopyObjectRequest, CopyObjectResponse> onCopyObject = FakeS3Client::unexpected;
  Function<UploadPartCopyRequest, UploadPartCopyResponse> onUploadPartCopy = FakeS3Client::unexpected;
  Function<HeadObjectRequest, HeadObjectResponse> onHeadObject = FakeS3Client::unexpected;
  /** HEAD answers by key; a key not in it is answered by {@link #onHeadObject}. */
  final Map<String, Function<HeadObjectRequest, HeadObjectResponse>> onHeadObjectOf = new ConcurrentHashMap<>();
  Function<GetObjectTaggingRequest, GetObjectTaggingResponse> onGetObjectTagging = FakeS3Client::unexpected;
  Function<software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest,
      software.amazon.awssdk.services.s3.model.PutObjectTaggingResponse> onPutObjectTagging = FakeS3Client::unexpected;
  Function<CreateMultipartUploadRequest, CreateMultipartUploadResponse> onCreate = FakeS3Client::unexpected;
  Function<CompleteMultipartUploadRequest, CompleteMultipartUploadResponse> onComplete = FakeS3Client::unexpected;
  Function<AbortMultipartUploadRequest, AbortMultipartUploadResponse> onAbort =
      r -> AbortMultipartUploadResponse.builder().build();
  /** Also serves the SDK's listPartsPaginator, which pages through listParts. */
  Function<ListPartsRequest, ListPartsResponse> onListParts = FakeS3Client::unexpected;
  /** Also serves the SDK's listMultipartUploadsPaginator, which pages through listMultipartUploads. */
  Function<ListMultipartUploadsRequest, ListMultipartUploadsResponse> onListUploads = FakeS3Client::unexpected;
  Function<software.amazon.awssdk.services.s3.model.UploadPartRequest,
      software.amazon.awssdk.services.s3.model.UploadPartResponse> onUploadPart = FakeS3Client::unexpected;
  Function<DeleteObjectRequest, DeleteObjectResponse> onDeleteObject = r -> DeleteObjectResponse.builder().build();
  Function<software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest,
      software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse> onListObjectVersions =
      FakeS3Client::unexpected;
  Function<software.amazon.awssdk.services.s3.model.PutObjectRequest,
      software.amazon.awssdk.services.s3.model.PutObjectResponse> onPutObject = FakeS3Client::unexpected;

  /** An S3 error response as the SDK raises it. */
  static S3Exception s3Error(int status, String errorCode) {
    return (S3Exception) S3Exception.builder()
        .statusCode(status)
        .message(errorCode)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).errorMessage("fake " + errorCode).build())
        .build();
  }

  @Override
  public CopyObjectResponse copyObject(CopyObjectRequest request) {
    copyObjectRequests.add(request);
    events.add("CopyObject " + request.destinationKey());
    return onCopyObject.apply(request);
  }

  @Override
  public UploadPartCopyResponse uploadPartCopy(UploadPartCopyRequest request) {
    uploadPartCopyRequests.add(request);
    events.add("UploadPartCopy " + request.destinationKey() + " " + request.uploadId() + " " + request.partNumber());
    return onUploadPartCopy.apply(request);
  }

  @Override
  public HeadObjectResponse headObject(HeadObjectRequest request) {
    headObjectRequests.add(request);
    events.add("HeadObject " + request.key());
    return onHeadObjectOf.getOrDefault(request.key(), onHeadObject).apply(request);
  }

  @Override
  public GetObjectTaggingResponse getObjectTagging(GetObjectTaggingRequest request) {
    getObjectTaggingRequests.add(request);
    events.add("GetObjectTagging " + request.key());
    return onGetObjectTagging.apply(request);
  }

  @Override
  public software.amazon.awssdk.services.s3.model.PutObjectTaggingResponse putObjectTagging(
      software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest request) {
    putObjectTaggingRequests.add(request);
    events.add("PutObjectTagging " + request.key());
    return onPutObjectTagging.apply(request);
  }

  @Override
  public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
    createRequests.add(request);
    events.add("CreateMultipartUpload " + request.key());
    return onCreate.apply(request);
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
    completeRequests.add(request);
    events.add("CompleteMultipartUpload " + request.key() + " " + request.uploadId());
    return onComplete.apply(request);
  }

  @Override
  public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
    abortRequests.add(request);
    events.add("AbortMultipartUpload " + request.key() + " " + request.uploadId());
    return onAbort.apply(request);
  }

  @Override
  public ListPartsResponse listParts(ListPartsRequest request) {
    listPartsRequests.add(request);
    events.add("ListParts " + request.key() + " " + request.uploadId());
    return onListParts.apply(request);
  }

  @Override
  public ListMultipartUploadsResponse listMultipartUploads(ListMultipartUploadsRequest request) {
    listUploadsRequests.add(request);
    events.add("ListMultipartUploads " + request.prefix());
    return onListUploads.apply(request);
  }

  @Override
  public software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse listObjectVersions(
      software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest request) {
    events.add("ListObjectVersions " + request.prefix());
    return onListObjectVersions.apply(request);
  }

  @Override
  public DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
    deleteRequests.add(request);
    events.add("DeleteObject " + request.key());
    return onDeleteObject.apply(request);
  }

  @Override
  public software.amazon.awssdk.services.s3.model.PutObjectResponse putObject(
      software.amazon.awssdk.services.s3.model.PutObjectRequest request,
      software.amazon.awssdk.core.sync.RequestBody body) {
    putRequests.add(request);
    events.add("PutObject " + request.key());
    sentBodies.add(read(body));
    return onPutObject.apply(request);
  }

  @Override
  public software.amazon.awssdk.services.s3.model.UploadPartResponse uploadPart(
      software.amazon.awssdk.services.s3.model.UploadPartRequest request,
      software.amazon.awssdk.core.sync.RequestBody body) {
    events.add("UploadPart " + request.key() + " " + request.uploadId() + " " + request.partNumber());
    sentBodies.add(read(body));
    return onUploadPart.apply(request);
  }

  /** A body as the SDK sends it: one stream from the content provider, read to its end. */
  private static byte[] read(software.amazon.awssdk.core.sync.RequestBody body) {
    try (java.io.InputStream in = body.contentStreamProvider().newStream()) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public <T> T getObject(software.amazon.awssdk.services.s3.model.GetObjectRequest request,
      software.amazon.awssdk.core.sync.ResponseTransformer<software.amazon.awssdk.services.s3.model.GetObjectResponse,
          T> transformer) {
    getRequests.add(request);
    events.add("GetObject " + request.key() + (request.range() == null ? "" : " " + request.range()));
    byte[] bytes = onGetObject.apply(request);
    try {
      return transformer.transform(software.amazon.awssdk.services.s3.model.GetObjectResponse.builder()
          .contentLength((long) bytes.length).build(),
          software.amazon.awssdk.http.AbortableInputStream.create(new java.io.ByteArrayInputStream(bytes)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Function<software.amazon.awssdk.services.s3.model.GetObjectRetentionRequest,
      software.amazon.awssdk.services.s3.model.GetObjectRetentionResponse> onGetObjectRetention =
      FakeS3Client::unexpected;
  Function<software.amazon.awssdk.services.s3.model.GetObjectLegalHoldRequest,
      software.amazon.awssdk.services.s3.model.GetObjectLegalHoldResponse> onGetObjectLegalHold =
      FakeS3Client::unexpected;
  final List<software.amazon.awssdk.services.s3.model.PutObjectRetentionRequest> putRetentionRequests =
      new CopyOnWriteArrayList<>();
  final List<software.amazon.awssdk.services.s3.model.PutObjectLegalHoldRequest> putLegalHoldRequests =
      new CopyOnWriteArrayList<>();

  @Override
  public software.amazon.awssdk.services.s3.model.GetObjectRetentionResponse getObjectRetention(
      software.amazon.awssdk.services.s3.model.GetObjectRetentionRequest request) {
    events.add("GetObjectRetention " + request.key());
    return onGetObjectRetention.apply(request);
  }

  @Override
  public software.amazon.awssdk.services.s3.model.GetObjectLegalHoldResponse getObjectLegalHold(
      software.amazon.awssdk.services.s3.model.GetObjectLegalHoldRequest request) {
    events.add("GetObjectLegalHold " + request.key());
    return onGetObjectLegalHold.apply(request);
  }

  @Override
  public software.amazon.awssdk.services.s3.model.PutObjectRetentionResponse putObjectRetention(
      software.amazon.awssdk.services.s3.model.PutObjectRetentionRequest request) {
    events.add("PutObjectRetention " + request.key() + " " + request.versionId());
    putRetentionRequests.add(request);
    return software.amazon.awssdk.services.s3.model.PutObjectRetentionResponse.builder().build();
  }

  @Override
  public software.amazon.awssdk.services.s3.model.PutObjectLegalHoldResponse putObjectLegalHold(
      software.amazon.awssdk.services.s3.model.PutObjectLegalHoldRequest request) {
    events.add("PutObjectLegalHold " + request.key() + " " + request.versionId());
    putLegalHoldRequests.add(request);
    return software.amazon.awssdk.services.s3.model.PutObjectLegalHoldResponse.builder().build();
  }

  Function<software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationRequest,
      software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse> onGetObjectLockConfiguration =
      FakeS3Client::unexpected;

  @Override
  public software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse getObjectLockConfiguration(
      software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationRequest request) {
    events.add("GetObjectLockConfiguration " + request.bucket());
    return onGetObjectLockConfiguration.apply(request);
  }

  @Override
  public String serviceName() {
    return "s3";
  }

  @Override
  public void close() {}

  private static <R> R unexpected(Object request) {
    throw new UnsupportedOperationException("unexpected call: " + request);
  }
}
