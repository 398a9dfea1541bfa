package io.deltaglider.proxy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest;

/**
 * Checks AWS Signature Version 4, in the Authorization header or in a presigned URL's query.
 *
 * <p>The canonical request (the delicate part: header trimming, query sorting and encoding) is
 * built by the AWS SDK's own {@code V4CanonicalRequest}, configured as S3 signs: no double
 * URL-encoding, no path normalization. It is an SDK-internal class: the public
 * {@code AwsV4HttpSigner} cannot sign with a payload hash it did not compute itself and rewrites
 * the headers of {@code aws-chunked} requests, so it cannot reproduce what a client signed. The
 * SDK version is pinned by the build; the tests sign with the SDK and catch any change. What
 * follows the canonical request (string to sign, HMAC key chain) is SigV4's fixed recipe.
 *
 * <p>Signatures are compared in constant time. Nothing about the request is trusted before the
 * signature matched, and the body is never read here.
 */
final class SignatureV4 {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignatureV4.class);
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  static final long MAX_PRESIGNED_EXPIRY_SECONDS = 7 * 24 * 3600;
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final V4CanonicalRequest.Options AS_S3_SIGNS = new V4CanonicalRequest.Options(false, false);

  private final GatewayCredentials credentials;
  private final Clock clock;

  SignatureV4(GatewayCredentials credentials, Clock clock) {
    this.credentials = credentials;
    this.clock = clock;
  }

  /** The request's signer, or null for a request that carries no credentials at all. */
  Authenticated authenticate(S3Request r) {
    String authorization = r.header("Authorization");
    boolean query = r.has("X-Amz-Signature") || r.has("X-Amz-Credential") || r.has("X-Amz-Algorithm");
    if (authorization != null && query) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Only one auth mechanism allowed; only the X-Amz-Algorithm "
          + "query parameter or the Authorization header should be specified");
    }
    if (authorization != null) {
      return headerSigned(r, authorization);
    }
    if (!query && r.has("AWSAccessKeyId") && r.has("Signature")) {
      // A Signature Version 2 presigned URL (what boto3 and AWS CLI v1 make for a custom endpoint
      // unless told signature_version=s3v4): say so, as S3's SigV4-only regions do, rather than
      // treat it as an anonymous request.
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
          "The authorization mechanism you have provided is not supported. Please use " + ALGORITHM + ".");
    }
    return query ? presigned(r) : null;
  }

  private Authenticated headerSigned(S3Request r, String authorization) {
    if (!authorization.startsWith(ALGORITHM + " ")) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
          "The authorization mechanism you have provided is not supported. Please use " + ALGORITHM + ".");
    }
    Map<String, String> parts = AuthorizationHeader.parse(authorization.substring(ALGORITHM.length() + 1));
    String credential = parts.get("Credential");
    String signedHeaders = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (credential == null || signedHeaders == null || signature == null) {
      throw new S3Exception(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
          "The authorization header is malformed; it needs Credential, SignedHeaders and Signature.");
    }
    String amzDate = r.header("x-amz-date");
    if (amzDate == null) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "AWS authentication requires a valid x-amz-date header");
    }
    Instant at = parseAmzDate(amzDate, S3ErrorCode.ACCESS_DENIED);
    if (Duration.between(at, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
      throw new S3Exception(S3ErrorCode.REQUEST_TIME_TOO_SKEWED)
          .detail("RequestTime", amzDate).detail("ServerTime", Responses.isoDate(clock.instant()))
          .detail("MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis()));
    }
    Scope scope = Scope.parse(credential, amzDate, S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
    AccessKey key = credentials.lookup(scope.accessKeyId).orElseThrow(() ->
        new S3Exception(S3ErrorCode.INVALID_ACCESS_KEY_ID).detail("AWSAccessKeyId", scope.accessKeyId));
    String payloadHash = r.header("x-amz-content-sha256");
    if (payloadHash == null) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Missing required header for this request: x-amz-content-sha256");
    }
    checkPayloadHash(payloadHash);
    byte[] signingKey = signingKey(key.secret(), scope);
    String computed = verify(r, signedHeaders, payloadHash, amzDate, scope, signingKey, signature, Set.of());
    ChunkSignatures chunks = payloadHash.equals(Authenticated.STREAMING_SIGNED)
        || payloadHash.equals(Authenticated.STREAMING_SIGNED_TRAILER)
        ? new ChunkSignatures(signingKey, amzDate, scope.toString(), computed) : null;
    return new Authenticated(key, payloadHash, chunks);
  }

  private Authenticated presigned(S3Request r) {
    String algorithm = r.query("X-Amz-Algorithm");
    String credential = r.query("X-Amz-Credential");
    String amzDate = r.query("X-Amz-Date");
    String expires = r.query("X-Amz-Expires");
    String signedHeaders = r.query("X-Amz-SignedHeaders");
    String signature = r.query("X-Amz-Signature");
    if (!ALGORITHM.equals(algorithm) || credential == null || amzDate == null || expires == null
        || signedHeaders == null || signature == null) {
      throw new S3Exception(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, "Query-string authentication version 4 "
          + "requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
          + "X-Amz-Expires parameters.");
    }
    if (r.has("X-Amz-Security-Token")) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Temporary credentials (X-Amz-Security-Token) are not accepted");
    }
    long seconds;
    try {
      seconds = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > MAX_PRESIGNED_EXPIRY_SECONDS) {
      throw new S3Exception(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
          "X-Amz-Expires must be between 1 and " + MAX_PRESIGNED_EXPIRY_SECONDS + " seconds");
    }
    Instant at = parseAmzDate(amzDate, S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
    Instant now = clock.instant();
    if (now.isAfter(at.plusSeconds(seconds))) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Request has expired")
          .detail("X-Amz-Expires", expires).detail("Expires", Responses.isoDate(at.plusSeconds(seconds)))
          .detail("ServerTime", Responses.isoDate(now));
    }
    if (at.isAfter(now.plus(MAX_SKEW))) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Request is not valid yet");
    }
    Scope scope = Scope.parse(credential, amzDate, S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
    AccessKey key = credentials.lookup(scope.accessKeyId).orElseThrow(() ->
        new S3Exception(S3ErrorCode.INVALID_ACCESS_KEY_ID).detail("AWSAccessKeyId", scope.accessKeyId));
    byte[] signingKey = signingKey(key.secret(), scope);
    verify(r, signedHeaders, Authenticated.UNSIGNED, amzDate, scope, signingKey, signature, Set.of("X-Amz-Signature"));
    return new Authenticated(key, Authenticated.UNSIGNED, null);
  }

  /** Checks the signature; returns it (the seed of chunk signatures). */
  private static String verify(S3Request r, String signedHeaders, String payloadHash, String amzDate, Scope scope,
      byte[] signingKey, String claimed, Set<String> excludedQuery) {
    List<String> names = List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";", -1));
    if (!names.contains("host")) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "The host header must be signed");
    }
    SdkHttpMethod method;
    try {
      method = SdkHttpMethod.fromValue(r.method);
    } catch (IllegalArgumentException e) {
      throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
    }
    String expected = null;
    // S3 signs the path URI-encoded from its decoded form; clients send it the same way, but one
    // that escapes differently on the wire (e.g. a literal '!') signed the form S3 would compute.
    for (String path : candidatePaths(r.rawPath)) {
      SdkHttpRequest.Builder b = SdkHttpRequest.builder().protocol("http").host("gateway").method(method)
          .encodedPath(path);
      r.queryParameters().forEach((name, values) -> {
        if (!excludedQuery.contains(name)) {
          b.putRawQueryParameter(name, values);
        }
      });
      for (String name : names) {
        List<String> values = r.headers(name);
        if (!values.isEmpty()) {
          b.putHeader(name, values);
        }
      }
      String canonical = new V4CanonicalRequest(b.build(), payloadHash, AS_S3_SIGNS).getCanonicalRequestString();
      if (LOG.isDebugEnabled()) {
        LOG.debug("canonical request:\n{}", canonical);
      }
      String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + Hashing.sha256Hex(canonical);
      expected = Hashing.hex(Hashing.hmac(signingKey, stringToSign));
      if (Hashing.sameSignature(expected, claimed)) {
        return expected;
      }
    }
    throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH).detail("AWSAccessKeyId", scope.accessKeyId);
  }

  private static List<String> candidatePaths(String rawPath) {
    Set<String> paths = new LinkedHashSet<>();
    paths.add(UriCodec.encode(UriCodec.decodePath(rawPath), true));
    paths.add(rawPath);
    return new ArrayList<>(paths);
  }

  private static void checkPayloadHash(String h) {
    switch (h) {
      case Authenticated.UNSIGNED, Authenticated.STREAMING_SIGNED, Authenticated.STREAMING_SIGNED_TRAILER,
          Authenticated.STREAMING_UNSIGNED_TRAILER -> {
        return;
      }
      default -> {
        if (h.startsWith("STREAMING-AWS4-ECDSA")) {
          throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Signature Version 4A is not supported");
        }
        if (h.length() != 64 || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
          throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
              + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER), STREAMING-UNSIGNED-PAYLOAD-TRAILER or a valid sha256 value.")
              .detail("ArgumentName", "x-amz-content-sha256").detail("ArgumentValue", h);
        }
      }
    }
  }

  private static Instant parseAmzDate(String s, S3ErrorCode code) {
    try {
      return LocalDateTime.parse(s, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new S3Exception(code, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    }
  }

  private static byte[] signingKey(String secret, Scope s) {
    byte[] k = Hashing.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), s.date);
    k = Hashing.hmac(k, s.region);
    k = Hashing.hmac(k, s.service);
    return Hashing.hmac(k, "aws4_request");
  }

  /** {@code AKID/yyyyMMdd/region/s3/aws4_request}. */
  private static final class Scope {
    final String accessKeyId;
    final String date;
    final String region;
    final String service;

    private Scope(String accessKeyId, String date, String region, String service) {
      this.accessKeyId = accessKeyId;
      this.date = date;
      this.region = region;
      this.service = service;
    }

    static Scope parse(String credential, String amzDate, S3ErrorCode code) {
      String[] f = credential.split("/", -1);
      if (f.length != 5 || f[0].isEmpty() || !"aws4_request".equals(f[4])) {
        throw new S3Exception(code, "The credential is malformed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
      }
      if (!amzDate.startsWith(f[1]) || f[1].length() != 8) {
        throw new S3Exception(code, "The credential's date " + f[1] + " is not the request's date " + amzDate);
      }
      if (!"s3".equals(f[3])) {
        throw new S3Exception(code, "The credential's service must be s3, not " + f[3]);
      }
      return new Scope(f[0], f[1], f[2], f[3]);
    }

    @Override
    public String toString() {
      return date + "/" + region + "/" + service + "/aws4_request";
    }
  }
}
