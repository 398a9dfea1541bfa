package io.deltaglider.storage.fs;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobListings;
import io.deltaglider.spi.BlobQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects under a listing's prefix, for {@link BlobListings#paginate}: walks the tree lazily,
 * depth first, in UTF-8 key order (a directory sorts as its name followed by {@code /}, FORMAT.md
 * section 5.1), reading one directory at a time and skipping subtrees that lie before the start
 * point. With delimiter {@code /}, each directory directly under the prefix yields only its first
 * visible object (the listing rolls it up), so a delimited listing never walks whole subtrees. What
 * is not an object (own files, names no key can have, links, files without valid metadata) is
 * skipped, and so is what cannot be read below the prefix's own directory: one unreadable entry must
 * not stop the listing of everything else (the problem scanner reports it). Not thread-safe; an
 * I/O failure surfaces as {@link UncheckedIOException}.
 */
final class ListingWalker implements Iterator<BlobInfo> {
  private static final Logger log = LoggerFactory.getLogger(ListingWalker.class);

  /** The object under a key at a file, or null: the current {@link MetadataStore}'s answer. */
  interface ObjectAt {
    BlobInfo find(String key, Path file) throws IOException;
  }

  private record Entry(Path path, String sortName, boolean dir) {}

  private static final class Frame {
    final String keyPrefix;
    final List<Entry> entries;
    final boolean base;
    final boolean rollupRoot;
    int next;

    Frame(String keyPrefix, List<Entry> entries, boolean base, boolean rollupRoot) {
      this.keyPrefix = keyPrefix;
      this.entries = entries;
      this.base = base;
      this.rollupRoot = rollupRoot;
    }
  }

  private final FileOps ops;
  private final KeyPaths keys;
  private final ObjectAt objects;
  private final LongAdder directoriesRead;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private final String after;
  private final String rolledUpToken;
  private final boolean rollup;
  private BlobInfo next;
  private boolean done;

  ListingWalker(FileOps ops, KeyPaths keys, ObjectAt objects, LongAdder directoriesRead, KeyPaths.Prefix start,
      BlobQuery q) throws IOException {
    this.ops = ops;
    this.keys = keys;
    this.objects = objects;
    this.directoriesRead = directoriesRead;
    this.after = q.continuationToken() != null ? q.continuationToken() : q.startAfter();
    this.rollup = "/".equals(q.delimiter());
    this.rolledUpToken = rollup && q.continuationToken() != null && q.continuationToken().endsWith("/")
        ? q.continuationToken() : null;
    stack.push(new Frame(start.dirKey(), readDirectory(start.dir(), start.namePrefix(), true), true, false));
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      try {
        next = advance();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      done = next == null;
    }
    return next != null;
  }

  @Override
  public BlobInfo next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    BlobInfo n = next;
    next = null;
    return n;
  }

  private BlobInfo advance() throws IOException {
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next >= f.entries.size()) {
        stack.pop();
        continue;
      }
      Entry e = f.entries.get(f.next++);
      String key = f.keyPrefix + e.sortName();
      if (e.dir()) {
        if (after != null && BlobListings.UTF8_ORDER.compare(key, after) < 0 && !after.startsWith(key)) {
          continue; // the whole subtree is before the start point
        }
        boolean rollupRoot = rollup && f.base;
        if (rollupRoot && key.equals(rolledUpToken)) {
          continue; // the previous page ended with this common prefix
        }
        stack.push(new Frame(key, readDirectory(e.path(), null, false), false, rollupRoot));
        continue;
      }
      if (after != null && BlobListings.UTF8_ORDER.compare(key, after) <= 0) {
        continue;
      }
      BlobInfo info;
      try {
        info = objects.find(key, e.path());
      } catch (FileSystemException unreadable) {
        log.warn("listing skips {}: cannot read it ({})", e.path(), unreadable.toString());
        continue;
      }
      if (info == null) {
        continue;
      }
      if (rollup && !f.base) {
        // One object stands for the whole rolled-up directory: leave it.
        while (!stack.isEmpty()) {
          if (stack.pop().rollupRoot) {
            break;
          }
        }
      }
      return info;
    }
    return null;
  }

  /**
   * The entries of one directory that can hold keys, in key order; {@code startsWith} filters the
   * names in the prefix's own directory ({@code base}), whose failure to read fails the listing.
   */
  private List<Entry> readDirectory(Path dir, String startsWith, boolean base) throws IOException {
    directoriesRead.increment();
    List<Entry> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = ops.openDirectory(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if ((startsWith != null && !name.startsWith(startsWith)) || !keys.isKeyName(name)) {
          continue; // own files (backslash), and names no key can have
        }
        BasicFileAttributes a;
        try {
          a = FileOps.lstat(p);
        } catch (FileSystemException e) {
          log.warn("listing skips {}: cannot look at it ({})", p, e.toString());
          continue;
        }
        if (a == null) {
          continue;
        }
        if (a.isDirectory()) {
          out.add(new Entry(p, name + "/", true));
        } else if (a.isRegularFile()) {
          out.add(new Entry(p, name, false));
        } else if (a.isSymbolicLink()) {
          log.debug("listing skips the symbolic link {}", p);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (FileSystemException | DirectoryIteratorException e) {
      if (base) {
        throw e instanceof DirectoryIteratorException ? ((DirectoryIteratorException) e).getCause() : (IOException) e;
      }
      log.warn("listing skips the directory {}: cannot read it ({})", dir, e.toString());
      return List.of();
    }
    out.sort((x, y) -> BlobListings.UTF8_ORDER.compare(x.sortName(), y.sortName()));
    return out;
  }
}
