package io.lakecopy.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Exact line numbers for text files read in splits, each split by a different task: from how many lines each
 * split holds, the number of each split's first line, counted across the files in their order (the files of a
 * manifest directory form one manifest) and within its own file. Pure; the counts come from a counting pass.
 */
public final class LineNumbers {
  private LineNumbers() {}

  /**
   * One split of one file.
   *
   * @param file the file's position among the manifest's files, from 0
   * @param start the split's first byte in the file
   * @param lines how many lines (records) the split holds, blank ones included
   */
  public record Split(int file, long start, long lines) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Split {
      if (file < 0 || start < 0 || lines < 0) {
        throw new IllegalArgumentException("file, start and lines must be >= 0: " + file + ", " + start + ", " + lines);
      }
    }
  }

  /**
   * A split's first line number: across all files ({@code line}) and within its file ({@code fileLine}), both
   * from 1. A split without lines gets the number its first line would have had.
   */
  public record First(Split split, long line, long fileLine) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Numbers the splits, in any order given; the result is in file order, then split order.
   *
   * @throws IllegalArgumentException if two splits of one file start at the same byte
   */
  public static List<First> number(List<Split> splits) {
    List<Split> sorted = new ArrayList<>(splits);
    sorted.sort(Comparator.comparingInt(Split::file).thenComparingLong(Split::start));
    Set<Split> seen = new HashSet<>();
    List<First> out = new ArrayList<>(sorted.size());
    long line = 1;
    long fileLine = 1;
    int file = -1;
    for (Split s : sorted) {
      if (!seen.add(new Split(s.file(), s.start(), 0))) {
        throw new IllegalArgumentException("two splits of file " + s.file() + " start at byte " + s.start());
      }
      if (s.file() != file) {
        file = s.file();
        fileLine = 1;
      }
      out.add(new First(s, line, fileLine));
      line += s.lines();
      fileLine += s.lines();
    }
    return out;
  }
}
