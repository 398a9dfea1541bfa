package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  private static void resolves(ByteRange r, long size, long offset, long length) throws Exception {
    r.checkSatisfiable("k", size);
    assertEquals(offset, r.offsetIn(size), r + " in " + size);
    assertEquals(length, r.lengthIn(size), r + " in " + size);
  }

  @Test
  void parsesTheThreeFormsOfAnHttpRange() throws Exception {
    resolves(ByteRange.parse("bytes=0-99"), 1000, 0, 100);
    resolves(ByteRange.parse("bytes=900-"), 1000, 900, 100);
    resolves(ByteRange.parse("bytes=-10"), 1000, 990, 10);
    resolves(ByteRange.parse(" 5-5 "), 1000, 5, 1);
    resolves(ByteRange.parse("BYTES=1-2"), 1000, 1, 2);
    assertEquals("bytes=0-99", ByteRange.parse("bytes=0-99").toString());
    assertEquals("bytes=7-", ByteRange.parse("7-").toString());
    assertEquals("bytes=-3", ByteRange.parse("-3").toString());
  }

  @Test
  void aRangePastTheEndIsCutAndASuffixLongerThanTheObjectIsTheWholeObject() throws Exception {
    resolves(ByteRange.parse("bytes=990-5000"), 1000, 990, 10);
    resolves(ByteRange.of(999, Long.MAX_VALUE), 1000, 999, 1);
    resolves(ByteRange.last(5000), 1000, 0, 1000);
    resolves(ByteRange.parse("bytes=0-" + Long.MAX_VALUE), 1000, 0, 1000);
    resolves(ByteRange.of(10, 0), 1000, 10, 0);
  }

  @Test
  void aRangeStartingAtOrPastTheEndIsNotSatisfiableNorIsAnEmptySuffixOrAnyRangeOfAnEmptyObject() {
    RangeNotSatisfiableException e = assertThrows(RangeNotSatisfiableException.class,
        () -> ByteRange.parse("bytes=1000-").checkSatisfiable("a/b", 1000));
    assertEquals(1000, e.objectSize());
    assertEquals("a/b", e.key());
    assertEquals("bytes=1000-", e.range());
    assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.of(5000, 1).checkSatisfiable("k", 1000));
    assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.last(0).checkSatisfiable("k", 1000));
    assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.last(5).checkSatisfiable("k", 0));
    assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.from(0).checkSatisfiable("k", 0));
  }

  @Test
  void refusesNegativeNumbersAndWhatIsNotOneByteRange() {
    assertThrows(IllegalArgumentException.class, () -> ByteRange.of(-1, 5));
    assertThrows(IllegalArgumentException.class, () -> ByteRange.of(0, -5));
    assertThrows(IllegalArgumentException.class, () -> ByteRange.from(-1));
    assertThrows(IllegalArgumentException.class, () -> ByteRange.last(-1));
    for (String bad : new String[] {"", "bytes=", "bytes=-", "bytes=5-2", "bytes=0-1,5-6", "items=0-1", "bytes=a-b",
        "bytes=1--2", "bytes=+1-2", "bytes=99999999999999999999-", "5"}) {
      assertThrows(IllegalArgumentException.class, () -> ByteRange.parse(bad), bad);
    }
  }
}
