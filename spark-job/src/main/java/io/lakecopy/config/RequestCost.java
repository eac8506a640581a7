package io.lakecopy.config;

import java.util.Map;
import java.util.Set;

/**
 * S3 request pricing by operation: class A (PUT, COPY, POST, LIST) and class B (GET, HEAD) per 1,000
 * requests; DELETE and abort requests are free. Defaults are S3 Standard list prices in us-east-1
 * (https://aws.amazon.com/s3/pricing/); the user can override both.
 */
public record RequestCost(double classAPer1000, double classBPer1000) {
  public static final double DEFAULT_CLASS_A_PER_1000 = 0.005;
  public static final double DEFAULT_CLASS_B_PER_1000 = 0.0004;

  private static final Set<String> CLASS_A = Set.of("CopyObject", "UploadPartCopy", "CreateMultipartUpload",
      "CompleteMultipartUpload", "ListObjectsV2", "ListObjects", "ListParts", "ListMultipartUploads", "PutObject",
      "UploadPart", "PutObjectTagging");
  private static final Set<String> FREE = Set.of("DeleteObject", "DeleteObjects", "AbortMultipartUpload");

  /** Estimated cost in USD of these request counts (by SDK operation name). */
  public double usd(Map<String, Long> requests) {
    double a = 0;
    double b = 0;
    for (Map.Entry<String, Long> e : requests.entrySet()) {
      if (CLASS_A.contains(e.getKey())) {
        a += e.getValue();
      } else if (!FREE.contains(e.getKey())) {
        b += e.getValue();
      }
    }
    return a / 1000 * classAPer1000 + b / 1000 * classBPer1000;
  }
}
