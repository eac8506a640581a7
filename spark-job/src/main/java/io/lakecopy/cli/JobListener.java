package io.lakecopy.cli;

import io.lakecopy.plan.ObjectPlan;
import java.util.List;

/** Hooks into the phases of a run, for progress reporting and tests. */
public interface JobListener {
  JobListener NONE = new JobListener() {};

  /** After planning and starting the multipart uploads, before the first copy request. */
  default void beforeCopy(List<ObjectPlan> plans) {}
}
