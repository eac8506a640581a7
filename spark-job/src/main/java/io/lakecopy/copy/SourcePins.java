package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * How the copies of a run are held to the planned version of their source, for each of the two copy requests.
 * Every copy request carries {@code x-amz-copy-source-if-match} with the planned ETag; what differs is whether the
 * destination's store is known to honour it ({@link CopySourceProbe} finds out before the first copy).
 *
 * @param copyObject single copies (CopyObject)
 * @param uploadPartCopy the parts of multipart copies (UploadPartCopy)
 */
public record SourcePins(Pin copyObject, Pin uploadPartCopy) implements Serializable {
  /** Nothing known of the store: every copy is checked against its source, as on a store that ignores the condition. */
  public static final SourcePins UNPROBED = new SourcePins(Pin.SOURCE_HEAD, Pin.SOURCE_HEAD);

  /** The protection of one kind of copy request. */
  public enum Pin {
    /** The store answered 412 to a condition that had to fail: the condition alone holds each copy to its source. */
    CONDITION,
    /**
     * The store copied despite such a condition, or could not be asked: after a single copy whose ETag does not
     * prove its bytes, and before completing a multipart copy, a HEAD of the source pinned to the planned ETag
     * ({@code If-Match}) confirms the source did not change; a change fails the object with SOURCE_CHANGED.
     */
    SOURCE_HEAD
  }

  public SourcePins {
    requireNonNull(copyObject, "copyObject is null");
    requireNonNull(uploadPartCopy, "uploadPartCopy is null");
  }

  /** One line for the log and {@code _summary.json}. */
  public String describe() {
    return "CopyObject: " + describe(copyObject) + "; UploadPartCopy: " + describe(uploadPartCopy);
  }

  private static String describe(Pin pin) {
    return pin == Pin.CONDITION ? "x-amz-copy-source-if-match honoured"
        : "pinned source HEAD (x-amz-copy-source-if-match ignored, or not probed)";
  }
}
