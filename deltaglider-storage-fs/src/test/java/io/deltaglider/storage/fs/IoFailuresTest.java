package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.StorageFullException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How I/O failures become the SPI's exceptions (the disk under the temp directory is not nearly full). */
class IoFailuresTest {
  @TempDir Path dir;

  private static final IOException ENOSPC = new FileSystemException("f", null, "No space left on device");

  @Test
  void aFullDiskIsStorageFullAndSaysWhereAndWhat() {
    DeltaStoreException e = IoFailures.writing(dir, "writing", "a/b.zip", ENOSPC, dir);
    assertTrue(e instanceof StorageFullException, e.toString());
    assertEquals("no space left in " + dir + " while writing a/b.zip: f: No space left on device", e.getMessage());
    assertTrue(IoFailures.other(dir, "deleting", "a/b.zip", ENOSPC) instanceof StorageFullException);
  }

  @Test
  void anythingElseIsABackendExceptionAndTheStoresOwnPassThrough() {
    DeltaStoreException e = IoFailures.other(dir, "reading", "a/b.zip", new AccessDeniedException("f"));
    assertTrue(e instanceof BackendException && !(e instanceof StorageFullException), e.toString());
    assertTrue(e.getMessage().startsWith("reading a/b.zip in " + dir + " failed: "), e.getMessage());
    ObjectNotFoundException own = new ObjectNotFoundException("a/b.zip");
    assertSame(own, IoFailures.writing(dir, "writing", "a/b.zip", own, dir));
    assertSame(own, IoFailures.other(dir, "reading", "a/b.zip", own));
  }

  /** setxattr says ENOSPC both on a full disk and for an attribute larger than the filesystem keeps. */
  @Test
  void largeMetadataThatDoesNotFitIsNotCalledAFullDiskAlone() {
    DeltaStoreException big = IoFailures.attaching(dir, "writing", "a/b.zip", ENOSPC, dir, 5000);
    assertTrue(big instanceof BackendException && !(big instanceof StorageFullException), big.toString());
    assertTrue(big.getMessage().contains("(5000 bytes) does not fit in an extended attribute"), big.getMessage());
    assertTrue(IoFailures.attaching(dir, "writing", "a/b.zip", ENOSPC, dir, 500) instanceof StorageFullException);
    assertTrue(IoFailures.attaching(dir, "writing", "a/b.zip", new IOException("other"), dir, 5000)
        .getMessage().contains("failed"));
  }
}
