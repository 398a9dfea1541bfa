package io.deltaglider.proxy;

import java.time.Instant;
import java.util.Map;

/**
 * What S3 says about an object without its bytes.
 *
 * @param size the original size in bytes
 * @param etag the entity tag, unquoted: the MD5 of the original bytes where the store recorded it
 * @param lastModified when it was stored
 * @param contentType the content type given at upload, or null
 * @param userMetadata {@code x-amz-meta-*} names (without the prefix) to values
 * @param version what identifies this version of the object in the store (its SHA-256, or for
 *     objects the store did not write their size and time), to detect a change between two looks
 */
record ObjectMeta(long size, String etag, Instant lastModified, String contentType, Map<String, String> userMetadata,
    String version) {}
