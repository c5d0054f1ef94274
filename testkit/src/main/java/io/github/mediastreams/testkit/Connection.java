package io.github.mediastreams.testkit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
  // The last request in progress on this connection: the next one waits for it, as in KMS.
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

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

  /**
   * Runs a request's work after the ones received before it on this connection, after a delay.
   * KMS reads a connection's next request only once it has handled the previous one, so a slow
   * request holds up those behind it on the same connection, and never another connection.
   */
  synchronized void inOrder(long delayNanos, Runnable work, ScheduledExecutorService scheduler) {
    if (delayNanos <= 0 && tail.isDone()) {
      work.run();
      return;
    }
    Executor executor = delayNanos > 0
        ? CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, scheduler)
        : scheduler;
    tail = tail.thenRunAsync(work, executor).exceptionally(e -> {
      log.warn("conn {}: a request failed", id, e);
      return null;
    });
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
