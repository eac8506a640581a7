package io.lakecopy.it;

import io.lakecopy.testing.RgwService;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Ceph RGW contract classes' server, and the condition that skips them where RGW cannot run: where
 * the Ceph packages are missing, or a cluster cannot start (tried once per JVM), each RGW class is
 * reported as skipped with the reason, never as passed or failed. The decision is made before the class
 * starts, because JUnit reports a class whose {@code @BeforeAll} aborts as neither run nor skipped.
 *
 * <p>Where RGW must run (CI exports {@code LAKECOPY_RGW_REQUIRED=1} once it has installed the packages,
 * or {@code -Dlakecopy.rgw.required=true}), nothing is skipped: missing packages or a cluster that does
 * not start fail the class.
 */
final class RgwFixture implements ExecutionCondition {
  /** Whether RGW can run in this JVM: decided by the first RGW class, then reused. */
  private static volatile ConditionEvaluationResult verdict;

  /**
   * A fixture on a fresh cluster. RGW implements tagging and, as configured by start.sh, a second storage
   * class. RGW 16.2 ignores x-amz-tagging on CreateMultipartUpload (measured: the completed object has no
   * tags); lakecopy finds that on the completed object and sets the tags with PutObjectTagging, so the tags of
   * every copy, single or in parts, are compared.
   */
  static Fixture fixture() {
    if (required()) {
      RgwService.unavailableReason().ifPresent(reason -> {
        throw new IllegalStateException("Ceph RGW is required (LAKECOPY_RGW_REQUIRED) but " + reason);
      });
    }
    RgwService rgw = RgwService.start();
    return new Fixture(rgw, true, true);
  }

  /**
   * Whether the server is the RGW 16.2 (Pacific) whose deviations the RGW subclasses' overrides describe,
   * all measured on 16.2.15. On another version the contract's own tests run, and show what differs there.
   */
  static boolean pacific(Fixture f) {
    return pacific((RgwService) f.server);
  }

  private static boolean pacific(RgwService rgw) {
    return rgw.version().startsWith("16.2.");
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isPresent() || required()) {
      return ConditionEvaluationResult.enabled("Ceph RGW runs here");
    }
    ConditionEvaluationResult known = verdict;
    if (known == null) {
      known = decide();
      verdict = known;
      System.out.println(known.getReason().orElse("")); // once per JVM, on the console beside "Skipped: N"
    }
    return known;
  }

  private static synchronized ConditionEvaluationResult decide() {
    Optional<String> unavailable = RgwService.unavailableReason();
    if (unavailable.isPresent()) {
      return ConditionEvaluationResult.disabled("Ceph RGW contract skipped: " + unavailable.get());
    }
    try (RgwService probe = RgwService.start()) {
      return ConditionEvaluationResult.enabled("a Ceph RGW " + probe.version() + " cluster starts here");
    } catch (RuntimeException e) {
      return ConditionEvaluationResult.disabled("Ceph RGW contract skipped: a cluster could not start here: "
          + e.getMessage());
    }
  }

  static boolean required() {
    return Boolean.getBoolean("lakecopy.rgw.required") || "1".equals(System.getenv("LAKECOPY_RGW_REQUIRED"));
  }
}
