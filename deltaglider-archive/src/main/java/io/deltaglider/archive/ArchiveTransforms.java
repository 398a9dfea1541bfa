package io.deltaglider.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Expands an archive into a form a delta encoder can see through, and rebuilds the archive from it
 * byte for byte. {@code expand} replaces every deflate stream of a gzip, zip/jar or tar (nested up to
 * {@link ArchiveLimits#maxDepth}) that it can compress back exactly by the stream's inflated bytes,
 * keeping framing next to content in archive order; it writes the expanded form and a small recipe
 * (the deflate settings of the replaced streams, the original's length and CRC-32). {@code rebuild}
 * inverts it. Anything else, streams that cannot be reproduced included, stays as it is, so every
 * input, archive or not, expands and rebuilds exactly. {@code replay} makes a form again from the
 * archive and the layout expand wrote beside it, independently of how this version would expand
 * it. The byte layouts are FORMAT.md section 9.
 *
 * <p>Both directions stream: memory is bounded by the limits (about one
 * {@link ArchiveLimits#memoryBufferBytes} buffer per nesting level, plus fixed buffers), larger
 * compressed streams go to temporary files.
 *
 * <p>Streams are compressed back with the project's pure-Java zlib-exact encoder, never the
 * platform's zlib: an expanded form rebuilds the same bytes on any JVM and machine.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ArchiveTransforms {
  private static final ArchiveTransforms DEFAULT = new ArchiveTransforms(ArchiveLimits.defaults());

  private final ArchiveLimits limits;
  private final DeflateReproducer reproducer = ZlibDeflateReproducer.INSTANCE;

  private ArchiveTransforms(ArchiveLimits limits) {
    this.limits = limits;
  }

  /** Transforms with the default limits. */
  public static ArchiveTransforms create() {
    return DEFAULT;
  }

  /**
   * Transforms with the given limits.
   *
   * @param limits bounds on expansion
   * @return the transforms
   */
  public static ArchiveTransforms withLimits(ArchiveLimits limits) {
    return new ArchiveTransforms(Objects.requireNonNull(limits, "limits"));
  }

  /** The limits expand works within. */
  public ArchiveLimits limits() {
    return limits;
  }

  /**
   * Reads {@code archive} to its end and writes its expanded form to {@code expanded} and its recipe
   * to {@code recipe}. No stream is closed. Never fails for what the bytes are; only I/O fails.
   *
   * @param archive the archive (any bytes)
   * @param expanded where the expanded form goes
   * @param recipe where the recipe goes (written at the end)
   * @return what was done
   * @throws IOException if reading, writing or a temporary file fails
   */
  public ExpandResult expand(InputStream archive, OutputStream expanded, OutputStream recipe) throws IOException {
    return expand(archive, expanded, recipe, null);
  }

  /**
   * {@link #expand(InputStream, OutputStream, OutputStream)}, also writing the form's layout to
   * {@code layout} as the form is written: what {@link #replay} needs to make this very form again
   * from the archive, whatever a later version of expand would make of it (FORMAT.md section 9.9).
   * The layout is at most as long as the form, and usually a small fraction of it.
   *
   * @param archive the archive (any bytes)
   * @param expanded where the expanded form goes
   * @param recipe where the recipe goes (written at the end)
   * @param layout where the layout goes, or null for none
   * @return what was done
   * @throws IOException if reading, writing or a temporary file fails
   */
  public ExpandResult expand(InputStream archive, OutputStream expanded, OutputStream recipe, OutputStream layout)
      throws IOException {
    return expand(archive, expanded, recipe, layout, null, null);
  }

  /**
   * {@link #expand(InputStream, OutputStream, OutputStream, OutputStream)} that takes the settings
   * of streams found in {@code known} from there instead of searching them (the form is the same
   * whenever the search would have found settings), and records the streams it expands in
   * {@code record}.
   *
   * @param archive the archive (any bytes)
   * @param expanded where the expanded form goes
   * @param recipe where the recipe goes (written at the end)
   * @param layout where the layout goes, or null for none
   * @param known streams whose settings are known, or null
   * @param record where the expanded streams are recorded, or null
   * @return what was done
   * @throws IOException if reading, writing or a temporary file fails
   */
  public ExpandResult expand(InputStream archive, OutputStream expanded, OutputStream recipe, OutputStream layout,
      KnownStreams known, KnownStreams record) throws IOException {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(expanded, "expanded");
    Objects.requireNonNull(recipe, "recipe");
    InputTally input = new InputTally(archive);
    RecipeWriter recipeWriter = new RecipeWriter();
    RecordWriter out = new RecordWriter(expanded, recipeWriter, layout);
    ExpandSession session = new ExpandSession(limits, reproducer, out, input, known, record);
    session.expandContent(new ByteSource(input), 0);
    out.finish();
    long recipeLength = recipeWriter.writeTo(recipe, input.count(), input.crc(), out.length());
    recipe.flush();
    return new ExpandResult(input.count(), out.length(), recipeLength, session.containers, session.streamsFound,
        session.streamsExpanded, session.streamsKept, session.streamsBroken);
  }

  /**
   * {@link #expand(InputStream, OutputStream, OutputStream)} of a file.
   *
   * @param archive the archive file
   * @param expanded where the expanded form goes
   * @param recipe where the recipe goes
   * @return what was done
   * @throws IOException if reading, writing or a temporary file fails
   */
  public ExpandResult expand(Path archive, OutputStream expanded, OutputStream recipe) throws IOException {
    try (InputStream in = Files.newInputStream(archive)) {
      return expand(in, expanded, recipe);
    }
  }

  /**
   * Makes the expanded form that {@code layout} (written by
   * {@link #expand(InputStream, OutputStream, OutputStream, OutputStream)}) describes for
   * {@code archive} again, byte for byte, without looking at what the archive contains: no
   * container is parsed and no deflate setting searched, so the result depends only on the two
   * inputs, not on this version's expand, and costs about one inflate of the archive. No stream
   * is closed; on an exception, what was written is not the form.
   *
   * @param archive the archive the layout was made from, read to its end
   * @param layout its layout, read to its end
   * @param expanded where the form goes
   * @param maxExpandedLength the longest form to write: a layout that would make a longer one is refused
   *     before the work for it is done
   * @return the form's length
   * @throws ArchiveFormatException if the layout is malformed or does not fit the archive (another
   *     archive, a damaged one), or the form would be longer than {@code maxExpandedLength}
   * @throws IOException if reading or writing fails
   */
  public long replay(InputStream archive, InputStream layout, OutputStream expanded, long maxExpandedLength)
      throws IOException {
    return replay(archive, layout, expanded, maxExpandedLength, null, null);
  }

  /**
   * {@link #replay(InputStream, InputStream, OutputStream, long)} that also records the form's
   * streams in {@code record}, with their settings from {@code recipe}: the recipe expand wrote
   * with the layout, whose settings reproduced each stream when it was written.
   *
   * @param archive the archive the layout was made from, read to its end
   * @param layout its layout, read to its end
   * @param expanded where the form goes
   * @param maxExpandedLength the longest form to write
   * @param recipe the recipe of the same expand, or null (then nothing is recorded)
   * @param record where the streams are recorded, or null
   * @return the form's length
   * @throws ArchiveFormatException if the layout or recipe is malformed or they do not fit the
   *     archive or each other, or the form would be longer than {@code maxExpandedLength}
   * @throws IOException if reading or writing fails
   */
  public long replay(InputStream archive, InputStream layout, OutputStream expanded, long maxExpandedLength,
      InputStream recipe, KnownStreams record) throws IOException {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(expanded, "expanded");
    RecipeReader settings = recipe != null && record != null ? new RecipeReader(recipe) : null;
    return LayoutReplay.replay(archive, layout, expanded, maxExpandedLength, settings, record);
  }

  /**
   * Writes the original archive that {@code expanded} and {@code recipe} stand for to
   * {@code original}, checking its length and CRC-32 against the recipe. No stream is closed. On an
   * exception, what was written to {@code original} is not the archive and is to be discarded.
   *
   * @param expanded an expanded form
   * @param recipe its recipe
   * @param original where the archive goes
   * @return the archive's length
   * @throws ArchiveFormatException if the form or the recipe is malformed, they do not belong
   *     together, or the recipe names deflate settings this build cannot reproduce
   * @throws IOException if reading or writing fails
   */
  public long rebuild(InputStream expanded, InputStream recipe, OutputStream original) throws IOException {
    return rebuild(expanded, recipe, original, null);
  }

  /**
   * {@link #rebuild(InputStream, InputStream, OutputStream)} that copies the compressed bytes of a
   * stream of {@code known} for each span whose content and settings are that stream's, instead of
   * compressing the span (the same bytes, since compressing is deterministic, without the work).
   *
   * @param expanded an expanded form
   * @param recipe its recipe
   * @param original where the archive goes
   * @param known streams to copy, or null
   * @return the archive's length
   * @throws ArchiveFormatException if the form or the recipe is malformed, they do not belong
   *     together, or the recipe names deflate settings this build cannot reproduce
   * @throws IOException if reading or writing fails
   */
  public long rebuild(InputStream expanded, InputStream recipe, OutputStream original, KnownStreams known)
      throws IOException {
    Objects.requireNonNull(expanded, "expanded");
    Objects.requireNonNull(recipe, "recipe");
    Objects.requireNonNull(original, "original");
    return new Rebuilder(reproducer, known).rebuild(expanded, recipe, original);
  }
}
