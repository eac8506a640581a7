package io.lakecopy.copy;

import java.io.Serializable;

/**
 * On which write requests a run holds the destination key to what its listing saw ({@link
 * io.lakecopy.plan.WriteCondition}): only on {@code --if-exists skip|update} runs, and only on the requests whose
 * store answered 412 to such a condition that had to fail ({@link WriteConditionProbe}). AWS S3 honours them on
 * CopyObject and CompleteMultipartUpload; S3Mock 5.2 and S3Proxy 4.1 on CompleteMultipartUpload only (measured).
 *
 * @param copyObject single copies (CopyObject)
 * @param completeMultipartUpload multipart copies (CompleteMultipartUpload)
 */
public record WriteConditions(boolean copyObject, boolean completeMultipartUpload) implements Serializable {
  /** No condition on any write: {@code --if-exists overwrite}, or a store that honours none. */
  public static final WriteConditions OFF = new WriteConditions(false, false);

  /** One line for the log and {@code _summary.json}. */
  public String describe() {
    return "CopyObject: " + describe(copyObject) + "; CompleteMultipartUpload: " + describe(completeMultipartUpload);
  }

  private static String describe(boolean held) {
    return held ? "If-None-Match / If-Match honoured: a key written after the listing is never overwritten"
        : "unconditional (the store does not honour If-None-Match, or not probed)";
  }
}
