package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.KeyRules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key rules added after an adversarial pass (issue 15): C1 controls and bidi formatting characters
 * are refused, naming the code point, and the reserved names are refused in any case.
 */
class ObjectKeyRulesTest {
  private final InMemoryBackend backend = new InMemoryBackend();
  private final DeltaStore store = DeltaStore.builder().backend(backend).build();
  private static final byte[] DATA = "content".getBytes(StandardCharsets.UTF_8);

  private String refusal(String key) {
    InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> store.put(key, DATA), key);
    assertThrows(InvalidKeyException.class, () -> KeyRules.validate(key), key);
    return e.getMessage();
  }

  @Test
  void c1ControlCharactersAreRefusedByCodePoint() {
    assertTrue(refusal("a/b\u0085c").endsWith(": contains a control character (U+0085)"), refusal("a/b\u0085c"));
    assertTrue(refusal("a/\u0080").endsWith("(U+0080)"));
    assertTrue(refusal("a/\u009Bx").endsWith("(U+009B)"));
    assertTrue(refusal("a/\u001Bx").endsWith(": contains a control character (U+001B)"));
    assertEquals(0, backend.size(), "nothing stored");
  }

  @Test
  void bidiFormattingCharactersAreRefusedByCodePoint() {
    // The input from the test pass: shows as "invoice-exe.pdf" in ls.
    String shown = refusal("mail/invoice-\u202Efdp.exe");
    assertTrue(shown.endsWith(": contains a bidirectional formatting character (U+202E)"), shown);
    for (int c : new int[] {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
        0x2066, 0x2067, 0x2068, 0x2069}) {
      String m = refusal("a/x" + (char) c + "y");
      assertTrue(m.endsWith(String.format("(U+%04X)", c)), m);
    }
    assertEquals(0, backend.size(), "nothing stored");
  }

  @Test
  void neighboursOfTheRefusedRangesAreStillKeys() throws Exception {
    for (String k : List.of("a/\u00A0nbsp", "a/\u00E9t\u00E9", "a/\u200D", "a/\u2065", "a/\u206A", "a/\u2029x",
        "a/\u061B", "a/\u202F")) {
      KeyRules.validate(k);
    }
    store.put("a/caf\u00E9.txt", DATA);
    assertTrue(store.exists("a/caf\u00E9.txt"));
  }

  @Test
  void reservedNamesAreRefusedInAnyCase() {
    // On a case-insensitive file system these are the files of the reference and of x's delta.
    for (String k : List.of("ds/REFERENCE.BIN", "ds/Reference.bin", "REFERENCE.bin/x", "ds/x.DELTA", "ds/x.Delta",
        "X.dElTa")) {
      String m = refusal(k);
      assertTrue(m.contains("reserved"), m);
    }
    assertEquals(0, backend.size(), "nothing stored");
  }

  @Test
  void reservedWordsElsewhereInAKeyAreFine() throws Exception {
    for (String k : List.of("ds/reference.bin.txt", "ds/x.DELTA.txt", "x.delta/y", "ds/DELTA", "ds/xdelta")) {
      KeyRules.validate(k);
    }
  }
}
