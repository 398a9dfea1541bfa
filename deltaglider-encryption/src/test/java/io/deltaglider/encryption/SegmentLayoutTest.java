package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import io.deltaglider.spi.Payload;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The layout arithmetic FORMAT.md section 10.4 states, against Tink's own: what is announced to a
 * backend must be exactly what the encrypting stream produces, or every put fails.
 */
class SegmentLayoutTest {
  private static final SegmentLayout KB4 = SegmentLayout.of((AesGcmHkdfStreamingParameters) Keys.SEG_4KB);
  private static final SegmentLayout MB1 = SegmentLayout.of((AesGcmHkdfStreamingParameters) Keys.SEG_1MB);

  @Test
  void theTemplatesHaveTheLayoutTheSpecStates() {
    assertEquals(4096, KB4.segmentSize);
    assertEquals(1 << 20, MB1.segmentSize);
    assertEquals(40, KB4.headerLength);
    assertEquals(40, MB1.headerLength);
    assertEquals(56, KB4.ciphertextSize(0));
    assertEquals(4096, KB4.ciphertextSize(4096 - 56), "a full first segment");
    assertEquals(4096 + 17, KB4.ciphertextSize(4096 - 56 + 1));
  }

  @Test
  void encryptedLengthsAreTheAnnouncedOnesAtEveryBoundary() throws Exception {
    KeysetHandle keys = Keys.fresh(Keys.SEG_4KB);
    Keyring ring = new Keyring(keys);
    AesGcmHkdfStreaming tink = (AesGcmHkdfStreaming) AesGcmHkdfStreaming.create(
        (AesGcmHkdfStreamingKey) keys.getPrimary().getKey());
    int first = 4096 - 56;
    int full = 4096 - 16;
    for (long size : new long[] {0, 1, first - 1, first, first + 1, first + full - 1, first + full, first + full + 1,
        first + 5 * full, 100_000}) {
      Envelope env = Envelope.seal("k", Map.of(), ring.primary.id, size);
      Payload p = EncryptingInputStream.payload(Payload.of(new byte[(int) size]), ring.primary, env);
      long produced;
      try (InputStream in = p.open()) {
        produced = in.transferTo(OutputStream.nullOutputStream());
      }
      assertEquals(tink.expectedCiphertextSize(size), produced, "size " + size);
      assertEquals(produced, p.length(), "announced length for " + size);
      assertEquals(size, ring.primary.layout.plaintextSize(produced));
    }
  }

  @Property(tries = 500)
  void plaintextSizesFollowFromStoredSizes(@ForAll @LongRange(max = 1L << 40) long plain) {
    for (SegmentLayout l : new SegmentLayout[] {KB4, MB1}) {
      long cipher = l.ciphertextSize(plain);
      assertEquals(plain, l.plaintextSize(cipher));
      if (plain > 0) {
        long last = l.segmentOf(plain - 1);
        assertEquals(cipher, l.segmentEnd(last, cipher), "the last byte's segment ends the ciphertext");
        assertEquals(true, l.segmentStart(last) < cipher);
      }
    }
  }

  @Test
  void sizesNoPlaintextEncryptsToAreRefused() {
    for (long cipher : new long[] {0, 1, 40, 55, 4096 + 1, 4096 + 15}) {
      assertEquals(-1, KB4.plaintextSize(cipher), "ciphertext of " + cipher + " bytes");
    }
  }
}
