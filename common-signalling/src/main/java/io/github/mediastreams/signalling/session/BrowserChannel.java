package io.github.mediastreams.signalling.session;

import io.github.mediastreams.signalling.protocol.ServerMessage;

/**
 * The way to one browser. Implementations adapt a WebSocket session (Spring's, or a plain Jakarta one) and must
 * send one message at a time: {@link #send} is called from several threads.
 */
public interface BrowserChannel {

	/**
	 * Sends a message; a failure to send is the implementation's to log, not the caller's to handle.
	 * @param message the message
	 */
	void send(ServerMessage message);

	/**
	 * Closes the connection because the server is going away (WebSocket close code 1001), once what was sent
	 * before has gone out, or could not.
	 */
	void close();
}
