package io.deltaglider.proxy;

import io.deltaglider.DeltaStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request: parse, authenticate (before any body byte is read), authorize, route to an
 * operation, and answer failures with S3's error documents. One access-log line per request.
 */
final class GatewayHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("io.deltaglider.proxy.access");
  private static final SecureRandom IDS = new SecureRandom();
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");
  /** Sub-resources S3 has and the gateway does not: answered {@code NotImplemented}, never mistaken for a plain request. */
  private static final Set<String> UNSUPPORTED = Set.of("acl", "tagging", "versioning", "versions", "policy",
      "policyStatus", "cors", "lifecycle", "website", "encryption", "replication", "notification", "logging",
      "object-lock", "retention", "legal-hold", "torrent", "restore", "select", "accelerate", "requestPayment",
      "ownershipControls", "publicAccessBlock", "intelligent-tiering", "analytics", "inventory", "metrics",
      "attributes", "versionId", "session", "renameObject");

  private final SignatureV4 signatures;
  private final boolean anonymousReads;
  private final Buckets buckets;
  private final ObjectReads reads;
  private final ObjectWrites writes;
  private final Listings listings;
  private final BucketOps bucketOps;
  private final MultipartOps multipart;
  /** Requests served at once beyond which S3's SlowDown answers; null for no limit. */
  private final Semaphore permits;

  GatewayHandler(DeltaStore store, GatewayCredentials credentials, boolean anonymousReads, Clock clock, Path work,
      long maxObjectSize, int maxConcurrentRequests) {
    super(InvocationType.BLOCKING);
    this.permits = maxConcurrentRequests > 0 ? new Semaphore(maxConcurrentRequests) : null;
    StoreAccess access = new StoreAccess(store, maxObjectSize);
    this.signatures = new SignatureV4(credentials, clock);
    this.anonymousReads = anonymousReads;
    this.buckets = access.buckets();
    this.reads = new ObjectReads(access);
    this.writes = new ObjectWrites(access, work);
    this.listings = new Listings(access);
    this.bucketOps = new BucketOps(buckets);
    this.multipart = new MultipartOps(access, new MultipartUploads(work, clock), work);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (S3Gateway.HEALTH_PATH.equals(request.getHttpURI().getPath())) {
      health(request, response, callback);
      return true;
    }
    long start = System.nanoTime();
    String requestId = newRequestId();
    response.getHeaders().put("x-amz-request-id", requestId);
    response.getHeaders().put("x-amz-id-2", requestId);
    response.getHeaders().put("Server", "DeltaGlider");
    S3Request s3 = null;
    Authenticated auth = null;
    String outcome;
    boolean permitted = false;
    try {
      s3 = S3Request.parse(request, requestId);
      if (permits != null) {
        if (!permits.tryAcquire()) {
          throw new S3Exception(S3ErrorCode.SLOW_DOWN);
        }
        permitted = true;
      }
      auth = authenticate(s3);
      route(new Exchange(s3, response, auth));
      outcome = Integer.toString(response.getStatus());
      callback.succeeded();
    } catch (S3Exception e) {
      outcome = e.code.status + " " + e.code.code;
      if (e.code.status >= 500 && e.code != S3ErrorCode.SLOW_DOWN) {
        LOG.warn("{} {}: {}", requestId, s3, e.getMessage(), e.getCause());
      }
      answer(request, response, callback, s3, requestId, e);
    } catch (Throwable t) {
      outcome = "failed " + t;
      if (response.isCommitted()) {
        // Part of the body went out: only a broken connection tells the client it is incomplete.
        LOG.warn("{} {}: failed after the answer began: {}", requestId, s3, t.toString());
        callback.failed(t);
      } else {
        LOG.error("{} {} failed", requestId, s3, t);
        answer(request, response, callback, s3, requestId,
            new S3Exception(S3ErrorCode.INTERNAL_ERROR, S3ErrorCode.INTERNAL_ERROR.message, t));
      }
    } finally {
      if (permitted) {
        permits.release();
      }
    }
    if (ACCESS.isInfoEnabled()) {
      ACCESS.info("{} {} {} {} key={} {}ms", requestId, Request.getRemoteAddr(request), request.getMethod(),
          s3 == null ? request.getHttpURI().getPath() : s3.resource(), auth == null ? "-" : auth.key().id(),
          outcome + " " + (System.nanoTime() - start) / 1_000_000);
    }
    return true;
  }

  /** The health endpoint: no credentials, no store access; 200 while the gateway serves. Not logged. */
  private static void health(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    byte[] body = "{\"status\":\"ok\"}\n".getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put("Cache-Control", "no-store");
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.setStatus(405);
      response.getHeaders().put("Allow", "GET, HEAD");
      response.getHeaders().put("Content-Length", 0);
      response.write(true, ByteBuffer.allocate(0), callback);
      return;
    }
    response.setStatus(200);
    response.getHeaders().put("Content-Type", "application/json");
    response.getHeaders().put("Content-Length", body.length);
    response.write(true, method.equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
  }

  private static void answer(Request request, Response response, Callback callback, S3Request s3, String requestId,
      S3Exception e) {
    if (response.isCommitted()) {
      callback.failed(e);
      return;
    }
    try {
      response.reset();
      response.getHeaders().put("x-amz-request-id", requestId);
      response.getHeaders().put("x-amz-id-2", requestId);
      // An upload refused before its body was read: close the connection rather than read the rest.
      response.getHeaders().put("Connection", "close");
      Responses.error(response, s3, requestId, e, !"HEAD".equalsIgnoreCase(request.getMethod()));
      callback.succeeded();
    } catch (Throwable t) {
      callback.failed(t);
    }
  }

  private Authenticated authenticate(S3Request r) {
    Authenticated a = signatures.authenticate(r);
    if (a == null) {
      if (!anonymousReads || !READ_METHODS.contains(r.method)) {
        throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
      }
      return Authenticated.anonymous();
    }
    return a;
  }

  private void route(Exchange x) throws Exception {
    S3Request r = x.request();
    boolean readTags = r.key != null && r.method.equals("GET") && r.has("tagging");
    for (String sub : UNSUPPORTED) {
      if (r.has(sub) && !(readTags && sub.equals("tagging"))) {
        throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "The " + sub + " sub-resource is not supported");
      }
    }
    if (r.bucket == null) {
      if (!r.method.equals("GET")) {
        throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
      }
      listings.listBuckets(x, buckets);
      return;
    }
    if (!x.auth().key().mayUse(r.bucket)) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
    }
    if (r.key == null) {
      bucket(x);
    } else {
      bucketOps.requireExists(r.bucket);
      object(x);
    }
  }

  private void bucket(Exchange x) throws Exception {
    S3Request r = x.request();
    switch (r.method) {
      case "GET" -> {
        bucketOps.requireExists(r.bucket);
        if (r.has("uploads")) {
          multipart.listUploads(x);
        } else if (r.has("location")) {
          listings.location(x);
        } else if ("2".equals(r.query("list-type"))) {
          listings.listV2(x);
        } else {
          listings.listV1(x);
        }
      }
      case "HEAD" -> bucketOps.head(x);
      case "PUT" -> bucketOps.create(x);
      case "DELETE" -> bucketOps.delete(x);
      case "POST" -> {
        bucketOps.requireExists(r.bucket);
        if (!r.has("delete")) {
          throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "POST object uploads (HTML forms) are not supported");
        }
        writes.deleteObjects(x);
      }
      default -> throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
    }
  }

  private void object(Exchange x) throws Exception {
    S3Request r = x.request();
    switch (r.method) {
      case "GET" -> {
        if (r.has("uploadId")) {
          multipart.listParts(x);
        } else if (r.has("tagging")) {
          reads.tagging(x);
        } else {
          reads.get(x);
        }
      }
      case "HEAD" -> reads.head(x);
      case "PUT" -> {
        if (r.has("uploadId") || r.has("partNumber")) {
          multipart.uploadPart(x, buckets);
        } else if (r.header("x-amz-copy-source") != null) {
          writes.copy(x, buckets);
        } else {
          writes.put(x);
        }
      }
      case "DELETE" -> {
        if (r.has("uploadId")) {
          multipart.abort(x);
        } else {
          writes.delete(x);
        }
      }
      case "POST" -> {
        if (r.has("uploads")) {
          multipart.create(x);
        } else if (r.has("uploadId")) {
          multipart.complete(x);
        } else {
          throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "This POST request is not supported");
        }
      }
      default -> throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
    }
  }

  static String newRequestId() {
    byte[] b = new byte[8];
    IDS.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
