package io.lakecopy.config;

import io.lakecopy.s3.LakecopyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict UTF-8 decoding of text files read as bytes (manifests, prefix lists, config files): one pure
 * function per line, usable wherever a line's bytes come from (a local file, an S3 object, a Hadoop
 * {@code Text} record read on an executor), and a whole-file helper built on it.
 *
 * <p>Lines end at {@code \n}; one {@code \r} before it is part of the line ending (CRLF files), a
 * {@code \r} anywhere else is kept. A Hadoop reader that should split the same way sets
 * {@code textinputformat.record.delimiter} to {@code \n} (the default reader also ends lines at a lone
 * {@code \r}). A UTF-8 byte order mark at byte offset 0 is dropped. Bytes that are not UTF-8 are an
 * INVALID_INPUT error naming the file, the line, and the byte offset in the file of the first bad byte.
 */
public final class TextLines {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private TextLines() {}

  /**
   * Decodes one line.
   *
   * @param bytes the line's bytes, without its {@code \n} (a trailing {@code \r} is removed here)
   * @param name how messages name the file, e.g. {@code "--manifest (source.manifest) s3://b/m.txt"}; empty
   *     for a message that starts at the line (a caller that names the file and line itself)
   * @param lineNumber the line's number, from 1; 0 if unknown (a line read from the middle of a split)
   * @param byteOffset the offset in the file of the line's first byte
   * @throws LakecopyException INVALID_INPUT naming {@code name}, the line and the offset of the bad byte
   */
  public static String decodeLine(byte[] bytes, int offset, int length, String name, long lineNumber,
      long byteOffset) {
    int start = offset;
    int end = offset + length;
    if (byteOffset == 0 && length >= BOM.length && bytes[start] == BOM[0] && bytes[start + 1] == BOM[1]
        && bytes[start + 2] == BOM[2]) {
      start += BOM.length;
    }
    if (end > start && bytes[end - 1] == '\r') {
      end--;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start);
    CharBuffer out = CharBuffer.allocate(end - start);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      long bad = byteOffset + (in.position() - offset);
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < result.length(); i++) {
        hex.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes[in.position() + i] & 0xff));
      }
      throw LakecopyException.invalidInput((name.isEmpty() ? "" : name + ": ")
          + (lineNumber > 0 ? "line " + lineNumber + ", " : "")
          + "byte offset " + bad + ": not UTF-8 (" + hex + "); save the file as UTF-8");
    }
    out.flip();
    return out.toString();
  }

  /** As {@link #decodeLine(byte[], int, int, String, long, long)} for a whole array. */
  public static String decodeLine(byte[] line, String name, long lineNumber, long byteOffset) {
    return decodeLine(line, 0, line.length, name, lineNumber, byteOffset);
  }

  /** Every line of a whole file's bytes, decoded strictly; a final line without {@code \n} counts. */
  public static List<String> lines(byte[] file, String name) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    long number = 1;
    for (int i = 0; i < file.length; i++) {
      if (file[i] == '\n') {
        lines.add(decodeLine(file, start, i - start, name, number++, start));
        start = i + 1;
      }
    }
    if (start < file.length) {
      lines.add(decodeLine(file, start, file.length - start, name, number, start));
    }
    return lines;
  }

  /**
   * Every line of a stream, decoded strictly as it is read (the file's bytes are never held whole).
   *
   * @throws IOException if reading fails
   */
  public static List<String> lines(InputStream in, String name) throws IOException {
    List<String> lines = new ArrayList<>();
    byte[] buffer = new byte[64 * 1024];
    byte[] line = new byte[256];
    int length = 0;
    long lineStart = 0;
    long number = 1;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          lines.add(decodeLine(line, 0, length, name, number++, lineStart));
          lineStart += length + 1;
          length = 0;
        } else {
          if (length == line.length) {
            line = java.util.Arrays.copyOf(line, line.length * 2);
          }
          line[length++] = buffer[i];
        }
      }
    }
    if (length > 0) {
      lines.add(decodeLine(line, 0, length, name, number, lineStart));
    }
    return lines;
  }

  /** A whole file as one string of {@code \n}-separated lines, decoded strictly (for config files). */
  public static String text(byte[] file, String name) {
    return String.join("\n", lines(file, name));
  }

  /** Drops a byte order mark that a reader decoded into the first line ({@code U+FEFF}). */
  public static String stripBom(String firstLine) {
    return firstLine.startsWith("\uFEFF") ? firstLine.substring(1) : firstLine;
  }
}
