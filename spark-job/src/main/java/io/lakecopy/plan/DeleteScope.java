package io.lakecopy.plan;

import io.lakecopy.config.ObjectFilter;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which destination objects {@code --delete} may remove: exactly those in scope of the run's selection that no
 * listed source maps to. Pure; the same rule serves the real run, the dry run and the {@code --max-delete} check.
 *
 * <p>A destination object (its key relative to {@code --dest}) is a deletion candidate only if all hold:
 * <ol>
 *   <li>no source object listed under {@code --source} maps to its key - whatever the filters say, so a
 *       destination copy of a source that a size, time, pattern or {@code --previous-manifest} filter left out is
 *       never deleted;
 *   <li>it is not the completion marker;
 *   <li>the source key it maps back to (the same key relative to {@code --source}: the inverse of the identity key
 *       mapping) is under one of the {@code --src-prefixes-file} prefixes, passes {@code --include/--exclude}
 *       and {@code --src-pattern};
 *   <li>its own size passes {@code --min-size/--max-size} and its own last-modified time passes
 *       {@code --modified-after/--modified-before} (a copy is never older than its source).
 * </ol>
 * With {@code --dest-key-regex} or {@code --flatten} there is no inverse mapping: the configuration refuses
 * {@code --delete} together with any key filter then (see ConfigLoader), so rule 3 has nothing to check.
 */
public final class DeleteScope implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String sourcePrefixKey;
  private final ObjectFilter filter;
  private final List<String> sourcePrefixes;
  /** The marker key relative to --dest, or null (Optional is not serializable, and this travels to executors). */
  private final String marker;

  /**
   * @param sourcePrefixKey the key of {@code --source} (with its trailing slash, or empty)
   * @param sourcePrefixes the {@code --src-prefixes-file} prefixes relative to {@code --source}; empty = all
   * @param marker the completion marker key relative to {@code --dest}, if any
   */
  public DeleteScope(String sourcePrefixKey, ObjectFilter filter, List<String> sourcePrefixes,
      Optional<String> marker) {
    this.sourcePrefixKey = requireNonNull(sourcePrefixKey, "sourcePrefixKey is null");
    this.filter = requireNonNull(filter, "filter is null");
    this.sourcePrefixes = List.copyOf(sourcePrefixes);
    this.marker = requireNonNull(marker, "marker is null").orElse(null);
  }

  /**
   * Why the destination object is kept, or empty if {@code --delete} removes it.
   *
   * @param relativeKey the destination key relative to {@code --dest}
   * @param lastModified as listed; null if unknown (then a time filter keeps it)
   * @param sourceMapsHere whether any listed source object, filtered out or not, maps to this key
   */
  public Optional<String> keepReason(String relativeKey, long sizeBytes, Instant lastModified,
      boolean sourceMapsHere) {
    requireNonNull(relativeKey, "relativeKey is null");
    if (sourceMapsHere) {
      return Optional.of("a source maps to it");
    }
    if (relativeKey.equals(marker)) {
      return Optional.of("the completion marker");
    }
    if (!sourcePrefixes.isEmpty() && sourcePrefixes.stream().noneMatch(relativeKey::startsWith)) {
      return Optional.of("not under a --src-prefixes-file prefix");
    }
    if (!filter.acceptsKey(sourcePrefixKey + relativeKey, relativeKey)) {
      return Optional.of("excluded by the key filters");
    }
    if (!filter.acceptsAttributes(sizeBytes, lastModified)) {
      return Optional.of("outside the size or time filters");
    }
    return Optional.empty();
  }

  /** Whether {@code --delete} removes the destination object; see {@link #keepReason}. */
  public boolean deletes(String relativeKey, long sizeBytes, Instant lastModified, boolean sourceMapsHere) {
    return keepReason(relativeKey, sizeBytes, lastModified, sourceMapsHere).isEmpty();
  }
}
