package io.lakecopy.plan;

import io.lakecopy.s3.ETags;
import io.lakecopy.s3.S3Limits;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code --part-layout source}: the part size of a source written in parts, so that its copy is made of the same
 * parts and gets the same ETag ({@code md5(part MD5s)-N}). Only a layout of equal
 * parts but a smaller last one can be copied so (a plan row carries one part size); any other layout, or one that
 * cannot be read, is copied with the planned part size. Pure.
 */
public final class SourceLayout {
  private SourceLayout() {}

  /** The part count a multipart ETag names ({@code "...-N"}), or 0 for the ETag of an object written in one request. */
  public static int partsOf(String eTag) {
    if (eTag == null) {
      return 0;
    }
    String e = ETags.unquote(eTag);
    int dash = e.lastIndexOf('-');
    if (dash < 0 || !e.substring(0, dash).matches("[0-9a-fA-F]{32}")) {
      return 0;
    }
    try {
      int n = Integer.parseInt(e.substring(dash + 1));
      return n >= 1 && n <= S3Limits.MAX_PARTS ? n : 0;
    } catch (NumberFormatException notANumber) {
      return 0;
    }
  }

  /**
   * The part size from the source's part sizes (GetObjectAttributes {@code ObjectParts}), where every part but the
   * last has it, the last is not larger, and they are as many as its ETag names and add up to its size.
   */
  public static OptionalLong fromParts(long sizeBytes, String eTag, List<Long> partSizes) {
    int n = partsOf(eTag);
    if (n == 0 || partSizes.size() != n || partSizes.stream().mapToLong(Long::longValue).sum() != sizeBytes) {
      return OptionalLong.empty();
    }
    long p = partSizes.get(0);
    for (int i = 1; i < n - 1; i++) {
      if (partSizes.get(i) != p) {
        return OptionalLong.empty();
      }
    }
    return valid(sizeBytes, n, p) && partSizes.get(n - 1) <= p ? OptionalLong.of(p) : OptionalLong.empty();
  }

  /**
   * The part size from a HEAD of part 1 ({@code partNumber=1}): its length, and the parts count the store answered
   * (null where it answered none), taken as the layout only where N such parts hold the object's size. A store that
   * ignores {@code partNumber} answers the whole length, which no layout of two parts or more fits.
   */
  public static OptionalLong fromFirstPart(long sizeBytes, String eTag, long firstPartBytes, Integer partsCount) {
    int n = partsOf(eTag);
    if (n == 0 || partsCount == null || partsCount != n) {
      return OptionalLong.empty();
    }
    return valid(sizeBytes, n, firstPartBytes) ? OptionalLong.of(firstPartBytes) : OptionalLong.empty();
  }

  /** N parts of P bytes (the last smaller) hold the size, and UploadPartCopy takes parts of P bytes. */
  private static boolean valid(long sizeBytes, int n, long p) {
    boolean sizes = p > 0 && p <= S3Limits.MAX_PART_SIZE_BYTES && (n == 1 || p >= S3Limits.MIN_PART_SIZE_BYTES);
    return sizes && (long) (n - 1) * p < sizeBytes && sizeBytes <= (long) n * p;
  }
}
