package io.github.mediastreams.signalling.jakarta;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mediastreams.signalling.browser.BrowserConnection;
import io.github.mediastreams.signalling.browser.BrowserTransport;
import io.github.mediastreams.signalling.protocol.InvalidMessageException;
import io.github.mediastreams.signalling.protocol.MessageCodec;
import io.github.mediastreams.signalling.protocol.ServerMessage;
import io.github.mediastreams.signalling.protocol.TransportErrors;
import io.github.mediastreams.signalling.session.MediaSession;
import io.github.mediastreams.signalling.session.MediaSessions;

/**
 * The signalling endpoint for a plain Jakarta WebSocket container, without Spring: the same protocol and the same
 * {@link MediaSessions} as the Spring endpoint. Register it with a configurator that hands out instances:
 *
 * <pre>{@code
 * ServerEndpointConfig config = ServerEndpointConfig.Builder.create(JakartaSignallingEndpoint.class, "/helloworld")
 *     .configurator(new ServerEndpointConfig.Configurator() {
 *         public <T> T getEndpointInstance(Class<T> type) {
 *             return type.cast(new JakartaSignallingEndpoint(sessions, codec, 64 * 1024, transport));
 *         }
 *     })
 *     .build();
 * serverContainer.addEndpoint(config);
 * }</pre>
 *
 * <p>
 * with one {@link BrowserTransport} for all connections, e.g.
 * {@code new BrowserTransport(codec, new BrowserTransport.Settings(Duration.ofSeconds(10), 512 * 1024,
 * Duration.ofSeconds(15), Duration.ofSeconds(30)), scheduler)}.
 */
public class JakartaSignallingEndpoint extends Endpoint {

	private static final Logger log = LoggerFactory.getLogger(JakartaSignallingEndpoint.class);

	private final MediaSessions sessions;

	private final MessageCodec codec;

	private final int maxMessageSize;

	private final BrowserTransport transport;

	// One endpoint instance per connection, as the default configurator makes them; a closed Jakarta session keeps
	// no user properties, so these live here.
	private BrowserConnection browser;

	private MediaSession session;

	/**
	 * @param sessions the application's sessions
	 * @param codec reads protocol messages
	 * @param maxMessageSize the largest browser message answered, in bytes; a larger one gets an {@code error}
	 * @param transport sends to browsers and checks they are still there
	 */
	public JakartaSignallingEndpoint(MediaSessions sessions, MessageCodec codec, int maxMessageSize,
			BrowserTransport transport) {
		this.sessions = sessions;
		this.codec = codec;
		this.maxMessageSize = maxMessageSize;
		this.transport = transport;
	}

	@Override
	public void onOpen(Session webSocket, EndpointConfig config) {
		// Room above the limit, so a message somewhat too large gets a clear error rather than a dropped connection.
		webSocket.setMaxTextMessageBufferSize((int) Math.min(Integer.MAX_VALUE, 4L * this.maxMessageSize));
		BrowserConnection browser = this.transport.open(webSocket, webSocket.getId(), this::closeSession);
		MediaSession session = this.sessions.open(webSocket.getId(), browser);
		synchronized (this) {
			this.browser = browser;
			this.session = session;
		}
		webSocket.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) (pong) -> browser.heard());
		webSocket.addMessageHandler(String.class, (MessageHandler.Whole<String>) (text) -> {
			browser.heard();
			int size = text.getBytes(StandardCharsets.UTF_8).length;
			if (size > this.maxMessageSize) {
				browser.send(TransportErrors.tooLarge(size, this.maxMessageSize));
				return;
			}
			try {
				session.receive(this.codec.decode(text));
			}
			catch (InvalidMessageException ex) {
				log.info("Session {}: invalid message: {}", webSocket.getId(), ex.getMessage());
				browser.send(new ServerMessage.Error(ex.getMessage()));
			}
		});
		webSocket.addMessageHandler(ByteBuffer.class,
				(MessageHandler.Whole<ByteBuffer>) (bytes) -> browser.send(TransportErrors.binaryRefused()));
	}

	@Override
	public void onClose(Session webSocket, CloseReason closeReason) {
		closeSession();
	}

	@Override
	public void onError(Session webSocket, Throwable failure) {
		log.info("Session {}: transport error: {}", webSocket.getId(), failure.getMessage());
		closeSession();
	}

	// The close, a transport error and a connection the transport gave up on all end here, once.
	private synchronized void closeSession() {
		if (this.browser != null) {
			this.browser.released();
			this.browser = null;
		}
		if (this.session != null) {
			this.session.close();
			this.session = null;
		}
	}
}
