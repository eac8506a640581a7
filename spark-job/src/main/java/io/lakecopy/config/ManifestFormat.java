package io.lakecopy.config;

import java.util.Locale;

/** How a manifest is read (see --manifest-format). */
public enum ManifestFormat {
  /** INVENTORY for names ending in manifest.json, CSV for .csv, lines otherwise. */
  AUTO,
  /** One s3://bucket/key, or a key relative to --source, per line. */
  LINES,
  /** S3 Batch Operations CSV, or CSV with a header row naming the columns. */
  CSV,
  /** An S3 Inventory manifest.json; its CSV, Parquet or ORC data files are read with Spark. */
  INVENTORY;

  /** The format to read {@code manifest} with. */
  public ManifestFormat resolve(String manifest) {
    if (this != AUTO) {
      return this;
    }
    String name = manifest.toLowerCase(Locale.ROOT);
    return name.endsWith("manifest.json") ? INVENTORY : name.endsWith(".csv") ? CSV : LINES;
  }
}
