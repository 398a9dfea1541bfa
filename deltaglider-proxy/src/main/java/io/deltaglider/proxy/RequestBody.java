package io.deltaglider.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.Request;

/**
 * Receives an upload's body completely before anything is stored: decodes {@code aws-chunked},
 * counts the bytes against the declared length, and checks Content-MD5, the signed payload hash
 * and {@code x-amz-checksum-*} (header or trailer). A body that fails any check, or a client that
 * goes away mid-body, leaves nothing behind. Memory stays bounded: past {@code memoryLimit} the
 * body goes to a file.
 */
final class RequestBody {
  private static final int BUFFER = 64 * 1024;

  private RequestBody() {}

  /** The body's declared length, before reading it: checked against {@code maxSize}. */
  static long declaredLength(S3Request r, Authenticated auth, long maxSize) {
    long length;
    if (auth.streaming()) {
      String decoded = r.header("x-amz-decoded-content-length");
      if (decoded == null) {
        throw new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH,
            "An aws-chunked body needs the x-amz-decoded-content-length header");
      }
      length = parseLength(decoded);
    } else {
      length = r.jetty.getLength();
      if (length < 0) {
        throw new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH);
      }
    }
    if (length > maxSize) {
      throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE)
          .detail("ProposedSize", Long.toString(length)).detail("MaxSizeAllowed", Long.toString(maxSize));
    }
    return length;
  }

  private static long parseLength(String s) {
    try {
      long n = Long.parseLong(s.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid length: " + s);
  }

  static ReceivedBody receive(S3Request r, Authenticated auth, long maxSize, Path dir, int memoryLimit) {
    long length = declaredLength(r, auth, maxSize);
    byte[] contentMd5 = contentMd5(r.header("Content-MD5"));
    Map<ChecksumKind, byte[]> headerChecksums = headerChecksums(r);
    List<ChecksumKind> trailerChecksums = trailerChecksums(r, auth);
    Map<ChecksumKind, ChecksumKind.Running> running = new LinkedHashMap<>();
    headerChecksums.keySet().forEach(k -> running.put(k, k.start()));
    trailerChecksums.forEach(k -> running.put(k, k.start()));
    MessageDigest md5 = Hashing.md5();
    String signedSha = auth.signedPayloadSha256();
    MessageDigest sha = signedSha != null ? Hashing.sha256() : null;

    Path file = null;
    boolean ok = false;
    try {
      InputStream raw = new BufferedInputStream(Request.asInputStream(r.jetty), BUFFER);
      AwsChunkedInputStream chunked = auth.streaming()
          ? new AwsChunkedInputStream(raw, auth.chunkSignatures(), !trailerChecksums.isEmpty()) : null;
      InputStream in = chunked != null ? chunked : raw;
      ByteArrayOutputStream memory = length <= memoryLimit ? new ByteArrayOutputStream((int) length) : null;
      if (memory == null) {
        file = Files.createTempFile(dir, "body-", ".tmp");
      }
      long count = 0;
      try (OutputStream out = memory != null ? memory : Files.newOutputStream(file)) {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = read(in, buf)) > 0) {
          count += n;
          if (count > length) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The body is longer than its declared length " + length);
          }
          out.write(buf, 0, n);
          md5.update(buf, 0, n);
          if (sha != null) {
            sha.update(buf, 0, n);
          }
          for (ChecksumKind.Running c : running.values()) {
            c.update(buf, 0, n);
          }
        }
      }
      if (count != length) {
        throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY);
      }
      byte[] md5Value = md5.digest();
      if (contentMd5 != null && !MessageDigest.isEqual(contentMd5, md5Value)) {
        throw new S3Exception(S3ErrorCode.BAD_DIGEST)
            .detail("ExpectedDigest", Base64.getEncoder().encodeToString(contentMd5))
            .detail("CalculatedDigest", Base64.getEncoder().encodeToString(md5Value));
      }
      if (sha != null && !Hashing.hex(sha.digest()).equals(signedSha)) {
        throw new S3Exception(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH).detail("ClientComputedContentSHA256", signedSha);
      }
      Map<String, String> matched = new LinkedHashMap<>();
      for (Map.Entry<ChecksumKind, ChecksumKind.Running> e : running.entrySet()) {
        ChecksumKind kind = e.getKey();
        byte[] expected = headerChecksums.containsKey(kind) ? headerChecksums.get(kind)
            : trailerValue(kind, chunked == null ? Map.of() : chunked.trailers());
        byte[] actual = e.getValue().value();
        if (!MessageDigest.isEqual(expected, actual)) {
          throw new S3Exception(S3ErrorCode.BAD_DIGEST, "The " + kind.name() + " you specified did not match the "
              + "calculated checksum.");
        }
        matched.put(kind.headerName(), Base64.getEncoder().encodeToString(actual));
      }
      ok = true;
      return memory != null ? new ReceivedBody(memory.toByteArray(), null, length, Hashing.hex(md5Value), matched)
          : new ReceivedBody(null, file, length, Hashing.hex(md5Value), matched);
    } catch (IOException e) {
      // The client went away, or its connection failed mid-body: it cannot hear an answer anyway.
      throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "The body could not be read in full: " + e.getMessage(), e);
    } finally {
      if (!ok && file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temp file of the work directory; the gateway's own cleanup removes it
        }
      }
    }
  }

  private static int read(InputStream in, byte[] buf) throws IOException {
    int n = in.read(buf, 0, buf.length);
    return n < 0 ? 0 : n == 0 ? read(in, buf) : n;
  }

  private static byte[] contentMd5(String header) {
    if (header == null) {
      return null;
    }
    try {
      byte[] b = Base64.getDecoder().decode(header.strip());
      if (b.length == 16) {
        return b;
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw new S3Exception(S3ErrorCode.INVALID_DIGEST);
  }

  private static Map<ChecksumKind, byte[]> headerChecksums(S3Request r) {
    Map<ChecksumKind, byte[]> out = new LinkedHashMap<>();
    for (var field : r.headerFields()) {
      ChecksumKind kind = ChecksumKind.ofHeader(field.getName());
      if (kind != null) {
        out.put(kind, decodeChecksum(kind, field.getValue()));
      }
    }
    if (out.size() > 1) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Expecting a single x-amz-checksum- header. Multiple checksum "
          + "Types are not allowed.");
    }
    return out;
  }

  private static List<ChecksumKind> trailerChecksums(S3Request r, Authenticated auth) {
    String trailer = r.header("x-amz-trailer");
    if (trailer == null || trailer.isBlank()) {
      return List.of();
    }
    if (!auth.payloadHash().endsWith("-TRAILER")) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "x-amz-trailer needs a STREAMING-...-TRAILER payload");
    }
    List<ChecksumKind> kinds = java.util.Arrays.stream(trailer.split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).map(n -> {
          ChecksumKind k = ChecksumKind.ofHeader(n);
          if (k == null) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Unsupported trailer: " + n);
          }
          return k;
        }).distinct().toList();
    if (kinds.size() > 1) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Expecting a single x-amz-checksum- trailer.");
    }
    return kinds;
  }

  private static byte[] trailerValue(ChecksumKind kind, Map<String, String> trailers) {
    String v = trailers.get(kind.headerName().toLowerCase(Locale.ROOT));
    if (v == null) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The declared trailer " + kind.headerName() + " was not sent");
    }
    return decodeChecksum(kind, v);
  }

  private static byte[] decodeChecksum(ChecksumKind kind, String value) {
    try {
      byte[] b = Base64.getDecoder().decode(value.strip());
      if (b.length == kind.valueLength()) {
        return b;
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Value for " + kind.headerName() + " header is invalid.");
  }
}
