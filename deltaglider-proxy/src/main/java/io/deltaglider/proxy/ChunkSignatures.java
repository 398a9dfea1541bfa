package io.deltaglider.proxy;

/**
 * The rolling signatures of an {@code aws-chunked} body signed with
 * {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]}: each chunk's signature covers its bytes
 * and the previous signature, starting from the request's own, so chunks can be neither changed,
 * dropped nor reordered. Not thread-safe (one per request).
 */
final class ChunkSignatures {
  private final byte[] signingKey;
  private final String amzDate;
  private final String scope;
  private String previous;

  ChunkSignatures(byte[] signingKey, String amzDate, String scope, String seedSignature) {
    this.signingKey = signingKey;
    this.amzDate = amzDate;
    this.scope = scope;
    this.previous = seedSignature;
  }

  /** Checks one chunk's signature and moves on; false if it does not match. */
  boolean verifyChunk(String claimed, byte[] chunkSha256) {
    return verify(claimed, "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
        + Hashing.EMPTY_SHA256 + "\n" + Hashing.hex(chunkSha256));
  }

  /** Checks the trailer's signature over its canonical form ({@code name:value\n}, sorted). */
  boolean verifyTrailer(String claimed, String canonicalTrailer) {
    return verify(claimed, "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
        + Hashing.sha256Hex(canonicalTrailer));
  }

  private boolean verify(String claimed, String stringToSign) {
    String expected = Hashing.hex(Hashing.hmac(signingKey, stringToSign));
    boolean ok = Hashing.sameSignature(expected, claimed);
    previous = expected;
    return ok;
  }
}
