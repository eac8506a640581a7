package io.lakecopy.job;

import io.lakecopy.report.OwnerOnly;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.Excerpt;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Finds the files of a text manifest, where executors can read them.
 *
 * <ul>
 *   <li>{@code s3://bucket/key}: the object is streamed once through the driver with the SDK source client into
 *       the work directory (Hadoop's s3a connector need not be set up for the source's endpoint and credentials);
 *   <li>a path without a scheme is a file on the driver: read in place when the work directory is on the local
 *       file system too (local mode), else copied into the work directory first;
 *   <li>any other URI ({@code s3a://}, {@code hdfs://}, {@code dbfs:/}, {@code file:}) is read in place.
 * </ul>
 * A directory (e.g. an output manifest Spark wrote) is its data files in name order; names starting with
 * {@code _} or {@code .} are not data.
 */
final class ManifestFiles {
  private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");

  /**
   * One file to read.
   *
   * @param path its fully qualified Hadoop path
   * @param name how messages name it: the manifest as given, or a directory's file by its name
   */
  record Found(String path, String name) {}

  private ManifestFiles() {}

  /**
   * The manifest's files, in order.
   *
   * <p>Retries: SDK only (an {@code s3://} manifest is read with one GetObject).
   *
   * @param flag names the flag in messages, e.g. {@code "--manifest (source.manifest)"}
   * @param stagingDir where copies go, a directory that must not hold them yet
   * @throws LakecopyException INVALID_INPUT if the manifest does not exist or cannot be read
   */
  static List<Found> find(Configuration hadoop, S3Client source, String manifest, String flag, String stagingDir) {
    Path staging = new Path(stagingDir);
    try {
      if (manifest.regionMatches(true, 0, "s3://", 0, 5)) {
        S3Location location = S3Location.parse(manifest, flag);
        Path copy = new Path(staging, baseName(location.key()));
        download(source, location, copy, hadoop, flag, manifest);
        return List.of(new Found(qualified(copy, hadoop), manifest));
      }
      if (hasScheme(manifest)) {
        return list(new Path(manifest), hadoop, manifest);
      }
      Path local = FileSystem.getLocal(hadoop).makeQualified(new Path(new java.io.File(manifest).getAbsolutePath()));
      List<Found> files = list(local, hadoop, manifest);
      if ("file".equals(staging.getFileSystem(hadoop).getUri().getScheme())) {
        return files; // local mode: the executors see the driver's files
      }
      List<Found> copies = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        Path copy = new Path(staging, i + "-" + new Path(files.get(i).path()).getName());
        copyFile(new Path(files.get(i).path()), copy, hadoop);
        copies.add(new Found(qualified(copy, hadoop), files.get(i).name()));
      }
      return copies;
    } catch (FileNotFoundException e) {
      throw LakecopyException.invalidInput(flag + ": file not found: " + Excerpt.of(manifest));
    } catch (IOException e) {
      throw LakecopyException.invalidInput(flag + ": cannot read " + Excerpt.of(manifest) + ": " + e.getMessage());
    }
  }

  /** Whether {@code manifest} is a URI ({@code scheme:/...}) rather than a path on the driver. */
  static boolean hasScheme(String manifest) {
    return URI_SCHEME.matcher(manifest).matches();
  }

  /** A file as itself, a directory as its data files in name order. */
  private static List<Found> list(Path path, Configuration hadoop, String manifest) throws IOException {
    FileSystem fs = path.getFileSystem(hadoop);
    FileStatus status = fs.getFileStatus(path);
    if (!status.isDirectory()) {
      return List.of(new Found(status.getPath().toString(), manifest));
    }
    FileStatus[] children = fs.listStatus(status.getPath());
    Arrays.sort(children, Comparator.comparing(s -> s.getPath().getName()));
    List<Found> files = new ArrayList<>();
    for (FileStatus c : children) {
      String name = c.getPath().getName();
      if (c.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
        files.add(new Found(c.getPath().toString(), name));
      }
    }
    return files;
  }

  /**
   * Streams one object into {@code copy} (bounded memory: the stream is copied through a small buffer).
   *
   * <p>Retries: SDK only; a connection that breaks mid-stream fails the read (NETWORK).
   */
  private static void download(S3Client source, S3Location location, Path copy, Configuration hadoop, String flag,
      String manifest) throws IOException {
    FileSystem fs = copy.getFileSystem(hadoop);
    if (fs.exists(copy)) {
      throw new LakecopyException(ErrorKind.OTHER, flag + ": the work directory already holds " + copy);
    }
    OwnerOnly.mkdirs(fs, copy.getParent());
    try (InputStream in = source.getObject(GetObjectRequest.builder().bucket(location.bucket())
        .key(location.key()).build())) {
      try (OutputStream out = OwnerOnly.create(fs, copy, false)) {
        in.transferTo(out);
      }
    } catch (SdkException e) {
      ErrorKind kind = S3Errors.classify(e);
      throw new LakecopyException(kind == ErrorKind.NOT_FOUND ? ErrorKind.INVALID_INPUT : kind,
          flag + ": cannot read " + Excerpt.of(manifest) + ": " + S3Errors.describe(e), e);
    } catch (IOException e) {
      throw new LakecopyException(ErrorKind.NETWORK, flag + ": cannot read " + Excerpt.of(manifest) + " into "
          + copy + ": " + e.getMessage(), e);
    }
  }

  private static void copyFile(Path from, Path to, Configuration hadoop) throws IOException {
    FileSystem target = to.getFileSystem(hadoop);
    OwnerOnly.mkdirs(target, to.getParent());
    try (InputStream in = from.getFileSystem(hadoop).open(from); OutputStream out = OwnerOnly.create(target, to,
        false)) {
      in.transferTo(out);
    }
  }

  private static String baseName(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    return name.isEmpty() ? "manifest" : name;
  }

  private static String qualified(Path path, Configuration hadoop) throws IOException {
    return path.getFileSystem(hadoop).makeQualified(path).toString();
  }
}
