package io.lakecopy.config;

import java.util.Locale;

/** How a manifest is read (see --manifest-format). */
public enum ManifestFormat {
  /** CSV for names ending in .csv, lines otherwise. */
  AUTO,
  /** One s3://bucket/key, or a key relative to --source, per line. */
  LINES,
  /** S3 Batch Operations CSV, or CSV with a header row naming the columns. */
  CSV;

  /** The format to read {@code manifest} with. */
  public ManifestFormat resolve(String manifest) {
    if (this != AUTO) {
      return this;
    }
    return manifest.toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : LINES;
  }
}
