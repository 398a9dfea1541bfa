package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.InvalidKeyException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.ObjectSummary;
import io.deltaglider.StoredForm;
import io.deltaglider.VerifyReport;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files another tool stored under the layout's reserved names with its own metadata (issue 17 item
 * 2): no metadata of ours, so the store reads them as the plain files they are.
 */
class ForeignReservedNamesFsTest {
  @TempDir Path dir;

  static final byte[] PATCH = TestData.random(41, 3_000);
  static final byte[] REF = TestData.random(42, 4_000);
  static final byte[] V1 = TestData.random(43, 60_000);
  static final byte[] V2 = TestData.edited(V1, 44, 5, 60, false);

  @Test
  void otherToolsFilesUnderReservedNamesArePlainFiles() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    FileSystemBackend backend = FileSystemBackend.builder(root).build();
    // A file without metadata is no object here (FORMAT.md section 4.5): these carry another tool's.
    backend.put("docs/patch.delta", Payload.of(PATCH), Map.of("owner", "ops"));
    backend.put("docs/reference.bin", Payload.of(REF), Map.of("owner", "ops"));
    try (DeltaStore store = DeltaStore.builder().backend(backend).build()) {
      assertArrayEquals(PATCH, store.get("docs/patch.delta"));
      assertArrayEquals(REF, store.get("docs/reference.bin"));
      assertEquals(StoredForm.PLAIN, store.head("docs/patch.delta").form());
      assertThrows(ObjectNotFoundException.class, () -> store.get("docs/patch"));
      List<ObjectSummary> listed = store.listDetailed("docs/", null, null, null, 10).objects();
      assertEquals(List.of("docs/patch.delta", "docs/reference.bin"), listed.stream().map(ObjectSummary::key).toList());
      VerifyReport report = store.verify("docs/");
      assertTrue(report.ok(), report.toString());
      assertEquals(List.of("docs/patch.delta", "docs/reference.bin"), report.unverifiable());

      store.put("rel/app-1.zip", V1);
      store.put("rel/app-2.zip", V2);
      assertEquals(StoredForm.DELTA, store.head("rel/app-2.zip").form());
      assertThrows(InvalidKeyException.class, () -> store.get("rel/app-2.zip.delta"), "the store's own delta");
      assertThrows(InvalidKeyException.class, () -> store.get("rel/reference.bin"), "the store's own reference");
      assertArrayEquals(V2, store.get("rel/app-2.zip"));
    }
  }
}
