package io.lakecopy.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** Classpaths and JVM options for child JVMs that run Spark the way a cluster does. */
public final class Classpaths {
  private Classpaths() {}

  /**
   * Whether a classpath entry of this JVM is something a Spark cluster provides: everything but what
   * the shaded lakecopy jar carries itself (the AWS SDK, the HTTP client, picocli), lakecopy's own
   * classes and test-only libraries.
   */
  public static boolean clusterProvided(String entry) {
    String e = entry.replace(File.separatorChar, '/');
    return !(e.contains("/software/amazon/") || e.contains("/info/picocli/") || e.contains("/httpcomponents/client5/")
        || e.contains("/httpcomponents/core5/") || e.contains("/reactivestreams/") || e.contains("/spark-job/")
        || e.contains("/io/lakecopy/") || e.contains("/tests/target/") || e.contains("/junit/")
        || e.contains("/assertj/") || e.contains("/com/amazonaws/"));
  }

  /** {@code java <Spark's module options> -cp <cluster-provided entries of this JVM + extra>}. */
  public static List<String> sparkJavaCommand(List<String> extraClasspath, String heap) {
    List<String> cp = new ArrayList<>(extraClasspath);
    Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).filter(Classpaths::clusterProvided)
        .forEach(cp::add);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(Arrays.asList(buildProperty("spark.jvm.opens").trim().split("\\s+")));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, cp));
    return command;
  }

  /** {@code java <Spark's module options> -cp <this JVM's whole classpath>}: lakecopy's classes unshaded. */
  public static List<String> javaCommand(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(Arrays.asList(buildProperty("spark.jvm.opens").trim().split("\\s+")));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    return command;
  }

  /** A property the build filtered into {@code lakecopy-build.properties}. */
  public static String buildProperty(String name) {
    Properties p = new Properties();
    try (InputStream in = Classpaths.class.getResourceAsStream("/lakecopy-build.properties")) {
      if (in == null) {
        throw new IllegalStateException("lakecopy-build.properties missing: build the tests module with Maven");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty(name, "");
  }
}
