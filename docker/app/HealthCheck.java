import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The container HEALTHCHECK of the app images. JRE base images do not promise curl or wget, and the apps serve
 * HTTPS with a self-signed certificate created at first start, so the probe is a tiny class run by the image's
 * own JRE.
 *
 * <p>It asks {@code /readyz}, the readiness probe the apps serve on their own port whether or not the actuator has a
 * management port of its own, and falls back to {@code /actuator/health/readiness}, then {@code /actuator/health},
 * for an app that does not serve it. A missing Kurento Media Server does not make the container unhealthy: the app
 * is still able to serve its page and report KMS as down.
 *
 * <p>Target: {@code HEALTHCHECK_URL} if set, else {@code https://127.0.0.1:PORT} where PORT is {@code SERVER_PORT},
 * else {@code APP_SERVER_PORT} (which the apps use as their server port), else 8443. Certificates are
 * trusted without validation only when the target is a loopback address, i.e. the app in this very container.
 *
 * <p>Exit status: 0 healthy, 1 unhealthy (Docker reserves 2). One line on stdout, kept by {@code docker inspect}.
 */
public final class HealthCheck {

  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int READ_TIMEOUT_MS = 3_000;

  /** Asked in this order while the answer is 404. */
  private static final String[] PROBES = {"/readyz", "/actuator/health/readiness", "/actuator/health"};

  private HealthCheck() {
  }

  public static void main(String[] args) {
    String base = baseUrl(args);
    try {
      String asked = null;
      int status = 404;
      for (String path : PROBES) {
        if (status != 404) {
          break;
        }
        asked = path;
        status = get(base + asked);
      }
      boolean healthy = status == 200;
      System.out.println((healthy ? "healthy: " : "unhealthy: ") + base + asked + " answered HTTP " + status);
      System.exit(healthy ? 0 : 1);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      System.out.println("unhealthy: " + base + " did not answer: " + e);
      System.exit(1);
    }
  }

  static String baseUrl(String[] args) {
    String url = args.length > 0 ? args[0] : System.getenv("HEALTHCHECK_URL");
    if (url == null || url.isBlank()) {
      String port = firstSet(System.getenv("SERVER_PORT"), System.getenv("APP_SERVER_PORT"), "8443");
      url = "https://127.0.0.1:" + port.trim();
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    throw new IllegalStateException("no default");
  }

  private static int get(String target) throws IOException, GeneralSecurityException {
    URL url = URI.create(target).toURL();
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    if (connection instanceof HttpsURLConnection https && isLoopback(url.getHost())) {
      https.setSSLSocketFactory(trustingContext().getSocketFactory());
      https.setHostnameVerifier((host, session) -> true);
    }
    connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
    connection.setReadTimeout(READ_TIMEOUT_MS);
    connection.setInstanceFollowRedirects(false);
    try {
      int status = connection.getResponseCode();
      InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      if (body != null) {
        body.close();
      }
      return status;
    } finally {
      connection.disconnect();
    }
  }

  private static boolean isLoopback(String host) throws IOException {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return "localhost".equalsIgnoreCase(bare) || InetAddress.getByName(bare).isLoopbackAddress();
  }

  private static SSLContext trustingContext() throws GeneralSecurityException {
    TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, null);
    return context;
  }
}
