package io.lakecopy.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Starts a JVM with Spark's module options and (part of) this test JVM's classpath. */
final class ChildJvm {
  private ChildJvm() {}

  static List<String> javaCommand(Predicate<String> keepClasspathEntry, List<String> extraClasspath) {
    List<String> cp = new ArrayList<>(extraClasspath);
    Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).filter(keepClasspathEntry)
        .forEach(cp::add);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // Short-lived JVMs (one run of the job, seconds to a minute): the C1 compiler alone and the serial collector
    // run them with less CPU than C2's compiles and G1's threads would take on a 2-core machine.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.addAll(Arrays.asList(System.getProperty("spark.jvm.opens", "").trim().split("\\s+")));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, cp));
    return command;
  }

  static Process start(List<String> command, Path log, Map<String, String> env) throws IOException {
    return start(command, log, env, false);
  }

  /**
   * @param withoutAwsSettings whether to drop every AWS_* variable of this JVM's environment first, so
   *     that the child's credentials chain sees only what {@code env} gives it
   */
  static Process start(List<String> command, Path log, Map<String, String> env, boolean withoutAwsSettings)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (withoutAwsSettings) {
      pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    }
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    return pb.start();
  }
}
