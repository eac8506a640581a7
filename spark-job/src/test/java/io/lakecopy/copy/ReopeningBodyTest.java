package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.Abortable;

class ReopeningBodyTest {
  private static final byte[] BYTES = bytes(300_000, 7);

  /**
   * A source whose first {@code resets} opens break after {@code breakAfter} bytes, as a reset connection does; each
   * open serves the bytes from its offset.
   */
  private static final class FlakySource implements ReopeningBody.Source {
    final byte[] bytes;
    final int breakAfter;
    int resets;
    final List<Stream> opened = new ArrayList<>();
    final List<Long> offsets = new ArrayList<>();

    FlakySource(byte[] bytes, int resets, int breakAfter) {
      this.bytes = bytes;
      this.resets = resets;
      this.breakAfter = breakAfter;
    }

    @Override
    public InputStream open(long offset) {
      offsets.add(offset);
      Stream s = new Stream(java.util.Arrays.copyOfRange(bytes, (int) offset, bytes.length),
          resets-- > 0 ? breakAfter : Integer.MAX_VALUE);
      opened.add(s);
      return s;
    }
  }

  private static final class Stream extends InputStream implements Abortable {
    final ByteArrayInputStream in;
    final int breakAfter;
    int read;
    boolean aborted;
    boolean closed;

    Stream(byte[] bytes, int breakAfter) {
      this.in = new ByteArrayInputStream(bytes);
      this.breakAfter = breakAfter;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (read >= breakAfter) {
        throw new SocketException("Connection reset");
      }
      int n = in.read(b, off, Math.min(len, breakAfter - read));
      read += Math.max(n, 0);
      return n;
    }

    @Override
    public void abort() {
      aborted = true;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** What the SDK does: one attempt per stream; an attempt whose stream fails is retried with a new stream. */
  private static byte[] sendWithRetries(ReopeningBody body, int attempts) throws IOException {
    IOException last = null;
    for (int i = 0; i < attempts; i++) {
      ByteArrayOutputStream sent = new ByteArrayOutputStream();
      try (InputStream in = body.newStream()) {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
          sent.write(buf, 0, n);
        }
        return sent.toByteArray();
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  @Test
  void read_resetMidBody_resumesAtTheNextByteAndSendsTheSameBytes() throws IOException {
    FlakySource source = new FlakySource(BYTES, 2, 100_000);
    ReopeningBody body = new ReopeningBody(source, BYTES.length).openFirst();

    byte[] sent = sendWithRetries(body, 1);

    assertThat(sent).isEqualTo(BYTES);
    assertThat(source.offsets).containsExactly(0L, 100_000L, 200_000L);
    assertThat(body.md5Hex()).contains(md5(BYTES));
    assertThat(source.opened.get(0).aborted).as("a broken stream is aborted, not drained").isTrue();
    assertThat(source.opened.get(1).aborted).isTrue();
    assertThat(source.opened.get(2).aborted).as("the stream read to its end is closed").isFalse();
    assertThat(source.opened.get(2).closed).isTrue();
  }

  @Test
  void newStream_resetsWithoutProgress_failTheStreamAndTheRetryReadsFromTheFirstByte() throws IOException {
    int broken = ReopeningBody.RESUMES + 1;
    FlakySource source = new FlakySource(BYTES, broken, 0);
    ReopeningBody body = new ReopeningBody(source, BYTES.length).openFirst();

    assertThatThrownBy(() -> body.newStream().readAllBytes()).isInstanceOf(SocketException.class);
    byte[] sent = sendWithRetries(body, 1);

    assertThat(sent).isEqualTo(BYTES);
    assertThat(body.opens()).isEqualTo(broken + 1);
    assertThat(source.offsets).containsOnly(0L);
    assertThat(body.md5Hex()).contains(md5(BYTES));
  }

  @Test
  void newStream_eachCall_startsFromTheFirstByte() throws IOException {
    ReopeningBody body = new ReopeningBody(new FlakySource(BYTES, 0, 0), BYTES.length);
    try (InputStream half = body.newStream()) {
      assertThat(half.readNBytes(1000)).isEqualTo(java.util.Arrays.copyOf(BYTES, 1000));
    }

    assertThat(body.newStream().readAllBytes()).isEqualTo(BYTES);
    assertThat(body.md5Hex()).contains(md5(BYTES));
  }

  @Test
  void md5Hex_lastStreamNotReadToTheEnd_isEmpty() throws IOException {
    ReopeningBody body = new ReopeningBody(new FlakySource(BYTES, 0, 0), BYTES.length);

    body.newStream().readNBytes(BYTES.length - 1);

    assertThat(body.md5Hex()).isEmpty();
  }

  @Test
  void md5Hex_emptyObject_isTheMd5OfNothing() throws IOException {
    ReopeningBody body = new ReopeningBody(new FlakySource(new byte[0], 0, 0), 0).openFirst();

    assertThat(body.newStream().readAllBytes()).isEmpty();
    assertThat(body.md5Hex()).contains("d41d8cd98f00b204e9800998ecf8427e");
  }

  @Test
  void openFirst_sourceRefuses_throwsBeforeAnyStream() {
    RuntimeException changed = new IllegalStateException("412 Precondition Failed");
    ReopeningBody body = new ReopeningBody(offset -> {
      throw changed;
    }, 10);

    assertThatThrownBy(body::openFirst).isSameAs(changed);
    assertThat(body.failure()).containsSame(changed);
  }

  @Test
  void newStream_reopenRefused_recordsTheFailure() throws IOException {
    RuntimeException changed = new IllegalStateException("412 Precondition Failed");
    int[] calls = {0};
    ReopeningBody body = new ReopeningBody(offset -> {
      if (calls[0]++ > 0) {
        throw changed;
      }
      return new Stream(BYTES, 10);
    }, BYTES.length).openFirst();
    InputStream first = body.newStream();
    assertThat(body.failure()).isEmpty();

    // the source changed after the first 10 bytes: the resume is refused, and that is the failure, not the reset
    assertThatThrownBy(first::readAllBytes).isSameAs(changed)
        .satisfies(e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(SocketException.class));
    assertThat(body.failure()).containsSame(changed);
    assertThatThrownBy(body::newStream).isSameAs(changed);
  }

  @Test
  void close_unusedFirstStream_isAborted() {
    FlakySource source = new FlakySource(BYTES, 0, 0);
    ReopeningBody body = new ReopeningBody(source, BYTES.length).openFirst();

    body.close();

    assertThat(source.opened).singleElement().satisfies(s -> {
      assertThat(s.aborted).isTrue();
      assertThat(s.closed).isTrue();
    });
  }

  @Test
  void multipartETag_fromTheStreamedPartsMd5s_isTheMd5OfTheirDigestsWithTheCount() throws Exception {
    byte[] whole = bytes(12 * 1024, 3);
    List<String> partMd5s = new ArrayList<>();
    MessageDigest ofDigests = MessageDigest.getInstance("MD5");
    for (int first = 0; first < whole.length; first += 5 * 1024) {
      byte[] part = java.util.Arrays.copyOfRange(whole, first, Math.min(whole.length, first + 5 * 1024));
      ReopeningBody body = new ReopeningBody(new FlakySource(part, 1, 1000), part.length).openFirst();
      assertThat(sendWithRetries(body, 1)).isEqualTo(part);
      partMd5s.add("\"" + body.md5Hex().orElseThrow() + "\"");
      ofDigests.update(MessageDigest.getInstance("MD5").digest(part));
    }

    assertThat(MultipartUploads.expectedETag(partMd5s))
        .contains(HexFormat.of().formatHex(ofDigests.digest()) + "-3");
  }

  private static String md5(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
