package io.lakecopy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a Spark event log says of a run, by job description (lakecopy names each phase): tasks, shuffle bytes
 * written, records written by its output, and the largest execution memory (sort and aggregation buffers, which
 * Spark's memory manager bounds) one task used.
 */
record EventLogFigures(Map<String, long[]> byPhase) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the one event log in {@code dir}. */
  static EventLogFigures of(Path dir) throws Exception {
    Path log;
    try (var files = Files.list(dir)) {
      log = files.filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
          "no event log in " + dir));
    }
    Map<Integer, String> stagePhase = new HashMap<>();
    Map<String, long[]> phases = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode e = JSON.readTree(line);
        String event = e.path("Event").asText();
        if (event.equals("SparkListenerJobStart")) {
          String phase = e.path("Properties").path("spark.job.description").asText("(no description)");
          for (JsonNode id : e.path("Stage IDs")) {
            stagePhase.put(id.asInt(), phase);
          }
        } else if (event.equals("SparkListenerTaskEnd")) {
          String phase = stagePhase.getOrDefault(e.path("Stage ID").asInt(), "(unknown)");
          long[] f = phases.computeIfAbsent(phase, k -> new long[4]);
          JsonNode m = e.path("Task Metrics");
          f[0]++;
          f[1] += m.path("Shuffle Write Metrics").path("Shuffle Bytes Written").asLong();
          f[2] += m.path("Output Metrics").path("Records Written").asLong();
          f[3] = Math.max(f[3], m.path("Peak Execution Memory").asLong());
        }
      }
    }
    return new EventLogFigures(phases);
  }

  String describe() {
    StringBuilder b = new StringBuilder("Spark, by phase (tasks, shuffle bytes written, records written, peak"
        + " execution memory of a task):");
    long tasks = 0;
    long shuffle = 0;
    for (Map.Entry<String, long[]> p : byPhase.entrySet()) {
      long[] f = p.getValue();
      tasks += f[0];
      shuffle += f[1];
      b.append(String.format(Locale.ROOT, "%n  %-28s %,9d tasks %,12.1f MiB shuffled %,12d records written %,8.1f MiB",
          p.getKey(), f[0], f[1] / 1048576.0, f[2], f[3] / 1048576.0));
    }
    return b.append(String.format(Locale.ROOT, "%n  %-28s %,9d tasks %,12.1f MiB shuffled", "all", tasks,
        shuffle / 1048576.0)).toString();
  }
}
