package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Known streams change how much work expand and rebuild do, never what they make: the same form
 * and recipe with and without them, the same archive rebuilt, the search skipped for the streams
 * a new release shares with the old, and a known stream that lies about its bytes caught by the
 * rebuild's own checks.
 */
class KnownStreamsTest {
  static final byte[] A = Samples.text(1, 40_000);
  static final byte[] B = Samples.text(2, 9_000);
  static final byte[] C = Samples.text(3, 70_000);
  static final byte[] OLD = Samples.gzip(new TarWriter().file("lib/app.jar", Samples.zip(6, "a", A, "b", B, "c", C))
      .file("lib/other.jar", Samples.zip(1, "x", Samples.text(4, 5000))).finish());
  static final byte[] NEW = Samples.gzip(new TarWriter().file("lib/app.jar", Samples.zip(6, "a", A, "b",
      Samples.text(5, 9_000), "c", C)).file("lib/other.jar", Samples.zip(1, "x", Samples.text(4, 5000))).finish());

  record Made(byte[] form, byte[] recipe, ExpandResult result) {}

  static Made expand(byte[] archive, KnownStreams known, KnownStreams record) throws IOException {
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    ByteArrayOutputStream recipe = new ByteArrayOutputStream();
    ExpandResult r = ArchiveTransforms.create().expand(new ByteArrayInputStream(archive), form, recipe, null, known,
        record);
    return new Made(form.toByteArray(), recipe.toByteArray(), r);
  }

  static byte[] rebuild(Made m, KnownStreams known) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArchiveTransforms.create().rebuild(new ByteArrayInputStream(m.form), new ByteArrayInputStream(m.recipe), out, known);
    return out.toByteArray();
  }

  @Test
  void theSameFormAndArchiveWithAndWithoutKnownStreams() throws Exception {
    KnownStreams old = KnownStreams.create(1 << 20);
    Made o = expand(OLD, null, old);
    assertEquals(o.result.streamsExpanded(), old.size(), "every stream of the old release recorded");
    Made plain = expand(NEW, null, null);
    Made reused = expand(NEW, old, null);
    assertArrayEquals(plain.form, reused.form);
    assertArrayEquals(plain.recipe, reused.recipe);
    assertArrayEquals(NEW, rebuild(reused, old));
    assertArrayEquals(NEW, rebuild(reused, null));
    assertArrayEquals(OLD, rebuild(o, old));
  }

  @Test
  void sharedStreamsAreNotSearched() throws Exception {
    KnownStreams old = KnownStreams.create(1 << 20);
    expand(OLD, null, old);
    byte[] sharedStream = Samples.deflate(A, 6, 0);
    assertNotNull(old.paramsOf(KnownStreams.sha256(sharedStream, 0, sharedStream.length)));
    byte[] changed = Samples.deflate(Samples.text(5, 9_000), 6, 0);
    assertNull(old.paramsOf(KnownStreams.sha256(changed, 0, changed.length)));
    assertNotNull(old.compressed(KnownStreams.sha256(A, 0, A.length), StreamParams.of(6)));
    assertNull(old.compressed(KnownStreams.sha256(A, 0, A.length), StreamParams.of(9)), "keyed by settings too");
  }

  @Test
  void replayRecordsTheStreamsTheSearchRecorded() throws Exception {
    KnownStreams searched = KnownStreams.create(1 << 20);
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    ByteArrayOutputStream recipe = new ByteArrayOutputStream();
    ByteArrayOutputStream layout = new ByteArrayOutputStream();
    ArchiveTransforms.create().expand(new ByteArrayInputStream(OLD), form, recipe, layout, null, searched);
    KnownStreams replayed = KnownStreams.create(1 << 20);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    ArchiveTransforms.create().replay(new ByteArrayInputStream(OLD), new ByteArrayInputStream(layout.toByteArray()),
        again, form.size(), new ByteArrayInputStream(recipe.toByteArray()), replayed);
    assertArrayEquals(form.toByteArray(), again.toByteArray());
    assertEquals(searched.size(), replayed.size());
    assertEquals(searched.bytes(), replayed.bytes());
    Made reused = expand(NEW, replayed, null);
    assertArrayEquals(NEW, rebuild(reused, replayed));
  }

  @Test
  void aRecipeThatDoesNotFitTheLayoutIsRefused() throws Exception {
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    ByteArrayOutputStream layout = new ByteArrayOutputStream();
    ArchiveTransforms.create().expand(new ByteArrayInputStream(OLD), form, new ByteArrayOutputStream(), layout);
    ByteArrayOutputStream otherRecipe = new ByteArrayOutputStream();
    ArchiveTransforms.create().expand(new ByteArrayInputStream(Samples.gzip(A)), new ByteArrayOutputStream(),
        otherRecipe);
    assertThrows(ArchiveFormatException.class, () -> ArchiveTransforms.create().replay(new ByteArrayInputStream(OLD),
        new ByteArrayInputStream(layout.toByteArray()), new ByteArrayOutputStream(), form.size(),
        new ByteArrayInputStream(otherRecipe.toByteArray()), KnownStreams.create(1 << 20)));
  }

  @Test
  void aKnownStreamWithWrongBytesIsCaughtByTheRebuild() throws Exception {
    KnownStreams lying = KnownStreams.create(1 << 20);
    byte[] wrong = Samples.deflate(A, 1, 0); // A's content, but not what level 6 makes of it
    lying.add(KnownStreams.sha256(A, 0, A.length), StreamParams.of(6), wrong);
    Made m = expand(NEW, null, null);
    ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> rebuild(m, lying));
    assertTrue(e.getMessage().contains("original"), e.getMessage());
  }

  @Test
  void theBudgetBoundsWhatIsKept() throws Exception {
    KnownStreams small = KnownStreams.create(5_000);
    expand(OLD, null, small);
    assertTrue(small.bytes() <= 5_000, small.bytes() + " bytes");
    KnownStreams none = KnownStreams.create(0);
    expand(OLD, null, none);
    assertEquals(0, none.size());
    assertThrows(IllegalArgumentException.class, () -> KnownStreams.create(-1));
  }

  @Test
  void streamsBeyondTheHeapBudgetGoToATempFileDeletedOnClose(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    KnownStreams spilling = KnownStreams.spilling(5_000, dir);
    Made o = expand(OLD, null, spilling);
    assertEquals(o.result.streamsExpanded(), spilling.size(), "every stream kept, most of them in the file");
    assertTrue(spilling.spilled());
    assertTrue(spilling.bytes() <= 5_000);
    assertEquals(1, java.nio.file.Files.list(dir).count());
    Made reused = expand(NEW, spilling, null);
    assertArrayEquals(NEW, rebuild(reused, spilling));
    spilling.close();
    assertEquals(0, java.nio.file.Files.list(dir).count(), "the file is gone");
    assertThrows(IOException.class, () -> rebuild(reused, spilling), "its streams with it");
  }
}
