package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deltaglider.spi.InMemoryBackend;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** list with maxKeys 0 answers as S3's ListObjectsV2 does with max-keys=0 (issue 15). */
class ListMaxKeysZeroTest {
  private final DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build();
  private static final byte[] DATA = "content".getBytes(StandardCharsets.UTF_8);

  @Test
  void listWithMaxKeysZeroIsAnEmptyCompletePage() throws Exception {
    store.put("l/a.txt", DATA);
    store.put("l/b/c.txt", DATA);
    for (String delimiter : new String[] {null, "/"}) {
      ListPage p = store.list("l/", delimiter, null, null, 0);
      assertEquals(List.of(), p.objects());
      assertEquals(List.of(), p.commonPrefixes());
      assertFalse(p.isTruncated());
      assertNull(p.nextContinuationToken());
    }
    assertEquals(1, store.list("l/", "/", null, null, 1).objects().size(), "1 still pages");
    assertThrows(IllegalArgumentException.class, () -> store.list("l/", null, null, null, -1));
  }
}
