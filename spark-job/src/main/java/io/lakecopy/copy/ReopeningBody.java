package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import software.amazon.awssdk.http.Abortable;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * The body of a streamed PutObject or UploadPart: the source's bytes, read from a GetObject as the request sends
 * them, never held whole. The SDK calls {@link #newStream} for every attempt (and may call it more than once per
 * attempt: over plain HTTP it reads the body once to compute its checksum header before sending it); each call
 * re-opens the source's GET from its first byte, so a retry re-reads the range rather than sending the rest of a
 * half-read stream. The stream it replaces is aborted, not drained.
 *
 * <p>A source read that fails in the middle of a body (a connection reset) is resumed where it broke: the GET is
 * re-opened from the next byte (pinned like the first, so the same version), up to {@link #RESUMES} times in a row
 * without progress, so the failure neither fails the request nor depends on where in the SDK's pipeline it happened.
 *
 * <p>The MD5 of each stream is computed as it is read; {@link #md5Hex} is the MD5 of the last one, once it was read
 * to the planned length: the bytes the request that succeeded sent.
 */
final class ReopeningBody implements ContentStreamProvider, AutoCloseable {
  /** Re-opens of a broken source read in a row, with no byte read in between, before the read fails. */
  static final int RESUMES = 3;

  /**
   * Opens the source's bytes from {@code offset} bytes into the range to its end (a pinned GetObject), or throws the
   * SDK's exception.
   */
  @FunctionalInterface
  interface Source {
    InputStream open(long offset);
  }

  private final Source source;
  private final long lengthBytes;
  private final BandwidthLimit limit;
  /** Opened before the request is sent, handed out by the first {@link #newStream}. */
  private InputStream first;
  private Digesting current;
  private int opens;
  /** What a re-open threw while the SDK was sending: the object's real failure (a 412: the source changed). */
  private RuntimeException failure;

  ReopeningBody(Source source, long lengthBytes) {
    this(source, lengthBytes, BandwidthLimit.NONE);
  }

  /** @param limit the task's --bwlimit share: every byte read from the source is taken from it */
  ReopeningBody(Source source, long lengthBytes, BandwidthLimit limit) {
    this.source = requireNonNull(source, "source is null");
    this.limit = requireNonNull(limit, "limit is null");
    if (lengthBytes < 0) {
      throw new IllegalArgumentException("lengthBytes must be >= 0: " + lengthBytes);
    }
    this.lengthBytes = lengthBytes;
  }

  /**
   * Opens the source now, before the request: a source that changed answers 412 here, thrown to the caller, rather
   * than from inside the SDK's request.
   */
  synchronized ReopeningBody openFirst() {
    if (first == null && current == null) {
      first = open();
    }
    return this;
  }

  @Override
  public synchronized InputStream newStream() {
    closeCurrent();
    InputStream in = first != null ? first : open();
    first = null;
    current = new Digesting(in);
    return current;
  }

  private InputStream open() {
    return open(0);
  }

  private synchronized InputStream open(long offset) {
    try {
      opens++;
      return source.open(offset);
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** The MD5 (hex) of the last stream, if it was read to the planned length. */
  synchronized Optional<String> md5Hex() {
    return current == null || current.read != lengthBytes ? Optional.empty() : Optional.of(current.hex());
  }

  /** How often the source was opened. */
  synchronized int opens() {
    return opens;
  }

  /** What opening the source threw while the request was being sent, if anything. */
  synchronized Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public synchronized void close() {
    closeCurrent();
    if (first != null) {
      abortQuietly(first);
      first = null;
    }
  }

  private void closeCurrent() {
    if (current != null) {
      current.closeQuietly();
    }
  }

  private static void abortQuietly(InputStream in) {
    if (in instanceof Abortable a) {
      a.abort(); // the rest of the body is not read just to reuse the connection
    }
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      // an aborted or broken stream: nothing more to release
    }
  }

  /**
   * A stream that digests what is read through it and counts it, resumes a broken source read at the next byte, and
   * aborts its source if closed before the end.
   */
  private final class Digesting extends FilterInputStream {
    final MessageDigest digest = md5();
    long read;
    boolean closed;
    private String hex;

    Digesting(InputStream in) {
      super(in);
    }

    /** The MD5 of what was read (the digest is finished on the first call). */
    String hex() {
      if (hex == null) {
        hex = HexFormat.of().formatHex(digest.digest());
      }
      return hex;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      for (int resumes = 0; ; resumes++) {
        int n;
        try {
          n = in.read(b, off, (int) Math.min(len, Math.max(1, lengthBytes - read)));
        } catch (IOException e) {
          if (closed || read >= lengthBytes || resumes >= RESUMES) {
            throw e;
          }
          resume(e);
          continue;
        }
        if (n > 0) {
          digest.update(b, off, n);
          read += n;
          limit.acquire(n); // outside the resume: an interrupt while held to the rate ends the read
        }
        return n;
      }
    }

    /** Replaces the broken source stream with one from the next byte. */
    private void resume(IOException broken) throws IOException {
      InputStream old = in;
      if (old instanceof Abortable a) {
        a.abort();
      }
      try {
        old.close();
      } catch (IOException | RuntimeException e) {
        broken.addSuppressed(e);
      }
      try {
        in = open(read);
      } catch (RuntimeException e) {
        e.addSuppressed(broken);
        throw e;
      }
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("a streamed copy's body is not skipped: its MD5 covers every byte");
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (read < lengthBytes && in instanceof Abortable a) {
        a.abort();
      }
      super.close();
    }

    void closeQuietly() {
      try {
        close();
      } catch (IOException | RuntimeException e) {
        // a broken stream being replaced: nothing more to release
      }
    }
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 not available", e);
    }
  }
}
