package io.lakecopy.job;

import io.lakecopy.config.TextLines;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Small text inputs read whole on the driver (a prefixes file): strict UTF-8, a byte order mark dropped, lines named
 * by number in errors. An {@code s3://} file is read with the source's client, anything else through Hadoop (a local
 * path, {@code s3a://}, {@code hdfs://}, {@code dbfs:/}); a directory is its data files in name order.
 */
final class TextFiles {
  private TextFiles() {}

  /** Retries: SDK only. */
  static List<String> readLines(Configuration hadoop, S3Client source, String location, String flag) {
    if (location.regionMatches(true, 0, "s3://", 0, 5)) {
      S3Location loc = S3Location.parse(location, flag);
      try (InputStream in = source.getObject(GetObjectRequest.builder().bucket(loc.bucket()).key(loc.key()).build())) {
        return TextLines.lines(in, flag + " " + location);
      } catch (IOException e) {
        throw new LakecopyException(ErrorKind.NETWORK, flag + ": cannot read " + location + ": " + e.getMessage(), e);
      } catch (SdkException e) {
        ErrorKind kind = S3Errors.classify(e);
        throw new LakecopyException(kind == ErrorKind.NOT_FOUND ? ErrorKind.INVALID_INPUT : kind,
            flag + ": cannot read " + location + ": " + S3Errors.describe(e), e);
      }
    }
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(hadoop);
      FileStatus status = fs.getFileStatus(path);
      List<Path> files = new ArrayList<>();
      if (status.isDirectory()) {
        Arrays.stream(fs.listStatus(path)).map(FileStatus::getPath)
            .filter(p -> !p.getName().startsWith("_") && !p.getName().startsWith(".")).sorted().forEach(files::add);
      } else {
        files.add(path);
      }
      List<String> lines = new ArrayList<>();
      for (Path f : files) {
        try (InputStream in = fs.open(f)) {
          lines.addAll(TextLines.lines(in, flag + " " + f));
        }
      }
      return lines;
    } catch (FileNotFoundException e) {
      throw LakecopyException.invalidInput(flag + ": file not found: " + location);
    } catch (IOException | RuntimeException e) {
      if (e instanceof LakecopyException le) {
        throw le;
      }
      throw LakecopyException.invalidInput(flag + ": cannot read " + location + ": " + e.getMessage());
    }
  }
}
