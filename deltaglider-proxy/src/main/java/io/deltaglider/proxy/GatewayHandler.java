package io.deltaglider.proxy;

import io.deltaglider.DeltaStore;
import java.io.IOException;
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
 * operation, and answer failures with S3's error documents. One access-log line and one metrics
 * record per request.
 */
final class GatewayHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
  private static final SecureRandom IDS = new SecureRandom();
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

  private final SignatureV4 signatures;
  private final boolean anonymousReads;
  private final Buckets buckets;
  private final ObjectReads reads;
  private final ObjectWrites writes;
  private final Listings listings;
  private final BucketOps bucketOps;
  private final Uploads uploads;
  private final MultipartOps multipart;
  /** Requests served at once beyond which S3's SlowDown answers; null for no limit. */
  private final Semaphore permits;
  private final GatewayMetrics metrics;
  private final AccessLog accessLog;

  GatewayHandler(DeltaStore store, GatewayCredentials credentials, boolean anonymousReads, Clock clock, Path work,
      long maxObjectSize, int maxConcurrentRequests, GatewayMetrics metrics, AccessLog accessLog,
      boolean sharedUploads) {
    super(InvocationType.BLOCKING);
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.permits = maxConcurrentRequests > 0 ? new Semaphore(maxConcurrentRequests) : null;
    StoreAccess access = new StoreAccess(store, maxObjectSize);
    this.signatures = new SignatureV4(credentials, clock);
    this.anonymousReads = anonymousReads;
    this.buckets = access.buckets();
    this.reads = new ObjectReads(access);
    this.writes = new ObjectWrites(access, work);
    this.listings = new Listings(access);
    this.bucketOps = new BucketOps(buckets);
    this.uploads = sharedUploads ? new SharedUploads(store, clock, SharedUploads.DEFAULT_EXPIRY)
        : new LocalUploads(work, clock);
    this.multipart = new MultipartOps(access, uploads, work);
  }

  /** Lists every multipart upload once, which removes abandoned shared ones; failures are only logged. */
  void sweepUploads() {
    try {
      int n = uploads.all().size();
      LOG.debug("{} multipart upload(s) in progress", n);
    } catch (IOException | RuntimeException e) {
      LOG.warn("looking for abandoned multipart uploads failed: {}", e.toString());
    }
  }

  @Override
  public boolean handle(Request jettyRequest, Response jettyResponse, Callback callback) {
    if (S3Gateway.HEALTH_PATH.equals(jettyRequest.getHttpURI().getPath())) {
      health(jettyRequest, jettyResponse, callback);
      return true;
    }
    long start = System.nanoTime();
    // Read now: once the callback completes, Jetty may recycle the request for the connection's next one.
    String method = jettyRequest.getMethod();
    String path = jettyRequest.getHttpURI().getPath();
    String remote = Request.getRemoteAddr(jettyRequest);
    Counting counted = new Counting(jettyRequest, jettyResponse);
    Request request = counted.request;
    Response response = counted.response;
    String requestId = newRequestId();
    response.getHeaders().put("x-amz-request-id", requestId);
    response.getHeaders().put("x-amz-id-2", requestId);
    response.getHeaders().put("Server", "DeltaGlider");
    S3Request s3 = null;
    S3Operation op = S3Operation.UNKNOWN;
    Authenticated auth = null;
    String status;
    String error = "none";
    Throwable failure = null;
    boolean permitted = false;
    try {
      s3 = S3Request.parse(request, requestId);
      op = S3Operation.of(s3);
      if (permits != null) {
        if (!permits.tryAcquire()) {
          throw new S3Exception(S3ErrorCode.SLOW_DOWN);
        }
        permitted = true;
      }
      auth = authenticate(s3);
      route(new Exchange(s3, response, auth), op);
      status = Integer.toString(response.getStatus());
    } catch (S3Exception e) {
      status = Integer.toString(e.code.status);
      error = e.code.code;
      if (e.code.status >= 500 && e.code != S3ErrorCode.SLOW_DOWN) {
        LOG.warn("{} {}: {}", requestId, s3, e.getMessage(), e.getCause());
      }
      failure = answer(request, response, s3, requestId, e);
    } catch (Throwable t) {
      // OutOfMemoryError included: the request fails alone, nothing of it was stored (the store
      // commits an object only after it was written whole), and the gateway goes on serving.
      if (response.isCommitted()) {
        // Part of the body went out: only a broken connection tells the client it is incomplete.
        LOG.warn("{} {}: failed after the answer began: {}", requestId, s3, t.toString());
        status = "aborted";
        error = t.getClass().getSimpleName();
        failure = t;
      } else {
        LOG.error("{} {} failed", requestId, s3, t);
        status = Integer.toString(S3ErrorCode.INTERNAL_ERROR.status);
        error = S3ErrorCode.INTERNAL_ERROR.code;
        failure = answer(request, response, s3, requestId,
            new S3Exception(S3ErrorCode.INTERNAL_ERROR, S3ErrorCode.INTERNAL_ERROR.message, t));
      }
    } finally {
      if (permitted) {
        permits.release();
      }
    }
    long nanos = System.nanoTime() - start;
    try {
      metrics.request(op.s3Name, status, error, nanos, counted.request.bytes(), counted.response.bytes());
      if (accessLog.enabled()) {
        accessLog.request(requestId, remote, method, s3, path, op, auth == null ? null : auth.key().id(), status,
            error, counted.request.bytes(), counted.response.bytes(), nanos);
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: recording the request failed: {}", requestId, e.toString());
    }
    if (failure == null) {
      callback.succeeded();
    } else {
      callback.failed(failure);
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

  /** Sends S3's error document; returns what the callback must fail with, or null if it went out. */
  private static Throwable answer(Request request, Response response, S3Request s3, String requestId,
      S3Exception e) {
    if (response.isCommitted()) {
      return e;
    }
    try {
      response.reset();
      response.getHeaders().put("x-amz-request-id", requestId);
      response.getHeaders().put("x-amz-id-2", requestId);
      // An upload refused before its body was read: close the connection rather than read the rest.
      response.getHeaders().put("Connection", "close");
      Responses.error(response, s3, requestId, e, !"HEAD".equalsIgnoreCase(request.getMethod()));
      return null;
    } catch (Throwable t) {
      return t;
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

  private void route(Exchange x, S3Operation op) throws Exception {
    S3Request r = x.request();
    switch (op) {
      case NOT_IMPLEMENTED -> throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
          "The " + S3Operation.unsupportedSubresource(r) + " sub-resource is not supported");
      case LIST_BUCKETS -> {
        listings.listBuckets(x, buckets);
        return;
      }
      default -> {
        if (r.bucket == null) {
          throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
        }
      }
    }
    if (!x.auth().key().mayUse(r.bucket)) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
    }
    switch (op) {
      case HEAD_BUCKET -> bucketOps.head(x);
      case CREATE_BUCKET -> bucketOps.create(x);
      case DELETE_BUCKET -> bucketOps.delete(x);
      default -> {
        if (op == S3Operation.METHOD_NOT_ALLOWED && r.key == null) {
          throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
        }
        bucketOps.requireExists(r.bucket);
        existing(x, op);
      }
    }
  }

  /** Operations in a bucket that exists. */
  private void existing(Exchange x, S3Operation op) throws Exception {
    switch (op) {
      case LIST_MULTIPART_UPLOADS -> multipart.listUploads(x);
      case GET_BUCKET_LOCATION -> listings.location(x);
      case LIST_OBJECTS_V2 -> listings.listV2(x);
      case LIST_OBJECTS -> listings.listV1(x);
      case DELETE_OBJECTS -> writes.deleteObjects(x);
      case LIST_PARTS -> multipart.listParts(x);
      case GET_OBJECT_TAGGING -> reads.tagging(x);
      case GET_OBJECT -> reads.get(x);
      case HEAD_OBJECT -> reads.head(x);
      case UPLOAD_PART, UPLOAD_PART_COPY -> multipart.uploadPart(x, buckets);
      case COPY_OBJECT -> writes.copy(x, buckets);
      case PUT_OBJECT -> writes.put(x);
      case ABORT_MULTIPART_UPLOAD -> multipart.abort(x);
      case DELETE_OBJECT -> writes.delete(x);
      case CREATE_MULTIPART_UPLOAD -> multipart.create(x);
      case COMPLETE_MULTIPART_UPLOAD -> multipart.complete(x);
      case UNSUPPORTED_POST -> throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, x.request().key == null
          ? "POST object uploads (HTML forms) are not supported" : "This POST request is not supported");
      case METHOD_NOT_ALLOWED -> throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
      default -> throw new IllegalStateException("not routed: " + op);
    }
  }

  static String newRequestId() {
    byte[] b = new byte[8];
    IDS.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
