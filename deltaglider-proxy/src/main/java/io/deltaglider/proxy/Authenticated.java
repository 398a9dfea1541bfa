package io.deltaglider.proxy;

/**
 * Who sent a request, and what its signature says about the body.
 *
 * @param key the access key that signed it, or {@link AccessKey#ANONYMOUS}
 * @param payloadHash the {@code x-amz-content-sha256} the request was signed with
 *     ({@code UNSIGNED-PAYLOAD} for presigned and anonymous requests)
 * @param chunkSignatures the chunk signer of a signed {@code aws-chunked} body, or null
 */
record Authenticated(AccessKey key, String payloadHash, ChunkSignatures chunkSignatures) {
  static final String UNSIGNED = "UNSIGNED-PAYLOAD";
  static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
  static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

  static Authenticated anonymous() {
    return new Authenticated(AccessKey.ANONYMOUS, UNSIGNED, null);
  }

  /** Whether the body is {@code aws-chunked} according to the signature. */
  boolean streaming() {
    return payloadHash.startsWith("STREAMING-");
  }

  /** The body's SHA-256 the signature covers (lower-case hex), or null if it covers none. */
  String signedPayloadSha256() {
    return payloadHash.length() == 64 ? payloadHash.toLowerCase(java.util.Locale.ROOT) : null;
  }
}
