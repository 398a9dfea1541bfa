package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The associated data byte for byte as FORMAT.md section 10.3 gives it. */
class EnvelopeTest {
  @Test
  void theSpecsExample() throws Exception {
    String hex = "0000001d74696e6b2d6165732d67636d2d686b64662d73747265616d696e672f"
        + "3100000003612f78000000040000000d64672d656e632d6b65792d6964000000"
        + "0234320000001164672d656e632d706c61696e2d73697a650000000135000000"
        + "0d64672d656e632d736368656d650000001d74696e6b2d6165732d67636d2d68"
        + "6b64662d73747265616d696e672f310000000764672d6e6f74650000000b7061"
        + "73737468726f756768";
    Envelope e = Envelope.seal("a/x", Map.of("dg-note", "passthrough"), 42, 5);
    assertArrayEquals(HexFormat.of().parseHex(hex), e.associatedData());
    Envelope read = Envelope.open("a/x", e.stored());
    assertArrayEquals(e.associatedData(), read.associatedData());
    assertEquals(Map.of("dg-note", "passthrough"), read.callerMetadata());
  }

  @Test
  void keyIdsAreUnsigned() throws Exception {
    Envelope e = Envelope.seal("k", Map.of(), -2, 0);
    assertEquals("4294967294", e.stored().get(EncryptionMetadata.KEY_ID));
    assertEquals(-2, Envelope.open("k", e.stored()).keyId);
  }
}
