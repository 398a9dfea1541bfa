package io.deltaglider.encryption;

import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import java.util.Objects;

/**
 * Where the bytes of a Tink AES-GCM-HKDF streaming ciphertext lie (FORMAT.md section 10.4): a
 * header, then segments of {@code segmentSize} ciphertext bytes (the first shortened by the header),
 * each holding {@code segmentSize - 16} plaintext bytes and a 16-byte tag. Lets the decorator announce
 * a ciphertext's length before encrypting it, derive plaintext sizes from stored sizes, and read
 * only the segments a range needs.
 */
final class SegmentLayout {
  static final int TAG = 16;
  /** Tink's nonce prefix, after the header's length byte and the salt. */
  private static final int NONCE_PREFIX = 7;

  final int segmentSize;
  final int headerLength;
  private final int plainPerSegment;

  SegmentLayout(int segmentSize, int derivedKeySize) {
    this.segmentSize = segmentSize;
    this.headerLength = 1 + derivedKeySize + NONCE_PREFIX;
    this.plainPerSegment = segmentSize - TAG;
    if (plainPerSegment <= headerLength) {
      throw new IllegalArgumentException("ciphertext segment size " + segmentSize + " is too small");
    }
  }

  static SegmentLayout of(AesGcmHkdfStreamingParameters p) {
    return new SegmentLayout(p.getCiphertextSegmentSizeBytes(), p.getDerivedAesGcmKeySizeBytes());
  }

  /** The ciphertext length of {@code plain} plaintext bytes. */
  long ciphertextSize(long plain) {
    long full = (plain + headerLength) / plainPerSegment;
    long rest = (plain + headerLength) % plainPerSegment;
    return full * segmentSize + (rest > 0 ? rest + TAG : 0);
  }

  /** The plaintext length a ciphertext of {@code cipher} bytes holds, or -1 if no plaintext encrypts to that length. */
  long plaintextSize(long cipher) {
    long segments = (cipher + segmentSize - 1) / segmentSize;
    long rest = cipher % segmentSize;
    if (segments == 0 || (rest > 0 && rest < TAG)) {
      return -1;
    }
    long plain = cipher - segments * TAG - headerLength;
    return plain >= 0 && ciphertextSize(plain) == cipher ? plain : -1;
  }

  /** The segment holding plaintext byte {@code pos}. */
  long segmentOf(long pos) {
    return (pos + headerLength) / plainPerSegment;
  }

  /** Where segment {@code i}'s ciphertext starts (segment 0 right after the header). */
  long segmentStart(long i) {
    return i == 0 ? headerLength : i * segmentSize;
  }

  /** Where segment {@code i}'s ciphertext ends in a ciphertext of {@code cipher} bytes. */
  long segmentEnd(long i, long cipher) {
    return Math.min((i + 1) * segmentSize, cipher);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SegmentLayout && ((SegmentLayout) o).segmentSize == segmentSize
        && ((SegmentLayout) o).headerLength == headerLength;
  }

  @Override
  public int hashCode() {
    return Objects.hash(segmentSize, headerLength);
  }
}
