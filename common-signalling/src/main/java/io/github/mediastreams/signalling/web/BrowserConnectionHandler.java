package io.github.mediastreams.signalling.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import io.github.mediastreams.signalling.browser.BrowserConnection;
import io.github.mediastreams.signalling.browser.BrowserTransport;
import io.github.mediastreams.signalling.protocol.InvalidMessageException;
import io.github.mediastreams.signalling.protocol.MessageCodec;
import io.github.mediastreams.signalling.protocol.ServerMessage;
import io.github.mediastreams.signalling.protocol.TransportErrors;
import io.github.mediastreams.signalling.session.MediaSession;
import io.github.mediastreams.signalling.session.MediaSessions;

/**
 * The WebSocket handler of one browser connection (Spring's {@code PerConnectionWebSocketHandler} makes one per
 * connection): decodes messages, answers bad ones with an {@code error}, and hands the rest to the connection's
 * {@link MediaSession}. Text messages are taken in parts and joined up to {@code max-message-size}, so that the
 * container keeps a small buffer per connection. Sends and liveness go through a {@link BrowserConnection} of the
 * application's {@link BrowserTransport}: asynchronous, one at a time per connection, bounded in time and buffer,
 * with pings to find browsers that are gone without a word.
 */
public class BrowserConnectionHandler extends AbstractWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(BrowserConnectionHandler.class);

	private final MediaSessions sessions;

	private final MessageCodec codec;

	private final SignallingProperties properties;

	private final ConnectionsPerAddress connections;

	private final BrowserTransport transport;

	private InetAddress address;

	// Volatile and read once per message: the transport may end the connection, and closed() clear it, from another
	// thread at any moment.
	private volatile MediaSession session;

	private BrowserConnection browser;

	// The parts of the text message being received, and their size in bytes.
	private final StringBuilder parts = new StringBuilder();

	private long partsSize;

	/**
	 * @param sessions the application's sessions
	 * @param codec reads and writes protocol messages
	 * @param properties the connection limits
	 * @param connections the open connections per remote address
	 * @param transport sends to browsers and checks they are still there
	 */
	public BrowserConnectionHandler(MediaSessions sessions, MessageCodec codec, SignallingProperties properties,
			ConnectionsPerAddress connections, BrowserTransport transport) {
		this.sessions = sessions;
		this.codec = codec;
		this.properties = properties;
		this.connections = connections;
		this.transport = transport;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession webSocket) {
		Session nativeSession = webSocket instanceof NativeWebSocketSession n ? n.getNativeSession(Session.class) : null;
		if (nativeSession == null) {
			throw new IllegalStateException("Media Streams needs a Jakarta WebSocket container (Tomcat, Jetty)");
		}
		this.browser = this.transport.open(nativeSession, webSocket.getId(), this::closed);
		InetSocketAddress remote = webSocket.getRemoteAddress();
		InetAddress from = remote != null ? remote.getAddress() : null;
		if (from != null && !this.connections.tryAcquire(from)) {
			log.warn("Session {}: refused, {} has {} connections open already", webSocket.getId(), from,
					this.connections.limit());
			this.browser.send(new ServerMessage.Error("Too many connections from your address"));
			this.browser.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "Too many connections"));
			return;
		}
		this.address = from;
		this.session = this.sessions.open(webSocket.getId(), this.browser);
		log.debug("Session {}: connected from {}", webSocket.getId(), webSocket.getRemoteAddress());
	}

	@Override
	protected void handleTextMessage(WebSocketSession webSocket, TextMessage part) {
		MediaSession current = this.session;
		if (current == null) {
			return;
		}
		this.browser.heard();
		// Messages come in parts: the container's buffer stays small, and the limit is ours to count and explain.
		long limit = this.properties.maxMessageSize().toBytes();
		this.partsSize += part.getPayloadLength();
		if (this.partsSize <= limit) {
			this.parts.append(part.getPayload());
		}
		else {
			this.parts.setLength(0);
		}
		if (!part.isLast()) {
			return;
		}
		long size = this.partsSize;
		String text = this.parts.toString();
		this.parts.setLength(0);
		this.partsSize = 0;
		if (size > limit) {
			log.warn("Session {}: refused a message of {} bytes", webSocket.getId(), size);
			this.browser.send(TransportErrors.tooLarge(size, limit));
			return;
		}
		try {
			// A session closed meanwhile takes the message and does nothing with it.
			current.receive(this.codec.decode(text));
		}
		catch (InvalidMessageException ex) {
			log.info("Session {}: invalid message: {}", webSocket.getId(), ex.getMessage());
			this.browser.send(new ServerMessage.Error(ex.getMessage()));
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	protected void handlePongMessage(WebSocketSession webSocket, PongMessage message) {
		if (this.browser != null) {
			this.browser.heard();
		}
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession webSocket, BinaryMessage message) {
		if (this.session == null) {
			return;
		}
		this.browser.heard();
		log.info("Session {}: refused a binary message", webSocket.getId());
		this.browser.send(TransportErrors.binaryRefused());
	}

	@Override
	public void handleTransportError(WebSocketSession webSocket, Throwable exception) {
		log.info("Session {}: transport error: {}", webSocket.getId(), exception.getMessage());
		closed();
	}

	@Override
	public void afterConnectionClosed(WebSocketSession webSocket, CloseStatus status) {
		log.debug("Session {}: connection closed ({})", webSocket.getId(), status);
		closed();
	}

	// A transport error, the close that follows it, and a connection the transport gave up on all end here; the
	// second time finds nothing to do.
	private synchronized void closed() {
		if (this.browser != null) {
			this.browser.released();
		}
		if (this.session != null) {
			this.session.close();
			this.session = null;
		}
		if (this.address != null) {
			this.connections.release(this.address);
			this.address = null;
		}
	}
}
