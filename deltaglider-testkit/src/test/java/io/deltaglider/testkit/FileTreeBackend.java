package io.deltaglider.testkit;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobListings;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A minimal filesystem backend for tests whose objects do not fit in the heap: bytes under
 * {@code data/<key>}, metadata as properties under {@code meta/<key>}, writes via a temp file
 * and an atomic move. Create-if-absent is atomic only within this JVM.
 */
final class FileTreeBackend implements StorageBackend {
  private final Path data;
  private final Path meta;
  private final Path tmp;

  FileTreeBackend(Path root) throws IOException {
    this.data = Files.createDirectories(root.resolve("data"));
    this.meta = Files.createDirectories(root.resolve("meta"));
    this.tmp = Files.createDirectories(root.resolve("tmp"));
  }

  private static DeltaStoreException fail(String what, IOException e) {
    return new BackendException(what + " failed: " + e, e);
  }

  private void writeMeta(String key, Map<String, String> metadata) throws IOException {
    Properties p = new Properties();
    p.putAll(metadata);
    Path t = Files.createTempFile(tmp, "meta", ".tmp");
    try (Writer w = Files.newBufferedWriter(t, StandardCharsets.UTF_8)) {
      p.store(w, null);
    }
    Path target = meta.resolve(key);
    Files.createDirectories(target.getParent());
    Files.move(t, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public synchronized void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    try {
      Path t = Files.createTempFile(tmp, "data", ".tmp");
      if (content.file() != null) {
        Files.copy(content.file(), t, StandardCopyOption.REPLACE_EXISTING);
      } else {
        try (InputStream in = content.open(); OutputStream out = Files.newOutputStream(t)) {
          in.transferTo(out);
        }
      }
      if (Files.size(t) != content.length()) {
        Files.delete(t);
        throw new BackendException("payload for " + key + " is not " + content.length() + " bytes long");
      }
      writeMeta(key, metadata);
      Path target = data.resolve(key);
      Files.createDirectories(target.getParent());
      Files.move(t, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw e instanceof DeltaStoreException ? (DeltaStoreException) e : fail("put " + key, e);
    }
  }

  @Override
  public synchronized void putIfAbsent(String key, Payload content, Map<String, String> metadata)
      throws DeltaStoreException {
    if (Files.exists(data.resolve(key))) {
      throw new ObjectExistsException(key);
    }
    put(key, content, metadata);
  }

  @Override
  public boolean supportsAtomicPutIfAbsent() {
    return false;
  }

  private Map<String, String> readMeta(String key) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(meta.resolve(key), StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      return Map.of();
    }
    Map<String, String> m = new TreeMap<>();
    p.forEach((k, v) -> m.put((String) k, (String) v));
    return m;
  }

  @Override
  public Optional<BlobInfo> head(String key) throws DeltaStoreException {
    Path f = data.resolve(key);
    try {
      if (!Files.isRegularFile(f)) {
        return Optional.empty();
      }
      return Optional.of(new BlobInfo(key, Files.size(f), readMeta(key), Files.getLastModifiedTime(f).toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw fail("head " + key, e);
    }
  }

  @Override
  public InputStream get(String key) throws DeltaStoreException {
    try {
      return Files.newInputStream(data.resolve(key));
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(key);
    } catch (IOException e) {
      throw fail("get " + key, e);
    }
  }

  @Override
  public synchronized boolean delete(String key) throws DeltaStoreException {
    try {
      Files.deleteIfExists(meta.resolve(key));
      return Files.deleteIfExists(data.resolve(key));
    } catch (IOException e) {
      throw fail("delete " + key, e);
    }
  }

  @Override
  public BlobPage list(BlobQuery query) throws DeltaStoreException {
    List<String> keys = new ArrayList<>();
    try (Stream<Path> files = Files.walk(data)) {
      files.filter(Files::isRegularFile).forEach(f -> keys.add(data.relativize(f).toString().replace('\\', '/')));
    } catch (IOException e) {
      throw fail("list", e);
    }
    keys.sort(BlobListings.UTF8_ORDER);
    List<BlobInfo> infos = new ArrayList<>();
    for (String k : keys) {
      if (k.startsWith(query.prefix())) {
        head(k).ifPresent(infos::add);
      }
    }
    return BlobListings.paginate(infos.iterator(), query);
  }

  @Override
  public synchronized void replaceMetadata(String key, Map<String, String> metadata) throws DeltaStoreException {
    if (!Files.exists(data.resolve(key))) {
      throw new ObjectNotFoundException(key);
    }
    try {
      writeMeta(key, metadata);
    } catch (IOException e) {
      throw fail("replace metadata of " + key, e);
    }
  }

  @Override
  public String describe() {
    return "files:" + data.getParent();
  }
}
