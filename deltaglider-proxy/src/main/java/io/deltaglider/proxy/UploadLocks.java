package io.deltaglider.proxy;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Orders one gateway's requests for an upload (a part, a completion, an abort): striped locks by
 * upload id, each action run only after checking, under the lock, that the upload still exists.
 * Other gateways over the same store are not held off (see {@link SharedUploads}).
 */
final class UploadLocks {
  /** Whether the upload of this id exists now. */
  interface Existence {
    boolean exists(String id) throws IOException;
  }

  private final ReentrantLock[] stripes = new ReentrantLock[64];
  private final Existence existence;

  UploadLocks(Existence existence) {
    this.existence = existence;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  <T> T locked(Uploads.Upload u, Uploads.IoAction<T> action) throws IOException {
    ReentrantLock lock = stripes[Math.floorMod(u.id().hashCode(), stripes.length)];
    lock.lock();
    try {
      if (!existence.exists(u.id())) {
        throw Uploads.noSuchUpload(u.id());
      }
      return action.run();
    } finally {
      lock.unlock();
    }
  }
}
