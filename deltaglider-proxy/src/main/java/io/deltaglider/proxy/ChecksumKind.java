package io.deltaglider.proxy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The {@code x-amz-checksum-*} algorithms S3 clients send (the AWS SDKs send CRC32 by default). */
enum ChecksumKind {
  CRC32(4), CRC32C(4), SHA1(20), SHA256(32);

  private final int bytes;

  ChecksumKind(int bytes) {
    this.bytes = bytes;
  }

  /** The header (and trailer) name: {@code x-amz-checksum-crc32}, ... */
  String headerName() {
    return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
  }

  /** Length of the decoded value in bytes. */
  int valueLength() {
    return bytes;
  }

  /** The algorithm a header or trailer name stands for, or null if it is none of S3's. */
  static ChecksumKind ofHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (!n.startsWith("x-amz-checksum-")) {
      return null;
    }
    String alg = n.substring("x-amz-checksum-".length());
    for (ChecksumKind k : values()) {
      if (k.name().toLowerCase(Locale.ROOT).equals(alg)) {
        return k;
      }
    }
    if (alg.equals("type") || alg.equals("algorithm") || alg.equals("mode")) {
      return null; // not a checksum value
    }
    throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "The checksum algorithm of " + name + " is not supported; "
        + "use CRC32, CRC32C, SHA1 or SHA256");
  }

  /** A running computation of this checksum. */
  Running start() {
    return switch (this) {
      case CRC32 -> new Crc(new CRC32());
      case CRC32C -> new Crc(new CRC32C());
      case SHA1 -> new Digest(Hashing.digest("SHA-1"));
      case SHA256 -> new Digest(Hashing.sha256());
    };
  }

  /** A checksum being computed over a body. */
  interface Running {
    void update(byte[] b, int off, int len);

    /** The value as S3 carries it: the big-endian bytes. */
    byte[] value();
  }

  private record Crc(Checksum crc) implements Running {
    @Override
    public void update(byte[] b, int off, int len) {
      crc.update(b, off, len);
    }

    @Override
    public byte[] value() {
      return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
    }
  }

  private record Digest(MessageDigest md) implements Running {
    @Override
    public void update(byte[] b, int off, int len) {
      md.update(b, off, len);
    }

    @Override
    public byte[] value() {
      return md.digest();
    }
  }
}
