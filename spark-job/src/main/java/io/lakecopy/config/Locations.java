package io.lakecopy.config;

import static java.util.Objects.requireNonNull;

import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The places a run reads and writes, checked against each other before anything is written: the run's own
 * outputs (report, ledger, output manifest) never overlap each other, the source or the destination; the
 * destination is never inside the source; with {@code --delete} or {@code --move} the source is not inside the
 * destination either, and no input file lies where the run deletes.
 *
 * <p>Two locations overlap when one is the other or lies under it: {@code s3://}, {@code s3a://} and {@code s3n://}
 * name the same bucket and key; other URIs are compared by scheme, authority and path segments; a plain path is
 * a local file.
 */
public final class Locations {
  /** A URI scheme of two or more characters (one letter is a Windows drive). */
  private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+):");

  private Locations() {}

  /** A place, normalised for comparison: scheme ("s3" for every S3 scheme), authority, and path or key. */
  record Place(String scheme, String authority, String path) {
    Place {
      requireNonNull(scheme, "scheme is null");
      requireNonNull(authority, "authority is null");
      requireNonNull(path, "path is null");
    }

    static Place of(S3Location location) {
      return new Place("s3", location.bucket(), location.key());
    }

    static Place parse(String uri) {
      String s = uri.strip();
      java.util.regex.Matcher m = SCHEME.matcher(s);
      String scheme = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
      if (scheme.equals("s3") || scheme.equals("s3a") || scheme.equals("s3n")) {
        String rest = s.substring(s.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        return new Place("s3", slash < 0 ? rest : rest.substring(0, slash), slash < 0 ? "" : rest.substring(slash + 1));
      }
      if (scheme.isEmpty()) {
        return new Place("file", "", local(s));
      }
      try {
        URI u = URI.create(s);
        String path = u.getPath() == null ? "" : u.getPath();
        return new Place(scheme, u.getAuthority() == null ? "" : u.getAuthority(),
            scheme.equals("file") ? local(path) : path);
      } catch (IllegalArgumentException e) {
        // not a URI (e.g. spaces): compare it as written
        return new Place(scheme, "", s.substring(scheme.length() + 1));
      }
    }

    private static String local(String path) {
      return Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** Whether {@code other} is this place or lies under it (path segments for files; key prefixes for S3). */
    boolean contains(Place other) {
      if (!scheme.equals(other.scheme) || !authority.equals(other.authority)) {
        return false;
      }
      if (scheme.equals("s3")) {
        // an S3 prefix holds every key that starts with it; "" is the whole bucket
        String p = path.isEmpty() || path.endsWith("/") ? path : path + "/";
        return other.path.equals(path) || other.path.startsWith(p);
      }
      String p = path.endsWith("/") ? path : path + "/";
      return other.path.equals(path) || other.path.startsWith(p) || (other.path + "/").equals(p);
    }

    boolean overlaps(Place other) {
      return contains(other) || other.contains(this);
    }
  }

  /** One named place: how messages name it (flag and value). */
  private record Named(String name, Place place) {}

  /**
   * @param source {@code --source}, if given
   * @param dest {@code --dest}
   * @param outputs the run's own outputs, by the flag that names them: report, ledger, output manifest
   * @param inputs files the run reads: manifest, previous manifest, prefixes file
   * @throws LakecopyException INVALID_INPUT naming both flags of the first overlap found
   */
  public static void check(Optional<S3Location> source, S3Location dest, List<Optional<Labelled>> outputs,
      List<Optional<Labelled>> inputs, boolean deletes, boolean moves) {
    Named destination = new Named("--dest (dest.uri) " + dest, Place.of(dest));
    Optional<Named> src = source.map(s -> new Named("--source (source.uri) " + s, Place.of(s)));
    if (src.isPresent()) {
      if (src.get().place().contains(destination.place())) {
        throw LakecopyException.invalidInput("--dest (dest.uri): " + dest + " is " + (dest.equals(source.get())
            ? "the same as" : "inside") + " the source prefix " + source.get()
            + "; copies would land in the source (choose a destination outside it)");
      }
      if ((deletes || moves) && destination.place().contains(src.get().place())) {
        throw overlap(src.get(), destination, "is inside",
            (deletes ? "--delete" : "--move") + " could then delete sources; choose a destination beside the source");
      }
    }
    List<Named> outs = new ArrayList<>();
    for (Optional<Labelled> o : outputs) {
      o.ifPresent(l -> outs.add(new Named(l.flag() + " " + l.uri(), Place.parse(l.uri()))));
    }
    for (int i = 0; i < outs.size(); i++) {
      Named out = outs.get(i);
      for (int j = i + 1; j < outs.size(); j++) {
        if (out.place().overlaps(outs.get(j).place())) {
          throw overlap(out, outs.get(j), "overlaps", "each needs a location of its own");
        }
      }
      if (out.place().overlaps(destination.place())) {
        throw overlap(out, destination, "overlaps", "the run's own files must stay out of the destination prefix");
      }
      if (src.isPresent() && out.place().overlaps(src.get().place())) {
        throw overlap(out, src.get(), "overlaps", "the run's own files must stay out of the source prefix");
      }
    }
    for (Optional<Labelled> in : inputs) {
      if (in.isEmpty()) {
        continue;
      }
      Named input = new Named(in.get().flag() + " " + in.get().uri(), Place.parse(in.get().uri()));
      if (deletes && destination.place().contains(input.place())) {
        throw overlap(input, destination, "is inside", "--delete could delete it");
      }
      if (moves && src.isPresent() && src.get().place().contains(input.place())) {
        throw overlap(input, src.get(), "is inside", "--move could delete it");
      }
      for (Named out : outs) {
        if (out.place().overlaps(input.place())) {
          throw overlap(input, out, "overlaps", "a run never writes where it reads");
        }
      }
    }
  }

  /** A location as the user gave it, with the flag (and config key) that gave it. */
  public record Labelled(String flag, String uri) {
    public Labelled {
      requireNonNull(flag, "flag is null");
      requireNonNull(uri, "uri is null");
    }
  }

  private static LakecopyException overlap(Named a, Named b, String relation, String why) {
    return LakecopyException.invalidInput(a.name() + " " + relation + " " + b.name() + ": " + why);
  }
}
