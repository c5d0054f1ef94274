package io.github.mediastreams.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebDriver BiDi connection: JSON commands over a WebSocket, each answered by the message with
 * its id, and events ({@code "type": "event"}) handed to a listener on the WebSocket's thread.
 * Only what {@link HeadlessFirefox} needs; see the W3C WebDriver BiDi specification.
 */
final class BidiConnection implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final WebSocket socket;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();

    private BidiConnection(WebSocket socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /**
     * Connects to a BiDi endpoint.
     *
     * @param uri e.g. {@code ws://127.0.0.1:40123/session}
     * @param timeout how long to wait for the connection, and for each command's answer
     * @param events called with each event's method and params
     */
    static BidiConnection open(URI uri, Duration timeout, BiConsumer<String, Map<String, Object>> events) {
        Listener listener = new Listener(events);
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(timeout)
                .buildAsync(uri, listener).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
        BidiConnection connection = new BidiConnection(socket, timeout);
        listener.connection = connection;
        return connection;
    }

    /** Sends a command and waits for its result (the answer's {@code result}). */
    Map<String, Object> send(String method, Map<String, Object> params) {
        return send(method, params, this.timeout);
    }

    /** Sends a command and waits up to the given time for its result. */
    Map<String, Object> send(String method, Map<String, Object> params, Duration wait) {
        long id = this.ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        this.pending.put(id, answer);
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("id", id);
        command.put("method", method);
        command.put("params", params);
        try {
            this.socket.sendText(JSON.writeValueAsString(command), true).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Object> message = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            if ("error".equals(message.get("type"))) {
                throw new BidiException(method + " failed: " + message.get("error") + ": " + message.get("message"));
            }
            return HeadlessBrowser.asMap(message.get("result"));
        } catch (TimeoutException e) {
            throw new BidiException(method + " had no answer in " + wait.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new BidiException(method + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BidiException(method + " interrupted");
        } finally {
            this.pending.remove(id);
        }
    }

    @Override
    public void close() {
        if (!this.socket.isOutputClosed()) {
            this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        this.socket.abort();
    }

    private void received(String text, BiConsumer<String, Map<String, Object>> events) {
        @SuppressWarnings("unchecked")
        Map<String, Object> message = JSON.readValue(text, Map.class);
        if ("event".equals(message.get("type"))) {
            events.accept(String.valueOf(message.get("method")), HeadlessBrowser.asMap(message.get("params")));
        } else if (message.get("id") instanceof Number id) {
            CompletableFuture<Map<String, Object>> answer = this.pending.get(id.longValue());
            if (answer != null) {
                answer.complete(message);
            }
        }
    }

    private void closed(String why) {
        this.pending.values().forEach((answer) -> answer.completeExceptionally(new BidiException(why)));
    }

    /** A command the browser refused or did not answer. */
    static final class BidiException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BidiException(String message) {
            super(message);
        }
    }

    private static final class Listener implements WebSocket.Listener {

        private final BiConsumer<String, Map<String, Object>> events;
        private final StringBuilder text = new StringBuilder();
        private volatile BidiConnection connection;

        Listener(BiConsumer<String, Map<String, Object>> events) {
            this.events = events;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            this.text.append(data);
            if (last) {
                String message = this.text.toString();
                this.text.setLength(0);
                BidiConnection current = this.connection;
                if (current != null) {
                    try {
                        current.received(message, this.events);
                    } catch (RuntimeException e) {
                        System.err.println("[browser-testkit] unreadable BiDi message: " + e.getMessage());
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            BidiConnection current = this.connection;
            if (current != null) {
                current.closed("the browser closed the BiDi connection (" + statusCode + " " + reason + ")");
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            BidiConnection current = this.connection;
            if (current != null) {
                current.closed("the BiDi connection failed: " + error);
            }
        }
    }
}
