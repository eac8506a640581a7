package io.lakecopy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The temporary directory of one test Ceph cluster: the bundled scripts ({@code bin/start.sh},
 * {@code bin/stop.sh}), the cluster itself ({@code cluster/}: ceph.conf, daemon data, logs, pid files,
 * admin sockets) and an {@code owner} file naming the JVM that started it, so that a later run can tell
 * a cluster abandoned by a killed JVM from one a live run still uses.
 */
final class CephClusterDir {
  private static final String PREFIX = "lakecopy-rgw-";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Path root;

  private CephClusterDir(Path root) {
    this.root = root;
  }

  /** A new directory under java.io.tmpdir with the scripts unpacked and this JVM as its owner. */
  static CephClusterDir create() {
    try {
      Path root = Files.createTempDirectory(PREFIX);
      Files.writeString(root.resolve("owner"), ownerId(ProcessHandle.current()));
      Path bin = Files.createDirectories(root.resolve("bin"));
      for (String script : List.of("start.sh", "stop.sh")) {
        try (InputStream in = CephClusterDir.class.getResourceAsStream("/ceph/" + script)) {
          if (in == null) {
            throw new IllegalStateException("resource /ceph/" + script + " is missing from the classpath");
          }
          Files.copy(in, bin.resolve(script));
        }
      }
      return new CephClusterDir(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path root() {
    return root;
  }

  Path script(String name) {
    return root.resolve("bin").resolve(name);
  }

  /** Where start.sh puts the cluster. */
  Path cluster() {
    return root.resolve("cluster");
  }

  /**
   * Runs stop.sh: the daemons are found by their pid files, and each pid is signalled only while it is
   * still that daemon. Then deletes the directory if {@code purge}. Never throws: it also runs from a
   * shutdown hook, and a failure is printed instead.
   */
  void stop(boolean purge) {
    Path script = script("stop.sh");
    if (!Files.isRegularFile(script)) {
      return; // purged already
    }
    try {
      Process p = new ProcessBuilder("bash", script.toString(), cluster().toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("stop.log").toFile())).start();
      if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        System.err.println("stop.sh did not finish within " + STOP_TIMEOUT + " for the Ceph cluster in " + root);
        return;
      }
    } catch (IOException e) {
      System.err.println("could not run stop.sh for the Ceph cluster in " + root + ": " + e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (purge) {
      deleteTree(root);
    } else {
      System.out.println("Ceph cluster stopped; its logs are kept in " + root);
    }
  }

  /**
   * Stops and deletes the clusters whose owning JVM is gone (killed, so its shutdown hook never ran).
   * Clusters of live JVMs, other test runs on this machine included, are left alone.
   */
  void removeAbandonedSiblings() {
    try (Stream<Path> dirs = Files.list(root.getParent())) {
      for (Path d : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX) && !d.equals(root)).toList()) {
        Path owner = d.resolve("owner");
        if (!Files.isRegularFile(owner) || ownerAlive(Files.readString(owner).trim())) {
          continue;
        }
        System.out.println("Removing the Ceph cluster " + d + " left behind by a JVM that is gone");
        new CephClusterDir(d).stop(true);
        deleteTree(d); // without bin/stop.sh start.sh never ran there: nothing to stop
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not look for abandoned Ceph clusters: " + e);
    }
  }

  /** "pid start-instant": a pid alone could have been reused by another process since. */
  private static String ownerId(ProcessHandle process) {
    return process.pid() + " " + process.info().startInstant().map(Instant::toString).orElse("?");
  }

  private static boolean ownerAlive(String ownerId) {
    String[] parts = ownerId.split(" ", 2);
    try {
      return ProcessHandle.of(Long.parseLong(parts[0])).filter(ProcessHandle::isAlive)
          .filter(h -> !zombie(h.pid())).map(h -> ownerId(h).equals(ownerId)).orElse(false);
    } catch (NumberFormatException e) {
      return true; // not ours to judge
    }
  }

  /** A killed process stays a zombie, "alive" to ProcessHandle, until its parent reaps it. */
  private static boolean zombie(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
          .anyMatch(l -> l.startsWith("State:") && l.contains("Z"));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
