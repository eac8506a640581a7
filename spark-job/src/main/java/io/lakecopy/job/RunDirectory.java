package io.lakecopy.job;

import static java.util.Objects.requireNonNull;

import io.lakecopy.report.OwnerOnly;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run's directory (the ledger of {@code --ledger} / {@code --resume}, or a temporary one): everything a run
 * writes besides its destination objects and its report, so that a run whose driver died can be resumed, and so
 * that the plan can be read with Spark. Layout:
 * <pre>
 *   meta.properties           when it started, source, destination, the settings that shape the plan
 *   listing/source/round=N/   the source listing, round by round: keys and the ranges left (Parquet); none for
 *                             a prefix the driver listed whole in its first pages
 *   listing/source/unique/    with several --src-prefixes-file prefixes, the listed keys de-duplicated
 *   listing/dest/round=N/     the destination listing
 *   input/                    a manifest or inventory, as read (Parquet)
 *   plan/parts/wave=N/        THE PLAN: one row per object or part (Parquet; schema in copy/PlanRows)
 *   plan/deletes/             --delete's destination objects to delete
 *   plan/_PLANNED             written once the plan is complete: its totals
 *   journal/wave=N/           every upload created and every object copied, by each task and the driver
 *   outcomes/&lt;name&gt;/          outcome rows of each stage, committed with Spark's writer (_SUCCESS)
 *   waves/N.started, N.done   how far each wave got
 * </pre>
 * Every {@code relative} path below names something inside the directory: one that could lead out of it (absolute,
 * with a scheme, or with a "." or ".." segment) is refused, so nothing outside is ever written or deleted.
 */
public final class RunDirectory {
  static final String META = "meta.properties";
  static final String PLANNED = "plan/_PLANNED";

  private final Configuration hadoop;
  private final Path root;
  private final FileSystem fs;
  private final String flag;

  private RunDirectory(Configuration hadoop, Path root, FileSystem fs, String flag) {
    this.hadoop = hadoop;
    this.root = root;
    this.fs = fs;
    this.flag = flag;
  }

  /** What {@code meta.properties} says. */
  public record Meta(Instant started, String source, String dest, String fingerprint) {
    public Meta {
      requireNonNull(started, "started is null");
      requireNonNull(source, "source is null");
      requireNonNull(dest, "dest is null");
      requireNonNull(fingerprint, "fingerprint is null");
    }
  }

  /**
   * Starts a new run directory; fails if {@code location} already holds one.
   *
   * @param flag how messages name the location, e.g. {@code --ledger (run.ledger)}
   */
  public static RunDirectory create(Configuration hadoop, String location, String flag, Meta meta) {
    try {
      Path dir = new Path(location);
      FileSystem fs = dir.getFileSystem(hadoop);
      if (fs.exists(new Path(dir, META))) {
        throw LakecopyException.invalidInput(flag + ": " + location
            + " already holds a ledger; resume it with --resume " + location + " or choose a new location");
      }
      OwnerOnly.mkdirs(fs, dir);
      RunDirectory run = new RunDirectory(hadoop, dir, fs, flag);
      Properties p = new Properties();
      p.setProperty("started", meta.started().toString());
      p.setProperty("source", meta.source());
      p.setProperty("dest", meta.dest());
      p.setProperty("fingerprint", meta.fingerprint());
      try (OutputStream out = OwnerOnly.create(fs, new Path(dir, META), false)) {
        p.store(out, "lakecopy ledger");
      }
      return run;
    } catch (IOException e) {
      throw LakecopyException.invalidInput(flag + ": cannot write " + location + ": " + e.getMessage());
    }
  }

  /** Opens the run directory of an earlier run, to resume it. */
  public static RunDirectory open(Configuration hadoop, String location, String flag) {
    try {
      Path dir = new Path(location);
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(new Path(dir, META))) {
        throw LakecopyException.invalidInput(flag + ": no ledger at " + location);
      }
      return new RunDirectory(hadoop, dir, fs, flag);
    } catch (IOException e) {
      throw LakecopyException.invalidInput(flag + ": cannot read " + location + ": " + e.getMessage());
    }
  }

  public Meta meta() {
    Properties p = new Properties();
    try (InputStream in = fs.open(new Path(root, META))) {
      p.load(in);
      return new Meta(Instant.parse(p.getProperty("started")), p.getProperty("source", ""), p.getProperty("dest", ""),
          p.getProperty("fingerprint", ""));
    } catch (IOException | RuntimeException e) {
      throw new LakecopyException(ErrorKind.INVALID_INPUT, flag + ": ledger " + root + " cannot be read: "
          + e.getMessage(), e);
    }
  }

  /** The URI of a path inside the directory, for Spark's readers and writers. */
  public String path(String relative) {
    return inside(relative).toString();
  }

  public String root() {
    return root.toString();
  }

  public Configuration hadoop() {
    return hadoop;
  }

  /** Whether a file or directory exists inside the directory. */
  public boolean exists(String relative) {
    try {
      return fs.exists(inside(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + root + "/" + relative, e);
    }
  }

  /** Writes a small file inside the directory, whole (replacing an earlier one of the run's own). */
  public void write(String relative, String content) {
    Path file = inside(relative);
    try {
      OwnerOnly.mkdirs(fs, file.getParent()); // else created with the file system's default permissions
      try (OutputStream out = OwnerOnly.create(fs, file, true)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  /** Reads a small file inside the directory. */
  public String read(String relative) {
    Path file = inside(relative);
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /** Deletes a subtree the run wrote itself (an unfinished stage, before it is written again). */
  public void deleteOwn(String relative) {
    try {
      fs.delete(inside(relative), true);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + root + "/" + relative, e);
    }
  }

  /** Deletes the whole directory: only ever a temporary one this run created. */
  public void deleteAll() {
    try {
      fs.delete(root, true);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + root, e);
    }
  }

  /**
   * The directories directly inside {@code relative} that hold a committed Spark write (a _SUCCESS file), named as
   * {@link #path} names them (a listing names them with the file system's scheme, which the root may lack).
   */
  public List<String> committed(String relative) {
    List<String> out = new ArrayList<>();
    try {
      Path dir = inside(relative);
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.isDirectory() && fs.exists(new Path(s.getPath(), "_SUCCESS"))) {
          out.add(new Path(dir, s.getPath().getName()).toString());
        }
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + root + "/" + relative, e);
    }
  }

  /**
   * Owner-only permissions on the whole directory (what Spark's writers made in it too). Never throws: it runs
   * while a run ends, and must not hide why it ended.
   */
  public void restrictAll() {
    try {
      if (fs.exists(root)) {
        OwnerOnly.restrictTree(fs, root);
      }
    } catch (IOException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(RunDirectory.class).warn("Could not make {} owner-only: {}", root,
          e.toString());
    }
  }

  /** Owner-only permissions on what Spark wrote under {@code relative} (see OwnerOnly). */
  public void restrict(String relative) {
    try {
      OwnerOnly.restrictTree(fs, inside(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("setting permissions under " + root + "/" + relative, e);
    }
  }

  /** {@code relative} resolved inside the directory; refused if it could lead out of it (see the class comment). */
  private Path inside(String relative) {
    requireNonNull(relative, "relative is null");
    boolean outside = relative.isEmpty() || relative.startsWith("/") || relative.contains(":")
        || java.util.Arrays.stream(relative.split("/")).anyMatch(s -> s.equals(".") || s.equals(".."));
    if (outside) {
      throw new IllegalArgumentException("not a path inside the run directory " + root + ": " + relative);
    }
    return new Path(root, relative);
  }
}
