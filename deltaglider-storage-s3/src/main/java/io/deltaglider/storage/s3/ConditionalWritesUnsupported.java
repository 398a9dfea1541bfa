package io.deltaglider.storage.s3;

import io.deltaglider.BackendException;

/** Thrown inside a create-if-absent when the server refuses {@code If-None-Match} itself (501 NotImplemented). */
final class ConditionalWritesUnsupported extends BackendException {
  private static final long serialVersionUID = 1L;

  ConditionalWritesUnsupported(String message, Throwable cause) {
    super(message, cause);
  }
}
