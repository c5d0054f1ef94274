package io.github.mediastreams.testkit;

import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client WebSocket. Like KMS's transport it remembers the session its last successful
 * response named, so later requests without a {@code sessionId} are treated as that session's.
 */
final class Connection {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private final long id;
  private final WebSocket socket;
  private volatile String sessionId;

  Connection(long id, WebSocket socket) {
    this.id = id;
    this.socket = socket;
  }

  long id() {
    return id;
  }

  String sessionId() {
    return sessionId;
  }

  void bindSession(String sessionId) {
    this.sessionId = sessionId;
  }

  /** Sends a text frame; a connection that closed meanwhile loses it, as with a real server. */
  void send(String text) {
    if (log.isDebugEnabled()) {
      log.debug("conn {} <- {}", id, text);
    }
    try {
      socket.send(text);
    } catch (WebsocketNotConnectedException e) {
      log.debug("conn {} closed, dropped: {}", id, text);
    }
  }

  /** Closes the TCP connection without a close handshake, like a network failure. */
  void drop() {
    socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, "connection dropped by the test");
  }
}
