package io.lakecopy.copy;

import java.io.IOException;
import java.io.InputStream;

/** Whether two streams hold the same bytes, read side by side in fixed buffers: memory does not grow with size. */
final class SameBytes {
  /** Bytes read from each stream at a time. */
  static final int BUFFER_BYTES = 64 * 1024;

  private SameBytes() {}

  /** Reads both streams to the first difference or to their ends; closes neither. */
  static boolean of(InputStream a, InputStream b) throws IOException {
    byte[] x = new byte[BUFFER_BYTES];
    byte[] y = new byte[BUFFER_BYTES];
    while (true) {
      int n = a.readNBytes(x, 0, x.length);
      int m = b.readNBytes(y, 0, n == 0 ? 1 : n);
      if (n == 0) {
        return m == 0;
      }
      if (m != n || !java.util.Arrays.equals(x, 0, n, y, 0, n)) {
        return false;
      }
    }
  }
}
