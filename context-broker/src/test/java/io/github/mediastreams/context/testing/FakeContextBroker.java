package io.github.mediastreams.context.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on 127.0.0.1 standing in for Orion or an NGSI-LD broker: it records every request and answers
 * with the replies the test scripted, then with the default status (204 unless told otherwise). Shared with the
 * apps' tests through this module's test jar.
 */
public final class FakeContextBroker implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A request as the broker received it; header names ignore case, as in HTTP. */
	public record Request(String method, String path, Map<String, String> headers, String body) {

		/** @return the header's value, whatever the case of its name */
		public String header(String name) {
			return this.headers.get(name);
		}

		/** @return the body as JSON */
		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path + " " + this.body;
		}
	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Deque<Integer> script = new ArrayDeque<>();

	private volatile int defaultStatus = 204;

	/** Starts the broker on a free loopback port. */
	public FakeContextBroker() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** @return the broker's base URL, for {@code context-broker.url} */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The next request not answered by an earlier script gets this status. */
	public synchronized FakeContextBroker reply(int status) {
		this.script.addLast(status);
		return this;
	}

	/** Every request the script does not cover gets this status. */
	public void answerByDefault(int status) {
		this.defaultStatus = status;
	}

	/** @return the requests received so far, in order */
	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** Forgets the requests and the script, and answers 204 again. */
	public synchronized void reset() {
		this.requests.clear();
		this.script.clear();
		this.defaultStatus = 204;
	}

	private void handle(HttpExchange exchange) throws IOException {
		Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		int status;
		synchronized (this) {
			this.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers,
					body));
			status = this.script.isEmpty() ? this.defaultStatus : this.script.removeFirst();
		}
		byte[] answer = (status >= 400) ? "{\"error\":\"Scripted\",\"description\":\"scripted by the test\"}"
			.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (answer.length > 0) {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
		}
		exchange.sendResponseHeaders(status, (answer.length == 0) ? -1 : answer.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
