package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.InvalidKeyException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key to file mapping on its own: core's segment rules plus this backend's file-name limits. */
class KeyPathsTest {
  private static final Path ROOT = Path.of("/store").toAbsolutePath();
  private static final KeyPaths XATTRS = new KeyPaths(ROOT, true, () -> 0);
  private static final KeyPaths SIDECARS = new KeyPaths(ROOT, true, () -> 9);

  @Test
  void aKeyIsOnePathSegmentPerKeySegmentUnderTheRoot() throws Exception {
    assertEquals(ROOT.resolve("a").resolve("b").resolve("c.zip"), XATTRS.pathOf("a/b/c.zip"));
    assertEquals(ROOT.resolve(".x"), XATTRS.pathOf(".x"), "a leading dot is a key's own business");
    assertEquals(ROOT.resolve("\u00e9t\u00e9"), XATTRS.pathOf("\u00e9t\u00e9"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/a", "a/", "a//b", "..", "a/../b", "./a", "a\\b", "a/\u0000", "a/\u0085",
      "a/\u202egnp.exe", "a/\ud800"})
  void whatCoreRefusesIsRefusedHere(String key) {
    assertThrows(InvalidKeyException.class, () -> XATTRS.pathOf(key));
  }

  @Test
  void theReasonIsCoresWording() {
    InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> XATTRS.pathOf("a/x\u202ey"));
    assertTrue(e.getMessage().contains("bidirectional formatting character"), e.getMessage());
    assertFalse(XATTRS.isKeyName("a\\b"));
  }

  @Test
  void ownFileNamesAreNeverKeyNames() {
    assertFalse(XATTRS.isKeyName(AtomicWriter.TEMP_PREFIX + "0123456789abcdef"));
    assertFalse(XATTRS.isKeyName(".x.zip" + SidecarFile.SUFFIX));
    assertFalse(XATTRS.isKeyName(DirectoryLock.LOCK_NAME));
  }

  @Test
  void aKeyOfMoreThan4096CharactersIsRefused() throws Exception {
    String seg = "x".repeat(200);
    String key = String.join("/", java.util.Collections.nCopies(20, seg)); // 4019 characters
    XATTRS.pathOf(key);
    assertThrows(InvalidKeyException.class, () -> XATTRS.pathOf(key + "/" + "y".repeat(100)));
  }

  @Test
  void aFileNameIsAtMost255BytesLessWhatNamesItsSidecar() throws Exception {
    XATTRS.pathOf("x".repeat(255));
    assertEquals("a name of 256 bytes, over the limit of 255 bytes per file name of this filesystem",
        XATTRS.segmentProblem("x".repeat(256)));
    assertEquals(null, XATTRS.segmentProblem("\u00e9".repeat(127)), "254 bytes in UTF-8");
    assertTrue(XATTRS.segmentProblem("\u00e9".repeat(128)).startsWith("a name of 256 bytes"));
    SIDECARS.pathOf("x".repeat(246));
    assertEquals("a name of 247 bytes, over the limit of 246 bytes per file name (the filesystem's 255, less the 9 "
        + "bytes that name the sidecar file)", SIDECARS.segmentProblem("x".repeat(247)));
  }

  @Test
  void aDeltasNameTooLongIsExplainedInTheUsersTerms() {
    String why = XATTRS.segmentProblem("x".repeat(251) + ".zip.delta");
    assertTrue(why.startsWith("the object name is 255 bytes; stored as a delta, with the .delta suffix, its file "
        + "name would be 261 bytes, over the limit of 255"), why);
    assertTrue(why.endsWith("names of objects stored as deltas can be at most 249 bytes"), why);
  }

  @Test
  void withoutUtf8FileNamesOnlyAsciiKeysAreAccepted() throws Exception {
    KeyPaths ascii = new KeyPaths(ROOT, false, () -> 0);
    ascii.pathOf("plain/ascii.zip");
    InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> ascii.pathOf("caf\u00e9.zip"));
    assertTrue(e.getMessage().contains("does not decode file names as UTF-8"), e.getMessage());
  }

  @Test
  void aPrefixStartsInTheDirectoryOfItsLastSlash() {
    assertEquals(new KeyPaths.Prefix(ROOT, "", ""), XATTRS.prefix(""));
    assertEquals(new KeyPaths.Prefix(ROOT.resolve("releases"), "releases/", "ap"), XATTRS.prefix("releases/ap"));
    assertEquals(new KeyPaths.Prefix(ROOT.resolve("a").resolve("b"), "a/b/", ""), XATTRS.prefix("a/b/"));
    assertNull(XATTRS.prefix("a//b"), "no key has an empty segment");
    assertNull(XATTRS.prefix("../x"));
    assertNull(XATTRS.prefix("a/.dg-tmp\\"), "own files are under no prefix");
  }
}
