package io.lakecopy.report;

import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run's ledger: a directory (local, s3a://, hdfs://, ...) of small files that say what the run
 * planned and got done, so a run whose driver died can be resumed. Files are written whole and never
 * changed: {@code meta.properties} at the start, then one {@code uploads-N.tsv} per batch of created
 * multipart uploads (before any part is copied) and one {@code done-N.tsv} per batch of finished
 * objects. Keys are URL-encoded, so any key fits on a line.
 */
public final class Ledger {
  /** A multipart upload the ledger knows of. */
  public record Upload(String destKey, String uploadId, String sourceETag, long partSizeBytes) {}

  /** An object the ledger says was copied. */
  public record Done(String destKey, String destETag, String sourceETag, long sizeBytes) {}

  /** What an earlier run recorded. */
  public record State(Instant started, String source, String dest, Map<String, Upload> uploads, Map<String, Done> done) {}

  private final FileSystem fs;
  private final Path dir;
  private final String flag;
  private final AtomicInteger batch = new AtomicInteger();

  private Ledger(FileSystem fs, Path dir, int firstBatch, String flag) {
    this.fs = fs;
    this.dir = dir;
    this.flag = flag;
    this.batch.set(firstBatch);
  }

  /** Starts a new ledger; fails if {@code location} already holds one. */
  public static Ledger create(Configuration hadoop, String location, String source, String dest) {
    try {
      Path dir = new Path(location);
      FileSystem fs = dir.getFileSystem(hadoop);
      if (fs.exists(new Path(dir, "meta.properties"))) {
        throw LakecopyException.invalidInput("--ledger (run.ledger): " + location
            + " already holds a ledger; resume it with --resume " + location + " or choose a new location");
      }
      Properties meta = new Properties();
      meta.setProperty("started", Instant.now().toString());
      meta.setProperty("source", source);
      meta.setProperty("dest", dest);
      OwnerOnly.mkdirs(fs, dir);
      try (OutputStream out = OwnerOnly.create(fs, new Path(dir, "meta.properties"), false)) {
        meta.store(out, "lakecopy ledger");
      }
      return new Ledger(fs, dir, 0, "--ledger (run.ledger)");
    } catch (IOException e) {
      throw LakecopyException.invalidInput("--ledger (run.ledger): cannot write " + location + ": " + e.getMessage());
    }
  }

  /** Opens an existing ledger to resume it; new batches are added after the old ones. */
  public static Ledger open(Configuration hadoop, String location) {
    return open(hadoop, location, "--resume (run.resume)");
  }

  /** As {@link #open(Configuration, String)}; errors name {@code flag}. */
  public static Ledger open(Configuration hadoop, String location, String flag) {
    try {
      Path dir = new Path(location);
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(new Path(dir, "meta.properties"))) {
        throw LakecopyException.invalidInput(flag + ": no ledger at " + location);
      }
      return new Ledger(fs, dir, fs.listStatus(dir).length, flag);
    } catch (IOException e) {
      throw LakecopyException.invalidInput(flag + ": cannot read " + location + ": " + e.getMessage());
    }
  }

  /** Everything recorded so far, all batches merged (later records win). */
  public State read() {
    try {
      Properties meta = new Properties();
      try (var in = fs.open(new Path(dir, "meta.properties"))) {
        meta.load(in);
      }
      Map<String, Upload> uploads = new HashMap<>();
      Map<String, Done> done = new HashMap<>();
      FileStatus[] files = fs.listStatus(dir);
      java.util.Arrays.sort(files, java.util.Comparator.comparing(f -> f.getPath().getName()));
      for (FileStatus f : files) {
        String name = f.getPath().getName();
        if (name.endsWith(".tsv")) {
          readBatch(f.getPath(), uploads, done);
        }
      }
      return new State(Instant.parse(meta.getProperty("started")), meta.getProperty("source"),
          meta.getProperty("dest"), uploads, done);
    } catch (IOException | RuntimeException e) {
      throw new LakecopyException(ErrorKind.INVALID_INPUT, flag + ": ledger " + dir + " cannot be read: "
          + e.getMessage(), e);
    }
  }

  private void readBatch(Path file, Map<String, Upload> uploads, Map<String, Done> done) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split("\t", -1);
        if (f.length == 5 && f[0].equals("U")) {
          Upload u = new Upload(decode(f[1]), f[2], f[3], Long.parseLong(f[4]));
          uploads.put(u.destKey(), u);
        } else if (f.length == 5 && f[0].equals("D")) {
          Done d = new Done(decode(f[1]), f[2], f[3], Long.parseLong(f[4]));
          done.put(d.destKey(), d);
        }
      }
    }
  }

  /** Records created uploads, before any of their parts is copied. */
  public void recordUploads(List<Upload> uploads) {
    StringBuilder b = new StringBuilder();
    for (Upload u : uploads) {
      b.append("U\t").append(encode(u.destKey())).append('\t').append(u.uploadId()).append('\t').append(u.sourceETag())
          .append('\t').append(u.partSizeBytes()).append('\n');
    }
    write("uploads", b, uploads.isEmpty());
  }

  /** Records finished objects. */
  public void recordDone(List<Done> objects) {
    StringBuilder b = new StringBuilder();
    for (Done d : objects) {
      b.append("D\t").append(encode(d.destKey())).append('\t').append(d.destETag()).append('\t').append(d.sourceETag())
          .append('\t').append(d.sizeBytes()).append('\n');
    }
    write("done", b, objects.isEmpty());
  }

  private void write(String kind, StringBuilder content, boolean empty) {
    if (empty) {
      return;
    }
    Path file = new Path(dir, String.format("%s-%06d.tsv", kind, batch.getAndIncrement()));
    try (OutputStream out = OwnerOnly.create(fs, file, false)) {
      out.write(content.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("writing ledger file " + file, e);
    }
  }

  private static String encode(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  private static String decode(String key) {
    return URLDecoder.decode(key, StandardCharsets.UTF_8);
  }
}
