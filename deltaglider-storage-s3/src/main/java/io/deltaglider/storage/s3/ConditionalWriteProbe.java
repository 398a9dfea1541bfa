package io.deltaglider.storage.s3;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Finds out, once per backend, whether the server enforces {@code If-None-Match: *}: an empty
 * create-if-absent on a fresh scratch key under the backend's root prefix, then the same again,
 * which must answer 412; then the scratch key is deleted (FORMAT.md section 6.4). Servers that
 * accept the header without enforcing it exist (and proxies that strip it), and they cannot be
 * told apart any other way.
 *
 * <p>A 501 to the first create counts as "conditional writes not implemented" only if the same
 * write without the header is accepted (the 501 may be about another header, such as server-side
 * encryption). The scratch key is {@code .deltaglider/probe-<32 hex digits>/reference.bin}: named as a
 * reference, so listings of user keys never show it, and one a killed process left behind is what
 * {@code verify} reports and {@code cleanup} removes as a reference no delta uses.
 */
final class ConditionalWriteProbe {
  private static final Logger LOG = LoggerFactory.getLogger(ConditionalWriteProbe.class);
  /** Where scratch keys go, under the root prefix. */
  static final String SCRATCH_PREFIX = ".deltaglider/probe-";

  private final S3Client s3;
  private final String bucket;
  private final String root;
  private final S3Errors errors;
  private final S3Encryption encryption;
  private volatile ConditionalWriteSupport answer;
  private volatile boolean failureLogged;

  ConditionalWriteProbe(S3Client s3, String bucket, String root, S3Errors errors, S3Encryption encryption,
      boolean enabled) {
    this.s3 = s3;
    this.bucket = bucket;
    this.root = root;
    this.errors = errors;
    this.encryption = encryption;
    this.answer = enabled ? ConditionalWriteSupport.UNKNOWN : ConditionalWriteSupport.DISABLED;
  }

  /** What is known so far, without sending anything. */
  ConditionalWriteSupport known() {
    return answer;
  }

  /**
   * The cached answer, probing first if there is none. A probe that cannot finish leaves the answer
   * {@link ConditionalWriteSupport#UNKNOWN} (logged once at WARN); the next call probes again.
   */
  ConditionalWriteSupport answer() {
    ConditionalWriteSupport a = answer;
    if (a != ConditionalWriteSupport.UNKNOWN) {
      return a;
    }
    synchronized (this) {
      if (answer != ConditionalWriteSupport.UNKNOWN) {
        return answer;
      }
      try {
        answer = probe();
      } catch (DeltaStoreException e) {
        if (!failureLogged) {
          failureLogged = true;
          LOG.warn("cannot find out whether {} enforces conditional writes; treating create-if-absent as not "
              + "atomic until a probe succeeds: {}", errors.describeKey(null), e.getMessage());
        } else {
          LOG.debug("conditional-write probe of {} failed again: {}", errors.describeKey(null), e.getMessage());
        }
        return ConditionalWriteSupport.UNKNOWN;
      }
      if (answer == ConditionalWriteSupport.ENFORCED) {
        LOG.debug("{} enforces If-None-Match: *", errors.describeKey(null));
      } else {
        LOG.warn("{} does not enforce conditional writes (If-None-Match: * {}): create-if-absent falls back to "
            + "check-then-put, which is atomic within this backend only", errors.describeKey(null),
            answer == ConditionalWriteSupport.NOT_IMPLEMENTED ? "answered 501" : "was accepted twice for one key");
      }
      return answer;
    }
  }

  /** A real conditional write was answered 501: the answer becomes {@link ConditionalWriteSupport#NOT_IMPLEMENTED}. */
  synchronized void notImplemented(String why) {
    if (answer != ConditionalWriteSupport.NOT_IMPLEMENTED) {
      answer = ConditionalWriteSupport.NOT_IMPLEMENTED;
      LOG.warn("{} does not implement conditional writes (If-None-Match: *): create-if-absent falls back to "
          + "check-then-put, which is atomic within this backend only ({})", errors.describeKey(null), why);
    }
  }

  private ConditionalWriteSupport probe() throws DeltaStoreException {
    String key = SCRATCH_PREFIX + UUID.randomUUID().toString().replace("-", "") + "/reference.bin";
    try {
      Outcome first = create(key, true);
      if (first == Outcome.NOT_IMPLEMENTED) {
        // The 501 may be about another header (server-side encryption, say): only if the same
        // write without the condition goes through is it the condition the server refuses.
        if (create(key, false) == Outcome.NOT_IMPLEMENTED) {
          throw new BackendException("probe " + errors.describeKey(key) + ": the server answers 501 NotImplemented "
              + "to a plain PutObject too");
        }
        return ConditionalWriteSupport.NOT_IMPLEMENTED;
      }
      if (first == Outcome.EXISTS) {
        throw new BackendException("probe " + errors.describeKey(key) + ": a create-if-absent of a fresh key "
            + "answered 412");
      }
      return switch (create(key, true)) {
        case EXISTS -> ConditionalWriteSupport.ENFORCED;
        case NOT_IMPLEMENTED -> ConditionalWriteSupport.NOT_IMPLEMENTED;
        case CREATED -> ConditionalWriteSupport.NOT_ENFORCED;
      };
    } finally {
      try {
        s3.deleteObject(b -> b.bucket(bucket).key(root + key));
      } catch (SdkException e) {
        LOG.warn("could not delete the scratch key {} of the conditional-write probe (verify reports it, cleanup "
            + "removes it): {}", errors.describeKey(key), e.getMessage());
      }
    }
  }

  private enum Outcome { CREATED, EXISTS, NOT_IMPLEMENTED }

  private Outcome create(String key, boolean ifAbsent) throws DeltaStoreException {
    PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(root + key)
        .contentLength(0L).contentType("application/octet-stream").metadata(Map.of("dg-note", "probe"));
    if (ifAbsent) {
      req.ifNoneMatch("*");
    }
    if (encryption != null) {
      encryption.applyTo(req);
    }
    try {
      s3.putObject(req.build(), RequestBody.empty());
      return Outcome.CREATED;
    } catch (SdkException e) {
      if (S3Errors.isPreconditionFailed(e)) {
        return Outcome.EXISTS;
      }
      if (S3Errors.notImplemented(e)) {
        return Outcome.NOT_IMPLEMENTED;
      }
      throw errors.translate("probe conditional writes with", key, e);
    }
  }
}
