package io.github.mediastreams.testkit.signalling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.net.ssl.SSLParameters;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client that talks to a Kurento application as the browser does, with the tutorials' signalling
 * messages ({@code start}, {@code onIceCandidate}, {@code stop}), for integration tests of such applications. It
 * trusts any certificate, since the applications under test serve self-signed ones.
 *
 * <pre>{@code
 * try (SignallingClient browser = SignallingClient.connect(URI.create("ws://127.0.0.1:" + port + "/helloworld"))) {
 *     browser.start(SignallingClient.chromiumOffer());
 *     JsonNode answer = browser.await("startResponse");
 * }
 * }</pre>
 */
public final class SignallingClient implements AutoCloseable {

	/** How long {@link #await(String)} waits. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final List<JsonNode> unread = new ArrayList<>();

	private final List<JsonNode> all = new ArrayList<>();

	private WebSocket webSocket;

	private volatile boolean closed;

	private volatile int closeCode = -1;

	private SignallingClient() {
	}

	/**
	 * Opens a connection.
	 * @param url the application's signalling URL, {@code ws://} or {@code wss://}
	 * @return the connected client
	 */
	public static SignallingClient connect(URI url) {
		return connect(url, Map.of());
	}

	/**
	 * Opens a connection with an {@code Origin} header, to test the application's origin check.
	 * @param url the application's signalling URL
	 * @param origin the origin to claim, or {@code null} for none
	 * @return the connected client
	 */
	public static SignallingClient connect(URI url, String origin) {
		return connect(url, origin == null ? Map.of() : Map.of("Origin", origin));
	}

	/**
	 * Opens a connection whose handshake carries these headers, e.g. the {@code X-Forwarded-For} of a reverse proxy.
	 * @param url the application's signalling URL
	 * @param headers the handshake's extra headers, by name
	 * @return the connected client
	 */
	public static SignallingClient connect(URI url, Map<String, String> headers) {
		SignallingClient client = new SignallingClient();
		HttpClient http = trustingClient().build();
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		headers.forEach(builder::header);
		client.webSocket = builder.buildAsync(url, client.new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
		return client;
	}

	/**
	 * An HTTP client builder that trusts any certificate and host name, as tests of apps with self-signed
	 * certificates need. Never for anything but a test's own loopback server.
	 * @return the builder
	 */
	public static HttpClient.Builder trustingClient() {
		return HttpClient.newBuilder().sslContext(TestTls.trustingAnyCertificate()).sslParameters(noHostnameCheck());
	}

	/** @return the SDP offer of a real Chromium with a fake camera and microphone */
	public static String chromiumOffer() {
		try (InputStream in = SignallingClient.class.getResourceAsStream("chromium-offer.sdp")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @param sdpOffer the offer to send in a {@code start} message */
	public void start(String sdpOffer) {
		send(Map.of("id", "start", "sdpOffer", sdpOffer));
	}

	/**
	 * Sends an {@code onIceCandidate} message.
	 * @param candidate the candidate line
	 * @param sdpMid its m-line's mid
	 * @param sdpMLineIndex its m-line's index
	 */
	public void iceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("candidate", candidate);
		fields.put("sdpMid", sdpMid);
		fields.put("sdpMLineIndex", sdpMLineIndex);
		send(Map.of("id", "onIceCandidate", "candidate", fields));
	}

	/** Sends a {@code stop} message. */
	public void stop() {
		send(Map.of("id", "stop"));
	}

	/** @param message a message to send as JSON */
	public void send(Map<String, ?> message) {
		sendText(JSON.writeValueAsString(message));
	}

	/** @param text any text frame, valid or not */
	public void sendText(String text) {
		this.webSocket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
	}

	/** @param bytes a binary frame */
	public void sendBinary(byte[] bytes) {
		this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(10, TimeUnit.SECONDS).join();
	}

	/**
	 * Waits for the next unread message with this {@code id}, and marks it read.
	 * @param id the message id, such as {@code startResponse}
	 * @return the message
	 * @throws AssertionError if none comes within {@link #DEFAULT_TIMEOUT}
	 */
	public JsonNode await(String id) {
		return await(id, DEFAULT_TIMEOUT);
	}

	/**
	 * Waits for the next unread message with this {@code id}, and marks it read.
	 * @param id the message id
	 * @param timeout how long to wait
	 * @return the message
	 * @throws AssertionError if none comes in time
	 */
	public JsonNode await(String id, Duration timeout) {
		return await((message) -> id.equals(message.path("id").asString()), "a '" + id + "' message", timeout);
	}

	/**
	 * Waits for the next unread message that matches, and marks it read.
	 * @param match what the message must be like
	 * @param description what is awaited, for the failure message
	 * @param timeout how long to wait
	 * @return the message
	 * @throws AssertionError if none comes in time
	 */
	public synchronized JsonNode await(Predicate<JsonNode> match, String description, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			for (Iterator<JsonNode> it = this.unread.iterator(); it.hasNext();) {
				JsonNode message = it.next();
				if (match.test(message)) {
					it.remove();
					return message;
				}
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new AssertionError("Expected " + description + " within " + timeout.toMillis()
						+ " ms; received " + summary());
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while waiting for " + description);
			}
		}
	}

	/** @return every message received so far, read or not, in order */
	public synchronized List<JsonNode> received() {
		return List.copyOf(this.all);
	}

	/**
	 * @param id a message id
	 * @return the messages received so far with that id, read or not, in order
	 */
	public synchronized List<JsonNode> received(String id) {
		return this.all.stream().filter((m) -> id.equals(m.path("id").asString())).toList();
	}

	/** @return whether the server has closed the connection */
	public boolean isClosed() {
		return this.closed;
	}

	/** @return the server's close code, or -1 while open */
	public int closeCode() {
		return this.closeCode;
	}

	/** Drops the connection without a close handshake, as a browser that crashes or loses its network does. */
	public void vanish() {
		this.webSocket.abort();
	}

	/** Closes the connection as a browser tab does, without {@code stop}. */
	@Override
	public void close() {
		if (!this.closed && !this.webSocket.isOutputClosed()) {
			this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally((ex) -> null).join();
		}
		this.webSocket.abort();
	}

	// SDP bodies would drown the one line that matters in a failure message.
	private String summary() {
		return this.all.stream().map((m) -> {
			String text = m.toString();
			return text.length() <= 160 ? text : text.substring(0, 160) + "…";
		}).toList().toString();
	}

	private synchronized void received(JsonNode message) {
		this.unread.add(message);
		this.all.add(message);
		notifyAll();
	}

	private synchronized void closed(int code) {
		this.closeCode = code;
		this.closed = true;
		notifyAll();
	}

	private static SSLParameters noHostnameCheck() {
		SSLParameters parameters = new SSLParameters();
		parameters.setEndpointIdentificationAlgorithm(null);
		return parameters;
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String complete = this.text.toString();
				this.text.setLength(0);
				received(JSON.readTree(complete));
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			closed(1006);
		}
	}
}
