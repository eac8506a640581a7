package io.lakecopy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextLinesTest {
  private static final String NAME = "--manifest (source.manifest) m.txt";

  @Test
  void lines_crlfFile_dropsTheCarriageReturns() throws IOException {
    byte[] file = "a/one\r\nb/two\r\n\r\nc/three".getBytes(StandardCharsets.UTF_8);

    assertThat(TextLines.lines(file, NAME)).containsExactly("a/one", "b/two", "", "c/three");
    assertThat(TextLines.lines(new ByteArrayInputStream(file), NAME)).containsExactly("a/one", "b/two", "", "c/three");
  }

  @Test
  void lines_carriageReturnInsideALine_isKeptAsPartOfTheKey() {
    byte[] file = "a/cr\rinside\nb/ctl\u0001key\n".getBytes(StandardCharsets.UTF_8);

    assertThat(TextLines.lines(file, NAME)).containsExactly("a/cr\rinside", "b/ctl\u0001key");
  }

  @Test
  void lines_byteOrderMarkAtStart_dropped() throws IOException {
    byte[] file = bytes(0xEF, 0xBB, 0xBF, 'k', '1', '\n', 'k', '2');

    assertThat(TextLines.lines(file, NAME)).containsExactly("k1", "k2");
    assertThat(TextLines.lines(new ByteArrayInputStream(file), NAME)).containsExactly("k1", "k2");
  }

  @Test
  void decodeLine_byteOrderMarkNotAtOffsetZero_kept() {
    byte[] line = bytes(0xEF, 0xBB, 0xBF, 'k');

    assertThat(TextLines.decodeLine(line, NAME, 2, 10)).isEqualTo("\uFEFFk");
  }

  @Test
  void lines_latin1ByteOnThirdLine_namesFileLineAndByteOffset() {
    // "ok\n" (3 bytes) + "fine\n" (5 bytes) + "caf" then 0xE9: the bad byte is at offset 11.
    byte[] file = bytes('o', 'k', '\n', 'f', 'i', 'n', 'e', '\n', 'c', 'a', 'f', 0xE9, '\n', 'z');

    LakecopyException e = catchThrowableOfType(LakecopyException.class, () -> TextLines.lines(file, NAME));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).isEqualTo(NAME + ": line 3, byte offset 11: not UTF-8 (0xE9); save the file as UTF-8");
  }

  @Test
  void lines_streamReadInSmallChunks_sameLinesAndSameErrorAsTheArray() {
    byte[] file = bytes('a', '\n', 'b', 'c', '\n', 0xC3, 0x28, '\n');
    InputStream oneByteAtATime = new ByteArrayInputStream(file) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };

    LakecopyException fromArray = catchThrowableOfType(LakecopyException.class, () -> TextLines.lines(file, NAME));
    LakecopyException fromStream = catchThrowableOfType(LakecopyException.class,
        () -> TextLines.lines(oneByteAtATime, NAME));

    assertThat(fromStream.getMessage()).isEqualTo(fromArray.getMessage())
        .contains("line 3, byte offset 5", "0xC3");
  }

  @Test
  void decodeLine_lineFromTheMiddleOfASplit_namesOffsetWithoutLineNumber() {
    byte[] record = bytes('k', 0xFF);

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> TextLines.decodeLine(record, NAME, 0, 4096));

    assertThat(e.getMessage()).isEqualTo(NAME + ": byte offset 4097: not UTF-8 (0xFF); save the file as UTF-8");
  }

  @Test
  void decodeLine_noName_messageStartsAtTheOffset() {
    byte[] record = bytes('k', 0xFF);

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> TextLines.decodeLine(record, "", 0, 10));

    assertThat(e.getMessage()).isEqualTo("byte offset 11: not UTF-8 (0xFF); save the file as UTF-8");
  }

  @Test
  void decodeLine_sliceOfALargerBuffer_decodesOnlyTheSlice() {
    byte[] buffer = "xx日本yy".getBytes(StandardCharsets.UTF_8);

    assertThat(TextLines.decodeLine(buffer, 2, 6, NAME, 1, 0)).isEqualTo("日本");
  }

  @Test
  void decodeLine_truncatedMultiByteCharacterAtEnd_rejected() {
    byte[] line = bytes('a', 0xE6, 0x97);

    LakecopyException e = catchThrowableOfType(LakecopyException.class,
        () -> TextLines.decodeLine(line, NAME, 7, 100));

    assertThat(e.getMessage()).contains("line 7, byte offset 101");
  }

  @Test
  void lines_emptyFile_noLines() throws IOException {
    assertThat(TextLines.lines(new byte[0], NAME)).isEmpty();
    assertThat(TextLines.lines(new ByteArrayInputStream(new byte[0]), NAME)).isEmpty();
    assertThat(TextLines.text(bytes(0xEF, 0xBB, 0xBF), NAME)).isEmpty();
  }

  @Test
  void stripBom_decodedFirstLine_dropsOnlyTheMark() {
    assertThat(TextLines.stripBom("\uFEFFbucket,key")).isEqualTo("bucket,key");
    assertThat(TextLines.stripBom("bucket,key")).isEqualTo("bucket,key");
    assertThat(List.of(TextLines.stripBom(""))).containsExactly("");
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
