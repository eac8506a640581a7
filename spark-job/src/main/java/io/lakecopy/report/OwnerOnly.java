package io.lakecopy.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Keeps what lakecopy writes (reports, {@code _summary.json}, output manifests, ledgers) readable by
 * its owner only: files 0600, directories 0700, on file systems that have permissions (local, HDFS).
 * They name every key and ETag of a run, which other users of a shared cluster host have no need to
 * read. Object stores ({@code s3://}, {@code s3a://}, {@code gs://}, {@code abfs://}, DBFS) have no
 * POSIX permissions: there the bucket policy decides who reads them, and these methods do nothing.
 *
 * <p>Two mechanisms, because neither alone is enough: Spark's writers create their files through
 * Hadoop {@code FileSystem} instances that are cached per JVM with the configuration they were first
 * made with, so a umask set on the session's configuration reaches some of them and not others.
 * Measured with a local session (Spark 3.5, file://): with umask 077 on the session's configuration, a
 * DataFrame write made files 0600 when the cached local file system had been created from that very
 * configuration object, and 0644 when an earlier write had created it from a copy. On a cluster each
 * executor JVM has its own cache. So {@link #withUmask} narrows the time a file is readable by others
 * where it takes effect, and {@link #restrictTree} sets the final permissions after the write, whatever
 * the writer did.
 */
public final class OwnerOnly {
  /** Hadoop's umask key; 077 takes every group and other bit away. */
  public static final String UMASK_KEY = "fs.permissions.umask-mode";
  static final String UMASK = "077";
  public static final FsPermission FILE = new FsPermission((short) 0600);
  public static final FsPermission DIRECTORY = new FsPermission((short) 0700);
  /** Schemes whose file systems keep POSIX-style permissions. */
  private static final Set<String> WITH_PERMISSIONS = Set.of("file", "hdfs", "viewfs", "webhdfs", "swebhdfs");

  private OwnerOnly() {}

  /** Whether {@code fs} keeps permissions (and so whether the other methods change anything). */
  public static boolean hasPermissions(FileSystem fs) {
    String scheme = fs.getUri().getScheme();
    return scheme != null && WITH_PERMISSIONS.contains(scheme.toLowerCase(Locale.ROOT));
  }

  /** Runs {@code write} with the umask 077 on {@code hadoop}, then puts the earlier umask back. */
  public static <T> T withUmask(Configuration hadoop, Supplier<T> write) {
    String before = hadoop.get(UMASK_KEY);
    hadoop.set(UMASK_KEY, UMASK);
    try {
      return write.get();
    } finally {
      if (before == null) {
        hadoop.unset(UMASK_KEY);
      } else {
        hadoop.set(UMASK_KEY, before);
      }
    }
  }

  /** As {@link #withUmask(Configuration, Supplier)} for a write that returns nothing. */
  public static void withUmask(Configuration hadoop, Runnable write) {
    withUmask(hadoop, () -> {
      write.run();
      return null;
    });
  }

  /**
   * Creates {@code file} as 0600 where permissions exist (no moment at which others may read it). Its
   * directory should exist ({@link #mkdirs}); one created here has the file system's default permissions.
   */
  public static OutputStream create(FileSystem fs, Path file, boolean overwrite) throws IOException {
    if (!hasPermissions(fs)) {
      return fs.create(file, overwrite);
    }
    OutputStream out = fs.create(file, FILE, overwrite, fs.getConf().getInt("io.file.buffer.size", 4096),
        fs.getDefaultReplication(file), fs.getDefaultBlockSize(file), null);
    // Some file systems apply a umask to the permission given; 0600 has no bits a umask of 022 or 077
    // removes, and setPermission makes it exact (and reaches a local checksum file too).
    fs.setPermission(file, FILE);
    return out;
  }

  /**
   * Creates {@code dir} as 0700 if it does not exist. A directory that exists is the user's and keeps
   * its permissions (a ledger may be given an existing directory such as a home directory).
   */
  public static void mkdirs(FileSystem fs, Path dir) throws IOException {
    if (!hasPermissions(fs) || fs.exists(dir)) {
      return;
    }
    fs.mkdirs(dir, DIRECTORY);
    fs.setPermission(dir, DIRECTORY);
  }

  /**
   * Sets 0700 on {@code path} and every directory under it and 0600 on every file, checksum files
   * included. Only for a tree lakecopy created (a report or output manifest, which must not exist
   * before the run). One listing per directory; nothing where the file system has no permissions.
   */
  public static void restrictTree(FileSystem fs, Path path) throws IOException {
    if (!hasPermissions(fs)) {
      return;
    }
    FileSystem raw = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs; // lists .crc files too
    restrict(raw, raw.getFileStatus(path));
  }

  private static void restrict(FileSystem fs, FileStatus status) throws IOException {
    if (status.isDirectory()) {
      fs.setPermission(status.getPath(), DIRECTORY);
      for (FileStatus child : fs.listStatus(status.getPath())) {
        restrict(fs, child);
      }
    } else {
      fs.setPermission(status.getPath(), FILE);
    }
  }
}
