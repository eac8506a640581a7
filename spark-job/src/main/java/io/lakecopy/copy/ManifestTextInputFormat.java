package io.lakecopy.copy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Hadoop's text input over exactly the files named, in the order named. {@code FileInputFormat} would expand
 * each path as a glob (a manifest called {@code keys[1].txt} would not match itself) and drop files whose names
 * start with {@code _} or {@code .} even when named on purpose; the caller has already listed directories.
 * Lines end at the record delimiter the configuration sets ({@code textinputformat.record.delimiter}).
 */
public final class ManifestTextInputFormat extends TextInputFormat {
  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    for (Path p : getInputPaths(job)) {
      files.add(p.getFileSystem(job.getConfiguration()).getFileStatus(p));
    }
    return files;
  }
}
