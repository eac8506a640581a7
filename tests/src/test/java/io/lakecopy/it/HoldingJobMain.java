package io.lakecopy.it;

import io.lakecopy.job.JobListener;
import io.lakecopy.cli.LakecopyMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the job in a child JVM and holds it after the multipart uploads are started, until the parent
 * test stops the process: the way to test what a driver killed mid-copy leaves behind. Writes the
 * file named by {@code -Dlakecopy.hold.marker} when it starts holding.
 */
public final class HoldingJobMain {
  private HoldingJobMain() {}

  public static void main(String[] args) {
    Path marker = Path.of(System.getProperty("lakecopy.hold.marker"));
    JobListener hold = new JobListener() {
      @Override
      public void beforeCopy(int wave) {
        try {
          Files.writeString(marker, "holding");
          Thread.sleep(120_000); // the parent stops this JVM long before; this is a hold, not a timing
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while holding", e);
        }
      }
    };
    System.exit(LakecopyMain.run(args, System.out, System.err, hold));
  }
}
