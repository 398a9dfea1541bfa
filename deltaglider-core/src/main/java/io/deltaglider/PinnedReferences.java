package io.deltaglider;

import io.deltaglider.archive.ArchiveFormatException;
import io.deltaglider.archive.ArchiveTransforms;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.spi.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expanded forms of references that archive-aware deltas are made against, pinned by their
 * deltaspace's expansion map (FORMAT.md section 9.9). The first archive-aware put of a deltaspace
 * expands the reference (searching deflate settings) and stores the map with create-if-absent;
 * every later put and every get replays the stored map instead, so the form a delta was made
 * against is the one its readers make, whatever this version's expand would make of the reference
 * now. Forms are cached beside their reference ({@link ReferenceCache}).
 */
final class PinnedReferences {
  private static final Logger LOG = LoggerFactory.getLogger(PinnedReferences.class);
  /** Creations lost to other writers (each then reads the winner's map) before a put gives up. */
  private static final int MAX_ATTEMPTS = 4;

  private final StoreContext ctx;
  private final ArchiveTransforms transforms;

  PinnedReferences(StoreContext ctx) {
    this.ctx = ctx;
    this.transforms = ctx.archiveTransforms;
  }

  /** The map of the deltaspace holding {@code refKey}: {@code reference.bin.delta} beside it. */
  static String mapKeyOf(String refKey) {
    return refKey + ObjectKey.DELTA_SUFFIX;
  }

  /** A stored map that cannot be used for puts: they fall back to plain deltas. */
  static final class Unusable extends IOException {
    private static final long serialVersionUID = 1L;

    Unusable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * For a put against {@code ref} (verified), under the deltaspace's lock: the form pinned by the
   * deltaspace's map, made and stored now if there is none. Null if this store may not create one.
   *
   * @throws Unusable if the stored map is damaged or does not make the form it records
   */
  Expansion forPut(ObjectKey k, Reference ref) throws IOException {
    String refKey = k.referenceKey();
    String mapKey = mapKeyOf(refKey);
    Expansion mine = null;
    try {
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        Optional<BlobInfo> head = ctx.backend.head(mapKey);
        Expansion cached = ctx.cache.getExpanded(refKey, ref.sha256);
        if (head.isPresent()) {
          String storedSha = StoredMetadata.parse(head.get().metadata()).fileSha256();
          if (cached != null && cached.mapSha256 != null && cached.mapSha256.equals(storedSha)) {
            return cached;
          }
          if (mine != null && mine.mapSha256.equals(storedSha)) {
            Expansion won = mine; // another writer stored the same map first
            mine = null;
            return cache(refKey, ref, won);
          }
          byte[] bytes;
          try {
            bytes = read(mapKey);
          } catch (ObjectNotFoundException deleted) {
            continue;
          } catch (ArchiveFormatException e) {
            throw new Unusable(e.getMessage(), e);
          }
          String sha = Sha256.of(bytes, 0, bytes.length);
          if (storedSha != null && !storedSha.equals(sha)) {
            throw new Unusable(mapKey + " does not match its metadata's SHA-256", null);
          }
          ExpansionMap map = parse(mapKey, bytes);
          if (!map.referenceSha256.equals(ref.sha256) || map.referenceLength != ref.size()) {
            removeStale(mapKey, storedSha);
            continue;
          }
          try {
            return cache(refKey, ref, replay(ref, map, bytes, sha));
          } catch (ArchiveFormatException e) {
            throw new Unusable(mapKey + " does not make the form it records: " + e.getMessage(), e);
          }
        }
        if (!ctx.mayCreateReferences()) {
          return null; // two writers could each store a map: only where creation is atomic
        }
        if (mine == null) {
          mine = created(refKey, ref, cached != null && cached.layout != null ? cached : expand(ref));
          if (mine == null) {
            return null;
          }
        }
        try {
          ctx.backend.putIfAbsent(mapKey, Payload.of(mine.map), metadata(mine, k));
        } catch (ObjectExistsException raced) {
          LOG.debug("{}: another writer stored {} first", k, mapKey);
          continue;
        }
        Expansion stored = mine;
        mine = null;
        return cache(refKey, ref, stored);
      }
      throw new BackendException(mapKey + " was created or removed by other writers " + MAX_ATTEMPTS
          + " times while a put was reading it");
    } finally {
      if (mine != null) {
        mine.close(); // a temp file's; a form in the heap stays usable
      }
    }
  }

  /**
   * For a get: the form of the verified reference {@code ref} that the delta with {@code header}
   * was made against. Forms the reader makes are checked against the header by the caller.
   *
   * @throws IntegrityException if the deltaspace's map is missing, is not the one the delta names,
   *     or does not make the form it records
   */
  Expansion forGet(Located loc, Reference ref, ArchiveDeltaHeader header) throws IOException {
    String refKey = loc.referenceKey();
    Expansion cached = ctx.cache.getExpanded(refKey, ref.sha256);
    // The cached form must be the one the header names in every respect, so that a damaged header
    // is refused whatever the cache holds.
    if (cached != null && cached.length == header.expandedSourceLength
        && header.expandedSourceSha256.equals(cached.sha256)
        && (header.mapSha256 == null || header.mapSha256.equals(cached.mapSha256))) {
      return cached;
    }
    if (header.mapSha256 == null) {
      // Written before maps: only this version's expand can make the form (the caller checks it).
      return cache(refKey, ref, expand(ref));
    }
    String mapKey = mapKeyOf(refKey);
    byte[] bytes;
    try {
      bytes = read(mapKey);
    } catch (ObjectNotFoundException e) {
      throw new IntegrityException(loc.key.key, "the expansion map " + mapKey + " its archive-aware delta was made "
          + "with is missing", e);
    } catch (ArchiveFormatException e) {
      throw new IntegrityException(loc.key.key, e.getMessage(), e);
    }
    String sha = Sha256.of(bytes, 0, bytes.length);
    if (!sha.equals(header.mapSha256)) {
      throw new IntegrityException(loc.key.key, "the expansion map " + mapKey + " (SHA-256 " + sha + ") is not the "
          + "one its archive-aware delta was made with (" + header.mapSha256 + ")", (Throwable) null);
    }
    ExpansionMap map;
    try {
      map = ExpansionMap.parse(bytes);
    } catch (ArchiveFormatException e) {
      throw new IntegrityException(loc.key.key, "the expansion map " + mapKey + " is malformed: " + e.getMessage(), e);
    }
    if (!map.referenceSha256.equals(ref.sha256) || map.referenceLength != ref.size()) {
      throw new IntegrityException(loc.key.key, "the expansion map " + mapKey + " describes another reference ("
          + map.referenceSha256 + ", not " + ref.sha256 + ")", (Throwable) null);
    }
    try {
      return cache(refKey, ref, replay(ref, map, bytes, sha));
    } catch (ArchiveFormatException e) {
      throw new IntegrityException(loc.key.key, "the expansion map " + mapKey + " does not make the form it records "
          + "from the reference: " + e.getMessage(), e);
    }
  }

  private Expansion cache(String refKey, Reference ref, Expansion e) {
    ctx.cache.putExpanded(refKey, ref.sha256, e);
    return e;
  }

  private long heapLimit() {
    return Math.max(ctx.memoryThreshold, ctx.cache.admitLimit());
  }

  /** The heap a reference's known streams may take (copied by rebuilds, looked up by expands). */
  private long streamBudget() {
    return heapLimit() / 2;
  }

  /** Expands the reference by searching deflate settings, keeping the layout. */
  private Expansion expand(Reference ref) throws IOException {
    ctx.metrics.referencesExpanded.increment();
    try (InputStream in = ref.open()) {
      return Expansion.of(transforms, in, true, true, heapLimit(), ctx.tempDir, null, streamBudget());
    }
  }

  private Expansion replay(Reference ref, ExpansionMap map, byte[] bytes, String sha) throws IOException {
    ctx.metrics.referencesExpanded.increment();
    try (InputStream in = ref.open()) {
      return Expansion.replay(transforms, in, map, bytes, sha, heapLimit(), ctx.tempDir, streamBudget());
    }
  }

  /** {@code e} with the map that pins it, or null (closing {@code e}) when the map would be too large. */
  private Expansion created(String refKey, Reference ref, Expansion e) throws IOException {
    byte[] map = new ExpansionMap(ref.size(), ref.sha256, e.length, e.sha256, e.recipe, e.layout).toBytes();
    if (map.length > ExpansionMap.MAX_BYTES || e.recipe.length > ArchiveDeltaHeader.MAX_RECIPE) {
      LOG.debug("{} would need an expansion map of {} bytes: no archive-aware deltas against it", refKey,
          map.length);
      e.close();
      return null;
    }
    return e.pinnedBy(map, Sha256.of(map, 0, map.length));
  }

  private Map<String, String> metadata(Expansion pinned, ObjectKey k) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(MetadataNames.TOOL, StoreContext.TOOL);
    meta.put(MetadataNames.FILE_SHA256, pinned.mapSha256);
    meta.put(MetadataNames.FILE_SIZE, Long.toString(pinned.map.length));
    meta.put(MetadataNames.MD5, java.util.HexFormat.of().formatHex(Digests.newMd5().digest(pinned.map)));
    meta.put(MetadataNames.CREATED_AT, ctx.clock.instant().toString());
    meta.put(MetadataNames.NOTE, ExpansionMap.NOTE);
    meta.put(MetadataNames.REF_KEY, k.referenceKey());
    return meta;
  }

  /** A map left by a delete cut short describes an earlier reference: removed if it is still that one. */
  private void removeStale(String mapKey, String staleSha) throws DeltaStoreException {
    Optional<BlobInfo> now = ctx.backend.head(mapKey);
    if (now.isPresent() && staleSha != null && staleSha.equals(StoredMetadata.parse(now.get().metadata()).fileSha256())) {
      LOG.info("removing {}: it describes an earlier reference", mapKey);
      ctx.backend.delete(mapKey);
    }
  }

  private byte[] read(String mapKey) throws IOException {
    try (InputStream in = ctx.backend.get(mapKey)) {
      byte[] b = in.readNBytes(ExpansionMap.MAX_BYTES + 1);
      if (b.length > ExpansionMap.MAX_BYTES) {
        throw new ArchiveFormatException(mapKey + " is larger than any expansion map (" + ExpansionMap.MAX_BYTES
            + " bytes)");
      }
      return b;
    }
  }

  private static ExpansionMap parse(String mapKey, byte[] bytes) throws Unusable {
    try {
      return ExpansionMap.parse(bytes);
    } catch (IOException e) {
      throw new Unusable(mapKey + " is malformed: " + e.getMessage(), e);
    }
  }
}
