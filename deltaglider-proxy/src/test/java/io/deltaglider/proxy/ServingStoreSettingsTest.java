package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServingStoreSettingsTest {
  private static final long MIB = 1 << 20;

  @Test
  void sharesOfTheHeap() {
    assertEquals(64 * MIB, ServingStoreSettings.sourceIndexBudget(512 * MIB));
    assertEquals(2, ServingStoreSettings.codecConcurrency(512 * MIB, 16));
    assertEquals(1, ServingStoreSettings.codecConcurrency(64 * MIB, 16));
    assertEquals(8 * MIB, ServingStoreSettings.sourceIndexBudget(64 * MIB));
    assertEquals(128 * MIB, ServingStoreSettings.sourceIndexBudget(8192 * MIB));
    assertEquals(8, ServingStoreSettings.codecConcurrency(8192 * MIB, 8), "bounded by the processors");
    assertEquals(21, ServingStoreSettings.codecConcurrency(8192 * MIB, 64));
    assertEquals(64 * MIB, ServingStoreSettings.referenceCacheBytes(512 * MIB));
    assertEquals(1024 * MIB, ServingStoreSettings.referenceCacheBytes(8192 * MIB), "grows with the heap, no fixed cap");
  }

  @Test
  void theEncoderSkipsFastThroughUnrelatedDataWithItsShareOfTheHeapForTheIndex() {
    io.deltaglider.vcdiff.VcdiffEncoder e = ServingStoreSettings.encoder(512 * MIB);
    org.junit.jupiter.api.Assertions.assertTrue(e.skipsUnrelated());
    assertEquals(io.deltaglider.vcdiff.SecondaryCompression.LZMA, e.secondary());
  }
}
