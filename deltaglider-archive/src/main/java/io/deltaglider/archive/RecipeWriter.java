package io.deltaglider.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Collects the deflate settings of the expanded streams, in the order of their BEGIN records, as
 * runs of equal settings (an archive made by one tool needs one run), and writes the recipe.
 */
final class RecipeWriter {
  private final ByteArrayOutputStream runs = new ByteArrayOutputStream();
  private long runCount;
  private StreamParams current;
  private long currentCount;

  void add(StreamParams p) {
    if (p.equals(current)) {
      currentCount++;
      return;
    }
    closeRun();
    current = p;
    currentCount = 1;
  }

  private void closeRun() {
    if (current == null) {
      return;
    }
    try {
      Varints.write(runs, currentCount);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    runs.write(current.packedLevel());
    runs.write(current.packedWindow());
    runCount++;
    current = null;
  }

  /** Writes the recipe (FORMAT.md section 9.4) and returns its length. */
  long writeTo(OutputStream out, long originalLength, long originalCrc, long canonicalLength) throws IOException {
    closeRun();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write(Canonical.RECIPE_MAGIC);
    Varints.write(head, 0); // flags, none defined
    Varints.write(head, originalLength);
    for (int shift = 24; shift >= 0; shift -= 8) {
      head.write((int) (originalCrc >>> shift));
    }
    Varints.write(head, canonicalLength);
    Varints.write(head, runCount);
    head.writeTo(out);
    runs.writeTo(out);
    return (long) head.size() + runs.size();
  }
}
