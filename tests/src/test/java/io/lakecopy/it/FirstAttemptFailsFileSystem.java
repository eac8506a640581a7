package io.lakecopy.it;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.TaskContext;

/**
 * A local file system (scheme {@value #SCHEME}) whose storage fails the first attempt of every Spark task that
 * writes a journal file, or (--all-versions) its outcomes once its histories are written: the way to make real copy
 * tasks fail and be retried by Spark, with no hook in lakecopy.
 * Registered for a test with {@code fs.first-attempt-fails.impl}.
 */
public final class FirstAttemptFailsFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "first-attempt-fails";

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    failFirstAttempt(f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    failFirstAttempt(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  private static void failFirstAttempt(Path f) throws IOException {
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() == 0 && (f.toString().contains("/journal/")
        || f.toString().contains("/outcomes/versions/"))) {
      throw new IOException("simulated storage failure under the first attempt of task " + task.partitionId());
    }
  }
}
