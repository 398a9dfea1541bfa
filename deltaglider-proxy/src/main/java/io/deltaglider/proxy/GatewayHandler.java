package io.deltaglider.proxy;

import io.deltaglider.DeltaStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every request: parse, authenticate, route to an operation, answer S3 errors as S3 does. */
final class GatewayHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
  private static final SecureRandom IDS = new SecureRandom();

  GatewayHandler(DeltaStore store, GatewayCredentials credentials, boolean anonymousReads, Clock clock, Path work,
      long maxObjectSize) {
    super(InvocationType.BLOCKING);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String requestId = newRequestId();
    response.getHeaders().put("x-amz-request-id", requestId);
    response.getHeaders().put("x-amz-id-2", requestId);
    S3Request s3 = null;
    try {
      s3 = S3Request.parse(request, requestId);
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
    } catch (S3Exception e) {
      try {
        Responses.error(response, s3, requestId, e, !"HEAD".equals(request.getMethod()));
        callback.succeeded();
      } catch (Throwable t) {
        callback.failed(t);
      }
    } catch (Throwable t) {
      LOG.error("{} failed", s3, t);
      callback.failed(t);
    }
    return true;
  }

  static String newRequestId() {
    byte[] b = new byte[8];
    IDS.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
