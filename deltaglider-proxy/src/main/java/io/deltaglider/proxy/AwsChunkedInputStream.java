package io.deltaglider.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes an {@code aws-chunked} request body ({@code SIZE[;chunk-signature=SIG]\r\nDATA\r\n}
 * ..., a zero-size chunk, then optional trailers such as {@code x-amz-checksum-crc32:VALUE} and
 * {@code x-amz-trailer-signature}). With {@link ChunkSignatures} every chunk's signature and the
 * trailer's are checked. Any violation throws {@link S3Exception}; the caller discards everything
 * read, so nothing of a bad body is ever stored. Lines are bounded, so no input makes it buffer
 * without limit.
 */
final class AwsChunkedInputStream extends InputStream {
  private static final int MAX_LINE = 4096;
  private static final int MAX_TRAILERS = 16;

  private final InputStream in;
  private final ChunkSignatures signatures;
  private final boolean trailerExpected;
  private final Map<String, String> trailers = new TreeMap<>();
  private final MessageDigest chunkSha = Hashing.sha256();
  private long remaining = -1; // -1: at a chunk header
  private String chunkSignature;
  private boolean done;

  AwsChunkedInputStream(InputStream in, ChunkSignatures signatures, boolean trailerExpected) {
    this.in = in;
    this.signatures = signatures;
    this.trailerExpected = trailerExpected;
  }

  /** The trailers received (lower-case names), once the stream has ended. */
  Map<String, String> trailers() {
    return trailers;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) {
      return -1;
    }
    if (remaining <= 0) {
      if (remaining == 0) {
        endOfChunk();
      }
      startChunk();
      if (done) {
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new EOFException("aws-chunked body ended inside a chunk");
    }
    if (signatures != null) {
      chunkSha.update(b, off, n);
    }
    remaining -= n;
    return n;
  }

  private void startChunk() throws IOException {
    String header = readLine();
    int semi = header.indexOf(';');
    String size = (semi < 0 ? header : header.substring(0, semi)).strip();
    if (size.isEmpty() || size.length() > 15 || !size.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw malformed("bad chunk size");
    }
    remaining = Long.parseLong(size, 16);
    chunkSignature = null;
    if (semi >= 0) {
      String ext = header.substring(semi + 1).strip();
      if (ext.startsWith("chunk-signature=")) {
        chunkSignature = ext.substring("chunk-signature=".length());
      }
    }
    if (signatures != null && chunkSignature == null) {
      throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "A chunk of the signed aws-chunked body has no signature");
    }
    if (remaining == 0) {
      verifyChunk();
      readTrailers();
      done = true;
    }
  }

  private void endOfChunk() throws IOException {
    if (!readLine().isEmpty()) {
      throw malformed("chunk data is not followed by CRLF");
    }
    verifyChunk();
  }

  private void verifyChunk() {
    if (signatures != null && !signatures.verifyChunk(chunkSignature, chunkSha.digest())) {
      throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "A chunk signature of the aws-chunked body does not match");
    }
  }

  private void readTrailers() throws IOException {
    String trailerSignature = null;
    for (int count = 0; ; count++) {
      String line = readLine();
      if (line.isEmpty()) {
        break;
      }
      if (!trailerExpected || count >= MAX_TRAILERS) {
        throw malformed("unexpected trailer");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw malformed("bad trailer");
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (name.equals("x-amz-trailer-signature")) {
        trailerSignature = value;
      } else if (trailers.put(name, value) != null) {
        throw malformed("a trailer appears twice");
      }
    }
    if (signatures != null && trailerExpected) {
      StringBuilder canonical = new StringBuilder();
      trailers.forEach((n, v) -> canonical.append(n).append(':').append(v).append('\n'));
      if (trailerSignature == null || !signatures.verifyTrailer(trailerSignature, canonical.toString())) {
        throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "The trailer signature of the aws-chunked body does not match");
      }
    }
  }

  /** A line up to CRLF (a bare LF is accepted), without it. */
  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(80);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("aws-chunked body ended early");
      }
      if (c == '\n') {
        byte[] b = line.toByteArray();
        int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_LINE) {
        throw malformed("line too long");
      }
      line.write(c);
    }
  }

  private static S3Exception malformed(String why) {
    return new S3Exception(S3ErrorCode.INVALID_REQUEST, "Malformed aws-chunked body: " + why);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
