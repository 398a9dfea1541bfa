package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Expands, rebuilds, and checks the rebuilt bytes are the original's. */
final class RoundTrip {
  final ExpandResult result;
  final byte[] expanded;
  final byte[] recipe;

  private RoundTrip(ExpandResult result, byte[] expanded, byte[] recipe) {
    this.result = result;
    this.expanded = expanded;
    this.recipe = recipe;
  }

  static RoundTrip of(byte[] original) {
    return of(original, ArchiveTransforms.create());
  }

  static RoundTrip of(byte[] original, ArchiveTransforms transforms) {
    try {
      ByteArrayOutputStream expanded = new ByteArrayOutputStream();
      ByteArrayOutputStream recipe = new ByteArrayOutputStream();
      ExpandResult r = transforms.expand(new ByteArrayInputStream(original), expanded, recipe);
      ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
      long n = transforms.rebuild(new ByteArrayInputStream(expanded.toByteArray()),
          new ByteArrayInputStream(recipe.toByteArray()), rebuilt);
      assertArrayEquals(original, rebuilt.toByteArray(), "rebuilt bytes differ from the original");
      if (n != original.length || r.originalLength() != original.length
          || r.expandedLength() != expanded.size() || r.recipeLength() != recipe.size()) {
        throw new AssertionError("lengths reported wrong: " + r);
      }
      return new RoundTrip(r, expanded.toByteArray(), recipe.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code needle} appears in the expanded form (inflated content is there in plain). */
  boolean expandedContains(byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= expanded.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (expanded[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
