package io.github.mediastreams.signalling.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Takes the transport errors that come after a connection is closed for what they are: the end of a connection
 * already ended, not a failure. When the server closes a connection to a browser that reads nothing (silent, or
 * too slow), the container reports the failed close frame after the close; Spring's
 * {@code PerConnectionWebSocketHandler} has already let go of that connection's handler and throws, which
 * {@code ExceptionWebSocketHandlerDecorator} would log at ERROR, with a stack trace, for an event that is expected.
 */
public class ClosedConnectionErrorsDecorator extends WebSocketHandlerDecorator {

	private static final Logger log = LoggerFactory.getLogger(ClosedConnectionErrorsDecorator.class);

	/** @param delegate the handler of the open connections */
	public ClosedConnectionErrorsDecorator(WebSocketHandler delegate) {
		super(delegate);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		if (!session.isOpen()) {
			log.debug("Session {}: transport error after the close: {}", session.getId(), exception.toString());
			return;
		}
		super.handleTransportError(session, exception);
	}
}
