package io.deltaglider;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 through the JDK's {@link MessageDigest}: on x86-64 with SHA extensions (and AVX2
 * otherwise) HotSpot intrinsifies it, and the benchmark in {@code benchmarks} measures it against
 * Bouncy Castle's pure-Java digest; the JDK is the faster one there (see BENCHMARKS.md).
 */
final class Sha256 {
  private Sha256() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  static String of(byte[] bytes, int off, int len) {
    MessageDigest d = newDigest();
    d.update(bytes, off, len);
    return hex(d.digest());
  }

  /** A lower-case 64-digit hex string, as the metadata must hold. */
  static boolean isHex(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
