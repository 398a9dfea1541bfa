package io.deltaglider.storage.fs;

import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Metadata in a sidecar file {@code .NAME\dg-meta} beside each data file (FORMAT.md section 5.4),
 * for filesystems without user extended attributes. Data file and sidecar are two files, so what
 * keeps them together is the record format ({@link SidecarFile}, {@link SidecarRecord}): a record
 * names the data it describes, and a write commits in two records. Under the directory's
 * {@link DirectoryLock}, the new sidecar (the new data's record first, the current data's second)
 * replaces the old one, then the data file is renamed into place. Readers pick the record that
 * describes the data they find, so before the rename they see the old object and after it the new
 * one; a crash in between leaves the old object (section 5.7). A delete removes the data first: cut
 * short, it leaves a sidecar without data, a leftover, never data without metadata.
 */
final class SidecarMetadata implements MetadataStore {
  private static final int ATTEMPTS = 8;

  private final FileOps ops;
  private final AtomicWriter writer;

  SidecarMetadata(FileOps ops, AtomicWriter writer) {
    this.ops = ops;
    this.writer = writer;
  }

  @Override
  public boolean sidecars() {
    return true;
  }

  /** The leading dot and the suffix that make a sidecar's name from its data file's. */
  @Override
  public int sidecarNameBytes() {
    return 1 + SidecarFile.SUFFIX.length();
  }

  @Override
  public Look look(String key, Path file) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      SidecarRecord before = SidecarRecord.of(ops, file, false);
      if (before == null) {
        return Look.notAFile(file);
      }
      Path sc = SidecarFile.of(file);
      byte[] json;
      try {
        json = SidecarFile.metadataOf(ops, sc, file, before);
      } catch (IllegalArgumentException e) {
        return Look.not(Look.INVALID + ": its sidecar " + sc.getFileName() + " is damaged (" + e.getMessage() + ")");
      }
      if (!before.sameAs(SidecarRecord.of(ops, file, false))) {
        continue; // replaced meanwhile
      }
      if (json == null) {
        if (attempt < 2) {
          continue; // maybe a write switching the pair right now
        }
        return Look.not(Files.exists(sc, LinkOption.NOFOLLOW_LINKS)
            ? "no metadata: its sidecar " + sc.getFileName() + " describes other data (the file was changed, or "
                + "copied without its modification time)"
            : "no metadata: no sidecar " + sc.getFileName());
      }
      return Look.parsed(key, json, before.size, FileTime.from(before.mtimeNanos, TimeUnit.NANOSECONDS));
    }
    throw new IOException(file + " keeps changing while it is read");
  }

  /** The sidecar may have changed since the look: look again. */
  @Override
  public boolean stillThere(String key, Path file) throws IOException {
    return object(key, file) != null;
  }

  /** Nothing travels with the inode: the sidecar is written at {@link #publish}. */
  @Override
  public MetadataStore attach(Path temp, byte[] json) {
    return this;
  }

  /** The two-record commit (see the class comment); create-if-absent is decided under the same lock. */
  @Override
  public void publish(String key, Path target, Path temp, byte[] json, boolean ifAbsent) throws IOException {
    DirectoryLock.hold(ops, target.getParent(), () -> {
      SidecarRecord fresh = SidecarRecord.of(ops, temp, true);
      if (fresh == null) {
        throw new IOException("temp file " + temp + " vanished");
      }
      Path sc = SidecarFile.of(target);
      SidecarRecord current = SidecarRecord.of(ops, target, true);
      byte[] currentJson = null;
      if (current != null) {
        try {
          currentJson = SidecarFile.metadataOf(ops, sc, target, current);
        } catch (IllegalArgumentException damaged) {
          currentJson = null;
        }
      }
      if (ifAbsent && currentJson != null) {
        throw new ObjectExistsException(key);
      }
      List<SidecarFile.Entry> records = new ArrayList<>(2);
      records.add(new SidecarFile.Entry(fresh, json));
      if (currentJson != null) {
        records.add(new SidecarFile.Entry(current, currentJson));
      }
      writer.replaceFile(sc, SidecarFile.format(records));
      try {
        ops.rename(temp, target);
      } catch (IOException | RuntimeException e) {
        if (currentJson == null) {
          // The new sidecar describes data that never arrived: remove it (it is invisible either way).
          try {
            Files.deleteIfExists(sc);
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
        } // else its second record still describes the current data, which stays visible
        throw e;
      }
      return null;
    });
  }

  @Override
  public boolean delete(String key, Path file) throws IOException {
    return DirectoryLock.hold(ops, file.getParent(), () -> {
      if (object(key, file) == null) {
        return false;
      }
      // The data goes first (invisible from then on): a delete cut short leaves a sidecar without
      // data, a leftover that removeLeftovers deletes, never data without metadata, which cannot be
      // told from a damaged object and is kept.
      ops.delete(file);
      ops.delete(SidecarFile.of(file));
      return true;
    });
  }

  /** One record, for the current data, under the lock. */
  @Override
  public void replace(String key, Path file, byte[] json) throws IOException {
    DirectoryLock.hold(ops, file.getParent(), () -> {
      SidecarRecord current = SidecarRecord.of(ops, file, true);
      if (object(key, file) == null || current == null) {
        throw new ObjectNotFoundException(key);
      }
      writer.replaceFile(SidecarFile.of(file), SidecarFile.format(List.of(new SidecarFile.Entry(current, json))));
      return null;
    });
  }
}
