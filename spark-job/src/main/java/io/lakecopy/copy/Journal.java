package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.report.OwnerOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What one writer (a copy task attempt, or the driver) has done, as small files that are written whole and never
 * changed: every multipart upload it created, written before any of its parts is copied, and every object it
 * copied. A driver that dies loses no upload id and at most the copies of the last few seconds; the resumed run
 * reads the journals of its unfinished wave with Spark. Files: {@code <writer>-<n>.tsv} under the wave's journal
 * directory; lines {@code U <objectId> <uploadId> <destKey> .} and {@code D <objectId> <destETag> <copiedVersion> .}
 * (tab-separated, keys URL-encoded, "-" for no version). The closing {@code .} field is there because a file is whole
 * only where the file system makes it so: on HDFS or a local disk a writer that dies mid-write leaves a file cut
 * short, and its last line, cut inside its last field, would otherwise read as a record with a wrong key or version.
 * A line that is not exactly one of these two is read as nothing.
 */
public final class Journal {
  /** How long finished copies may wait in memory before they are written. */
  static final long FLUSH_NANOS = 10_000_000_000L;
  /** The last field of every line: a line without it was cut short. */
  static final String END = ".";

  /** A multipart upload a writer created. */
  public record Upload(long objectId, String uploadId, String destKey) {
    public Upload {
      requireNonNull(uploadId, "uploadId is null");
      requireNonNull(destKey, "destKey is null");
    }
  }

  /** An object a writer copied. */
  public record Done(long objectId, String destETag, String copiedVersionId) {
    public Done {
      requireNonNull(destETag, "destETag is null");
    }
  }

  private final FileSystem fs;
  private final Path dir;
  private final String writer;
  private final List<Done> pending = new ArrayList<>();
  private int sequence;
  private long lastFlush = System.nanoTime();

  private Journal(FileSystem fs, Path dir, String writer) {
    this.fs = fs;
    this.dir = dir;
    this.writer = writer;
  }

  /** A journal in {@code dir} whose files are named after {@code writer} (unique per task attempt). */
  public static Journal open(Configuration conf, String dir, String writer) {
    try {
      Path path = new Path(dir);
      FileSystem fs = path.getFileSystem(conf);
      OwnerOnly.mkdirs(fs, path);
      return new Journal(fs, path, requireNonNull(writer, "writer is null"));
    } catch (IOException e) {
      throw new UncheckedIOException("opening the journal " + dir, e);
    }
  }

  /** Records created uploads now, before any of their parts is copied. */
  public synchronized void uploads(List<Upload> uploads) {
    if (uploads.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    for (Upload u : uploads) {
      b.append("U\t").append(u.objectId()).append('\t').append(u.uploadId()).append('\t')
          .append(URLEncoder.encode(u.destKey(), StandardCharsets.UTF_8)).append('\t').append(END).append('\n');
    }
    write(b);
  }

  /** Records a finished copy; written by the next {@link #flushIfDue} or {@link #flush}. */
  public synchronized void done(Done done) {
    pending.add(requireNonNull(done, "done is null"));
  }

  /** Writes the finished copies if they have waited long enough. */
  public synchronized void flushIfDue() {
    if (System.nanoTime() - lastFlush >= FLUSH_NANOS) {
      flush();
    }
  }

  /** Writes the finished copies now. */
  public synchronized void flush() {
    lastFlush = System.nanoTime();
    if (pending.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    for (Done d : pending) {
      b.append("D\t").append(d.objectId()).append('\t').append(d.destETag()).append('\t')
          .append(d.copiedVersionId() == null ? "-" : d.copiedVersionId()).append('\t').append(END).append('\n');
    }
    write(b);
    pending.clear();
  }

  private void write(StringBuilder content) {
    Path file = new Path(dir, String.format("%s-%06d.tsv", writer, sequence++));
    try (OutputStream out = OwnerOnly.create(fs, file, false)) {
      out.write(content.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("writing the journal file " + file, e);
    }
  }

  /**
   * The ids among {@code candidates} that the journals under {@code journalRoot} record as created: streamed file by
   * file, so only the matches are held (a run directory's journals can hold millions of lines).
   */
  public static java.util.Set<String> recordedAmong(Configuration conf, String journalRoot,
      java.util.Set<String> candidates) {
    java.util.Set<String> found = new java.util.HashSet<>();
    try {
      Path root = new Path(journalRoot);
      FileSystem fs = root.getFileSystem(conf);
      if (candidates.isEmpty() || !fs.exists(root)) {
        return found;
      }
      var files = fs.listFiles(root, true);
      while (files.hasNext()) {
        Path f = files.next().getPath();
        if (!f.getName().endsWith(".tsv")) {
          continue;
        }
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(f), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            upload(line).map(Upload::uploadId).filter(candidates::contains).ifPresent(found::add);
          }
        }
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the journals under " + journalRoot, e);
    }
  }

  /** One journal line as an upload record, if it is one; a cut-short or garbled line is none. */
  public static Optional<Upload> upload(String line) {
    return fields(line, "U").flatMap(f -> {
      try {
        long objectId = Long.parseLong(f[1]);
        String destKey = URLDecoder.decode(f[3], StandardCharsets.UTF_8);
        return f[2].isEmpty() || destKey.isEmpty() ? Optional.empty()
            : Optional.of(new Upload(objectId, f[2], destKey));
      } catch (IllegalArgumentException e) { // a number or an escape that does not parse
        return Optional.empty();
      }
    });
  }

  /** One journal line as a finished copy, if it is one; a cut-short or garbled line is none. */
  public static Optional<Done> done(String line) {
    return fields(line, "D").flatMap(f -> {
      try {
        long objectId = Long.parseLong(f[1]);
        return f[2].isEmpty() || f[3].isEmpty() ? Optional.empty()
            : Optional.of(new Done(objectId, f[2], f[3].equals("-") ? null : f[3]));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  /** The fields of a whole line of {@code kind}: the kind, three values and {@link #END}. */
  private static Optional<String[]> fields(String line, String kind) {
    String[] f = line.split("\t", -1);
    return f.length == 5 && f[0].equals(kind) && f[4].equals(END) ? Optional.of(f) : Optional.empty();
  }
}
