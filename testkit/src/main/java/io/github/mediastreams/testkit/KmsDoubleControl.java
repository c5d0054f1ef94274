package io.github.mediastreams.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An HTTP control port for a {@link KmsDouble} that runs in another process, e.g. in a container
 * started by {@link KmsDoubleMain} with {@code --control-port}: a test outside that JVM sees what
 * the application created and fires the media events KMS would raise. It uses only the double's
 * public API. Plain HTTP without authentication, so it listens on loopback unless told otherwise.
 *
 * <table>
 *   <caption>Requests (JSON in and out)</caption>
 *   <tr><td>{@code GET /objects?type=PlateDetectorFilter}</td>
 *       <td>the live objects of a type: {@code ["id", ...]}</td></tr>
 *   <tr><td>{@code GET /object?id=...}</td>
 *       <td>{@link KmsDouble#object}: the {@link KmsObject} as JSON; 404 when it is not alive</td></tr>
 *   <tr><td>{@code POST /plate-detected} {@code {"object": id, "plate": "--2748DKR"}}</td>
 *       <td>{@link KmsDouble#firePlateDetected}: {@code {"subscriptions": 1}}</td></tr>
 *   <tr><td>{@code POST /events} {@code {"object": id, "type": "CrowdDetectorOccupancy",
 *       "data": {...}}}</td>
 *       <td>{@link KmsDouble#fireEvent}: {@code {"subscriptions": 1}}</td></tr>
 * </table>
 *
 * <p>A request the double refuses (no such object, an event its type does not have, a field
 * missing) gets 400 with {@code {"error": "..."}}; an unknown path 404, a wrong method 405.
 */
public final class KmsDoubleControl implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KmsDoubleControl.class);

  private final KmsDouble kms;
  private final HttpServer server;
  private final ExecutorService executor;

  private KmsDoubleControl(KmsDouble kms, HttpServer server) {
    this.kms = kms;
    this.server = server;
    this.executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "kms-double-control");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts a control port for a double.
   *
   * @param kms the double to control
   * @param host the address to listen on, e.g. 127.0.0.1
   * @param port the TCP port; 0 picks a free one
   * @return the running control port
   * @throws UncheckedIOException if the port cannot be opened
   */
  public static KmsDoubleControl start(KmsDouble kms, String host, int port) {
    Objects.requireNonNull(kms, "kms");
    Objects.requireNonNull(host, "host");
    try {
      KmsDoubleControl control =
          new KmsDoubleControl(kms, HttpServer.create(new InetSocketAddress(host, port), 0));
      control.server.start();
      return control;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the control port " + host + ":" + port, e);
    }
  }

  /**
   * The TCP port the control listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The base URL of the control, e.g. {@code http://127.0.0.1:8889}.
   *
   * @return the URL
   */
  public URI uri() {
    String host = server.getAddress().getAddress().isAnyLocalAddress()
        ? "127.0.0.1" : server.getAddress().getHostString();
    return URI.create("http://" + host + ":" + port());
  }

  /** Stops listening. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      try {
        switch (path) {
          case "/objects" -> {
            requireMethod(method, "GET");
            String type = parameter(exchange.getRequestURI(), "type");
            reply(exchange, 200, Json.MAPPER.valueToTree(kms.liveObjectIds(type)));
          }
          case "/object" -> {
            requireMethod(method, "GET");
            String id = parameter(exchange.getRequestURI(), "id");
            reply(exchange, 200, Json.MAPPER.valueToTree(kms.object(id)));
          }
          case "/plate-detected" -> {
            requireMethod(method, "POST");
            JsonNode body = body(exchange);
            int subscriptions = kms.firePlateDetected(text(body, "object"), text(body, "plate"));
            log.info("Control: fired PlateDetected on {} ({} subscriptions)", text(body, "object"),
                subscriptions);
            reply(exchange, 200, subscriptions(subscriptions));
          }
          case "/events" -> {
            requireMethod(method, "POST");
            JsonNode body = body(exchange);
            JsonNode data = body.path("data");
            if (!data.isMissingNode() && !data.isObject()) {
              throw new IllegalArgumentException("Field 'data' must be a JSON object of the event's fields");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            data.properties().forEach(field ->
                fields.put(field.getKey(), Json.MAPPER.convertValue(field.getValue(), Object.class)));
            int subscriptions = kms.fireEvent(text(body, "object"), text(body, "type"), fields);
            log.info("Control: fired {} on {} ({} subscriptions)", text(body, "type"),
                text(body, "object"), subscriptions);
            reply(exchange, 200, subscriptions(subscriptions));
          }
          default -> reply(exchange, 404, error("No control at " + path
              + "; there are GET /objects?type=T, GET /object?id=ID, POST /plate-detected, POST /events"));
        }
      } catch (WrongMethod e) {
        exchange.getResponseHeaders().set("Allow", e.allowed);
        reply(exchange, 405, error(method + " " + path + " is not supported; use " + e.allowed));
      } catch (NoSuchElementException e) {
        reply(exchange, 404, error(e.getMessage()));
      } catch (IllegalArgumentException | JacksonException e) {
        reply(exchange, 400, error(e.getMessage()));
      }
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!allowed.equals(method)) {
      throw new WrongMethod(allowed);
    }
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    JsonNode body = Json.parse(text);
    if (!body.isObject()) {
      throw new IllegalArgumentException("The body must be a JSON object, not: " + text);
    }
    return body;
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!value.isString() || value.asString().isEmpty()) {
      throw new IllegalArgumentException("Field '" + field + "' (a string) is missing");
    }
    return value.asString();
  }

  private static String parameter(URI uri, String name) {
    String value = query(uri).get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Query parameter '" + name + "' is missing");
    }
    return value;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        parameters.put(decode(name), decode(value));
      }
    }
    return parameters;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static JsonNode subscriptions(int count) {
    return Json.object().put("subscriptions", count);
  }

  private static JsonNode error(String message) {
    return Json.object().put("error", String.valueOf(message));
  }

  private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A request with another method than the path takes. */
  private static final class WrongMethod extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String allowed;

    WrongMethod(String allowed) {
      super(null, null, false, false);
      this.allowed = allowed;
    }
  }
}
