package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import io.github.mediastreams.signalling.browser.BrowserTransport;
import io.github.mediastreams.signalling.mediaserver.MediaServerSettings;
import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.signalling.mediaserver.PipelineOwnership;
import io.github.mediastreams.signalling.mediaserver.SessionLimits;
import io.github.mediastreams.signalling.protocol.MessageCodec;
import io.github.mediastreams.signalling.session.MediaSessions;
import io.github.mediastreams.signalling.session.SessionObserver;
import io.github.mediastreams.testkit.KmsDoubleExtension;

/**
 * The container hands a connection's messages to its handler on one thread, while the transport may end the
 * connection from another (a browser that stopped answering pings): a message that arrives as its connection closes
 * is dropped quietly, with no exception for the container to log and no session opened again.
 */
class BrowserConnectionHandlerTest {

	@RegisterExtension
	static final KmsDoubleExtension kmsDouble = new KmsDoubleExtension();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final ExecutorService sides = Executors.newFixedThreadPool(2);

	private final SignallingProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
		.bindOrCreate("media-streams.signalling", SignallingProperties.class);

	private final MessageCodec codec = new MessageCodec();

	private final BrowserTransport transport = new BrowserTransport(this.codec, this.properties.transportSettings(),
			this.timer);

	private final MediaServers servers = new MediaServers(List.of(URI.create(kmsDouble.get().uri())),
			new MediaServerSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(30),
					Duration.ofMinutes(5), Duration.ofMinutes(1)),
			new PipelineOwnership("handler-test/" + UUID.randomUUID()), Duration.ofMinutes(1),
			new SessionLimits(1000, 1000, 16));

	private final MediaSessions sessions = new MediaSessions((context) -> {
		throw new AssertionError("no start is sent here");
	}, this.servers, this.properties.sessionSettings(), new SessionObserver() {
	}, this.pool, this.timer, Clock.systemUTC());

	@AfterEach
	void close() {
		this.sides.shutdownNow();
		this.transport.close();
		this.servers.close();
		this.pool.shutdownNow();
		this.timer.shutdownNow();
	}

	@Test
	void aMessageArrivingAsItsConnectionClosesIsDroppedQuietly() throws Exception {
		Queue<Throwable> thrown = new ConcurrentLinkedQueue<>();
		CyclicBarrier together = new CyclicBarrier(2);
		for (int i = 0; i < 20_000 && thrown.isEmpty(); i++) {
			BrowserConnectionHandler handler = new BrowserConnectionHandler(this.sessions, this.codec,
					this.properties, new ConnectionsPerAddress(100), this.transport);
			StandardWebSocketSession webSocket = new StandardWebSocketSession(new HttpHeaders(), new HashMap<>(),
					null, null);
			webSocket.initializeNativeSession(containerSession());
			handler.afterConnectionEstablished(webSocket);
			var message = this.sides.submit(() -> {
				together.await();
				handler.handleMessage(webSocket, new TextMessage("{\"id\":\"stop\"}"));
				return null;
			});
			var closing = this.sides.submit(() -> {
				together.await();
				handler.afterConnectionClosed(webSocket, CloseStatus.GOING_AWAY);
				return null;
			});
			for (var side : List.of(message, closing)) {
				try {
					side.get(5, TimeUnit.SECONDS);
				}
				catch (java.util.concurrent.ExecutionException ex) {
					thrown.add(ex.getCause());
				}
			}
		}
		assertThat(thrown).as("exceptions of messages that met their connection's close").isEmpty();
		// A session ends on its own task queue, after its close returns.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.sessions.size()).as("sessions left open").isZero());
	}

	// A container session that takes every send at once.
	private Session containerSession() {
		RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { RemoteEndpoint.Async.class }, (proxy, method, args) -> {
					if (method.getName().equals("sendText")) {
						((SendHandler) args[1]).onResult(new SendResult());
					}
					return null;
				});
		Map<String, Object> userProperties = new HashMap<>();
		return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Session.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "getAsyncRemote" -> remote;
					case "getUserProperties" -> userProperties;
					case "isOpen" -> true;
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> null;
				});
	}
}
