package io.deltaglider.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Hand-made requests, signed by the AWS SDK's public SigV4 signer as S3 signs, sent with the JDK's client. */
final class RawRequests {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private RawRequests() {}

  /** Signs a request in its headers; {@code body} null for none; {@code signPayload} hashes the body into the signature. */
  static SdkHttpRequest sign(URI endpoint, SdkHttpMethod method, String pathAndQuery, Map<String, String> headers,
      byte[] body, boolean signPayload, String accessKey, String secret, Clock clock) {
    SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder().method(method)
        .uri(URI.create(endpoint + pathAndQuery))
        .putHeader("Host", endpoint.getHost() + ":" + endpoint.getPort());
    headers.forEach(b::putHeader);
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
      r.identity(AwsCredentialsIdentity.create(accessKey, secret)).request(b.build())
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
          .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, signPayload)
          .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock);
      if (body != null) {
        r.payload(ContentStreamProvider.fromByteArray(body));
      }
    });
    return signed.request();
  }

  /** Sends a signed request (its Host and Content-Length headers are the JDK client's own, the same values). */
  static HttpResponse<String> send(SdkHttpRequest signed, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(signed.getUri()).timeout(Duration.ofSeconds(30))
        .method(signed.method().name(), body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : signed.headers().entrySet()) {
      // The JDK client sets Host and Content-Length itself (the same values) and refuses them here.
      if (!h.getKey().equalsIgnoreCase("Host") && !h.getKey().equalsIgnoreCase("Content-Length")) {
        h.getValue().forEach(v -> b.header(h.getKey(), v));
      }
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> put(URI uri, byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code Code} of an S3 error document. */
  static String code(HttpResponse<String> r) {
    String b = r.body();
    int s = b.indexOf("<Code>");
    return s < 0 ? null : b.substring(s + 6, b.indexOf("</Code>", s));
  }
}
