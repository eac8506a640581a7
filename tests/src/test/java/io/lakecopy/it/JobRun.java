package io.lakecopy.it;

import io.lakecopy.job.JobListener;
import io.lakecopy.cli.LakecopyMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of the real job entry point, in this JVM's local Spark, with its output captured. */
record JobRun(int exitCode, String out, String err) {
  static JobRun run(List<String> args, JobListener listener) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = LakecopyMain.run(args.toArray(String[]::new), o, e, listener);
    }
    JobRun run = new JobRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.println("lakecopy " + String.join(" ", args) + "\n  -> exit " + code + "\n" + run.out + run.err);
    return run;
  }
}
