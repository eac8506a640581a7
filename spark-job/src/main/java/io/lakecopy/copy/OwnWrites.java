package io.lakecopy.copy;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.S3Errors;
import io.lakecopy.s3.S3Location;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deletes a write of this run that must not stay (the copy of a source that changed under it, a copy that failed
 * verification): exactly that write, never what another writer has put at the key since. By the version id the
 * write's response named; else by {@code If-Match} its ETag, but only on a store known to hold a delete to it
 * ({@link DeleteCondition}; the first such delete of an unprobed store runs {@link DeleteConditionProbe} once, next
 * to the key); else the write is kept and the caller's failure names the key, because an unconditional delete could
 * remove another writer's object. Thread-safe: the copy threads of one task share it.
 */
public final class OwnWrites {
  private static final Logger LOG = LoggerFactory.getLogger(OwnWrites.class);

  /** How one write is deleted. */
  enum How {
    /** DeleteObject of the version the write made. */
    BY_VERSION,
    /** DeleteObject with If-Match its ETag, on a store that honours it. */
    IF_MATCH,
    /** The store has not been probed yet: probe it, then decide again. */
    PROBE_FIRST,
    /** Nothing is sent: no delete could be held to this write. */
    KEEP
  }

  private final S3Client dest;
  private final Consumer<AwsRequestOverrideConfiguration.Builder> counted;
  private DeleteCondition condition;

  /**
   * @param condition what the run knows of the store (the driver's probe for runs that delete), or UNKNOWN
   * @param counted the request counter's override, or a no-op
   */
  public OwnWrites(S3Client dest, DeleteCondition condition, Consumer<AwsRequestOverrideConfiguration.Builder> counted) {
    this.dest = requireNonNull(dest, "dest is null");
    this.condition = requireNonNull(condition, "condition is null");
    this.counted = requireNonNull(counted, "counted is null");
  }

  /**
   * How the write with {@code versionId} (null, or "null" on an unversioned bucket) and {@code eTag} is deleted on a
   * store of which {@code condition} is known. Pure.
   */
  static How how(String versionId, String eTag, DeleteCondition condition) {
    if (namesAVersion(versionId)) {
      return How.BY_VERSION;
    }
    if (eTag == null || eTag.isEmpty()) {
      return How.KEEP;
    }
    return switch (condition) {
      case HONOURED -> How.IF_MATCH;
      case IGNORED -> How.KEEP;
      case UNKNOWN -> How.PROBE_FIRST;
    };
  }

  /**
   * Deletes the write at {@code bucket/key}: empty if S3 accepted the delete, else why nothing was deleted (for the
   * object's failure message, which names the key). Retries: SDK only.
   */
  public Optional<String> delete(String bucket, String key, String eTag, String versionId) {
    How how = how(versionId, eTag, known());
    if (how == How.PROBE_FIRST) {
      how = how(versionId, eTag, probe(new S3Location(bucket, parent(key))));
    }
    if (how == How.KEEP) {
      return Optional.of(eTag == null || eTag.isEmpty() ? "the write named neither a version nor an ETag"
          : "the store does not hold DeleteObject to If-Match and the write named no version, so a delete could remove"
              + " another writer's object");
    }
    boolean byVersion = how == How.BY_VERSION;
    try {
      dest.deleteObject(b -> {
        b.bucket(bucket).key(key).overrideConfiguration(counted);
        if (byVersion) {
          b.versionId(versionId);
        } else {
          b.ifMatch(eTag);
        }
      });
      return Optional.empty();
    } catch (SdkException e) {
      return Optional.of("the delete failed (" + S3Errors.describe(e) + ")");
    }
  }

  /** What is known of the store by now (a probe this made included). */
  public synchronized DeleteCondition known() {
    return condition;
  }

  private synchronized DeleteCondition probe(S3Location at) {
    if (condition == DeleteCondition.UNKNOWN) {
      condition = DeleteCondition.of(new DeleteConditionProbe(dest, counted).probe(at));
      LOG.info("s3://{}: If-Match on DeleteObject {}", at.bucket(), condition);
    }
    return condition;
  }

  /** Whether a response named a version ("null" is an unversioned bucket's). Pure. */
  public static boolean namesAVersion(String versionId) {
    return EncryptionVerifier.namesAVersion(versionId);
  }

  /** The key's "directory": where the probe is written, next to the run's own output. Pure. */
  static String parent(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash + 1);
  }
}
