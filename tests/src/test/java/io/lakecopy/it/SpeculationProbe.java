package io.lakecopy.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Counts the task attempts a child driver starts, and how many of them were speculative, into the
 * file named by the system property {@value #FILE_PROPERTY}, rewritten after every task start
 * ({@code tasks=N speculative=M}). Registered with {@code -Dspark.extraListeners}.
 */
public final class SpeculationProbe extends SparkListener {
  static final String FILE_PROPERTY = "lakecopy.it.speculation-probe";

  private final Path file = Path.of(System.getProperty(FILE_PROPERTY));
  private long tasks;
  private long speculative;

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart taskStart) {
    tasks++;
    if (taskStart.taskInfo().speculative()) {
      speculative++;
    }
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, "tasks=" + tasks + " speculative=" + speculative, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
