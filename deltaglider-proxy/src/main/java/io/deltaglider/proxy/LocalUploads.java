package io.deltaglider.proxy;

import io.deltaglider.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;

/**
 * Multipart uploads in progress of one gateway, on disk under {@code work/uploads/ID/}: {@code upload.properties}
 * (bucket, key, content type, metadata, time) and each part as {@code part-NNNNN} with its
 * {@code part-NNNNN.properties} (ETag, size, time), each written whole and renamed into place.
 * Memory stays bounded whatever the parts' sizes. Upload ids are 32 random hex digits, checked
 * before they are used in a path. A lock per upload (striped) keeps a completion, an abort and a part
 * from interleaving. The default: no byte of a part makes a second trip through the store's backend.
 */
final class LocalUploads implements Uploads {
  private final Path dir;
  private final Clock clock;
  private final UploadLocks locks;

  LocalUploads(Path work, Clock clock) {
    this.dir = work.resolve("uploads");
    this.locks = new UploadLocks(id -> Files.exists(dir.resolve(id).resolve("upload.properties")));
    this.clock = clock;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Upload create(String bucket, String key, String initiator, PutOptions options) throws IOException {
    String id = Uploads.newId();
    Path d = dir.resolve(id);
    Files.createDirectory(d);
    Properties p = new Properties();
    p.setProperty("bucket", bucket);
    p.setProperty("key", key);
    p.setProperty("initiator", initiator);
    Instant now = clock.instant();
    p.setProperty("initiated", now.toString());
    UploadOptions.save(options, p);
    writeProperties(d.resolve("upload.properties"), p);
    return new Upload(id, bucket, key, initiator, now, options);
  }

  @Override
  public <T> T locked(Upload u, IoAction<T> action) throws IOException {
    return locks.locked(u, action);
  }

  @Override
  public Part putPart(Upload u, int number, ReceivedBody body) throws IOException {
    return locked(u, () -> {
      Path d = dir.resolve(u.id());
      String name = Uploads.partName(number);
      Path data = d.resolve(name);
      Path tmp = Files.createTempFile(d, name, ".tmp");
      body.moveTo(tmp);
      Files.move(tmp, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Properties p = new Properties();
      Instant now = clock.instant();
      p.setProperty("etag", body.md5Hex());
      p.setProperty("size", Long.toString(body.length()));
      p.setProperty("modified", now.toString());
      writeProperties(d.resolve(name + ".properties"), p);
      return new Part(number, body.md5Hex(), body.length(), now);
    });
  }

  @Override
  public List<Part> parts(Upload u) throws IOException {
    Path d = dir.resolve(u.id());
    List<Part> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "part-?????.properties")) {
      for (Path meta : s) {
        String f = meta.getFileName().toString();
        int number = Integer.parseInt(f.substring(5, 10));
        Properties p = readProperties(meta);
        out.add(new Part(number, p.getProperty("etag"), Long.parseLong(p.getProperty("size")),
            Instant.parse(p.getProperty("modified"))));
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw Uploads.noSuchUpload(u.id());
    }
    out.sort((a, b) -> Integer.compare(a.number(), b.number()));
    return out;
  }

  @Override
  public InputStream content(Upload u, List<Part> parts) {
    Path d = dir.resolve(u.id());
    Iterator<Part> it = parts.iterator();
    Enumeration<InputStream> streams = new Enumeration<>() {
      @Override
      public boolean hasMoreElements() {
        return it.hasNext();
      }

      @Override
      public InputStream nextElement() {
        try {
          return Files.newInputStream(d.resolve(Uploads.partName(it.next().number())));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    return parts.isEmpty() ? InputStream.nullInputStream() : new SequenceInputStream(streams);
  }

  @Override
  public void remove(Upload u) throws IOException {
    Path d = dir.resolve(u.id());
    Files.deleteIfExists(d.resolve("upload.properties")); // first: from here on it no longer exists
    FileTrees.deleteRecursively(d);
  }

  @Override
  public List<Upload> all() throws IOException {
    List<Upload> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path d : s) {
        Upload u = load(d.getFileName().toString());
        if (u != null) {
          out.add(u);
        }
      }
    }
    return out;
  }

  @Override
  public Upload load(String id) {
    if (!Uploads.validId(id)) {
      return null;
    }
    try {
      Properties p = readProperties(dir.resolve(id).resolve("upload.properties"));
      return new Upload(id, p.getProperty("bucket"), p.getProperty("key"), p.getProperty("initiator"),
          Instant.parse(p.getProperty("initiated")), UploadOptions.load(p));
    } catch (IOException | RuntimeException e) {
      return null; // gone, or half-written by a crash: not an upload
    }
  }

  private static Properties readProperties(Path f) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(f)) {
      p.load(in);
    }
    return p;
  }

  private static void writeProperties(Path target, Properties p) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, null);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
