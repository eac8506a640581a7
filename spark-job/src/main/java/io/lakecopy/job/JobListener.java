package io.lakecopy.job;

/** Hooks into the phases of a run, for progress reporting and embedding (e.g. an orchestrator's progress bar). */
public interface JobListener {
  JobListener NONE = new JobListener() {};

  /** After a wave's driver-owned uploads are started, before its first copy request. */
  default void beforeCopy(int wave) {}
}
