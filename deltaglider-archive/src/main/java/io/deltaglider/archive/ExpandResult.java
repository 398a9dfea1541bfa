package io.deltaglider.archive;

/**
 * What {@link ArchiveTransforms#expand} did with one archive.
 *
 * @param originalLength bytes of the archive
 * @param expandedLength bytes of the expanded form written
 * @param recipeLength bytes of the recipe written
 * @param containers gzip, zip and tar containers opened, nested ones included
 * @param deflateStreams deflate streams found
 * @param streamsExpanded streams replaced by their inflated content
 * @param streamsNotReproduced streams kept compressed because no deflate settings tried reproduce them
 * @param streamsBroken streams kept as they are because they are corrupt, truncated, or would inflate
 *     past the {@link ArchiveLimits}; parsing of their container stops there
 */
public record ExpandResult(long originalLength, long expandedLength, long recipeLength, int containers,
    int deflateStreams, int streamsExpanded, int streamsNotReproduced, int streamsBroken) {}
