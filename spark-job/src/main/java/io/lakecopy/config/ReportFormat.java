package io.lakecopy.config;

import java.util.Locale;

/** Formats the per-object report can be written in; each is readable with {@code spark.read}. */
public enum ReportFormat {
  JSON,
  CSV,
  PARQUET;

  public String sparkFormat() {
    return name().toLowerCase(Locale.ROOT);
  }
}
