package io.github.mediastreams.signalling.jakarta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mediastreams.signalling.protocol.InvalidMessageException;
import io.github.mediastreams.signalling.protocol.MessageCodec;
import io.github.mediastreams.signalling.protocol.ServerMessage;
import io.github.mediastreams.signalling.protocol.TransportErrors;
import io.github.mediastreams.signalling.session.BrowserChannel;
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
 *             return type.cast(new JakartaSignallingEndpoint(sessions, new MessageCodec(), 64 * 1024));
 *         }
 *     })
 *     .build();
 * serverContainer.addEndpoint(config);
 * }</pre>
 */
public class JakartaSignallingEndpoint extends Endpoint {

	private static final Logger log = LoggerFactory.getLogger(JakartaSignallingEndpoint.class);

	private static final String SESSION = MediaSession.class.getName();

	private final MediaSessions sessions;

	private final MessageCodec codec;

	private final int maxMessageSize;

	/**
	 * @param sessions the application's sessions
	 * @param codec reads and writes protocol messages
	 * @param maxMessageSize the largest browser message answered, in bytes; a larger one gets an {@code error}
	 */
	public JakartaSignallingEndpoint(MediaSessions sessions, MessageCodec codec, int maxMessageSize) {
		this.sessions = sessions;
		this.codec = codec;
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public void onOpen(Session webSocket, EndpointConfig config) {
		// Room above the limit, so a message somewhat too large gets a clear error rather than a dropped connection.
		webSocket.setMaxTextMessageBufferSize((int) Math.min(Integer.MAX_VALUE, 4L * this.maxMessageSize));
		BrowserChannel browser = new SerialSender(webSocket, this.codec);
		MediaSession session = this.sessions.open(webSocket.getId(), browser);
		webSocket.getUserProperties().put(SESSION, session);
		webSocket.addMessageHandler(String.class, (MessageHandler.Whole<String>) (text) -> {
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
		closeSession(webSocket);
	}

	@Override
	public void onError(Session webSocket, Throwable failure) {
		log.info("Session {}: transport error: {}", webSocket.getId(), failure.getMessage());
		closeSession(webSocket);
	}

	private static void closeSession(Session webSocket) {
		if (webSocket.getUserProperties().remove(SESSION) instanceof MediaSession session) {
			session.close();
		}
	}

	/** Sends one message at a time on one connection; the lock is the connection's own. */
	private static final class SerialSender implements BrowserChannel {

		private final Session webSocket;

		private final MessageCodec codec;

		SerialSender(Session webSocket, MessageCodec codec) {
			this.webSocket = webSocket;
			this.codec = codec;
		}

		@Override
		public synchronized void send(ServerMessage message) {
			if (!this.webSocket.isOpen()) {
				return;
			}
			try {
				this.webSocket.getBasicRemote().sendText(this.codec.encode(message));
			}
			catch (IOException | RuntimeException ex) {
				log.info("Session {}: could not send '{}': {}", this.webSocket.getId(), message.id(), ex.getMessage());
			}
		}
	}
}
