package io.github.mediastreams.context;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on 127.0.0.1 standing in for the Context Broker: it records every request and
 * answers with scripted replies (204 once the script is used up).
 */
final class FakeBroker implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the broker received; header lookup ignores case, like HTTP. */
    record Request(String method, String path, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Reply> script = new ArrayDeque<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    FakeBroker() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request gets this answer (in the order given). */
    synchronized FakeBroker reply(int status, String body) {
        script.addLast(new Reply(status, body));
        return this;
    }

    synchronized FakeBroker reply(int status) {
        return reply(status, "");
    }

    /** Requests are recorded at once but not answered until {@link #release()}: a slow broker. */
    void holdAnswers() {
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body));
        try {
            hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Reply reply;
        synchronized (this) {
            reply = script.isEmpty() ? new Reply(204, "") : script.removeFirst();
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
