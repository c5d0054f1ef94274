package io.github.mediastreams.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint, {@code ws://host:port/kurento} like KMS's; other paths are refused in
 * the handshake. Frames of one connection are handled in order on one worker thread, and
 * different connections in parallel on the others.
 */
final class WebSocketTransport extends WebSocketServer {

  /** Receives what happens on the transport. */
  interface Listener {

    void onMessage(Connection connection, String text);

    void onClose(Connection connection);
  }

  static final String PATH = "/kurento";

  private static final long WRITE_WATCH_MILLIS = 10;

  private static final Logger log = LoggerFactory.getLogger(WebSocketTransport.class);

  private final Listener listener;
  private final AtomicLong connectionIds;
  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicReference<Exception> startFailure = new AtomicReference<>();
  // Every TCP connection accepted, handshake done or not: Java-WebSocket's stop closes only
  // open WebSockets, and one accepted while it stops would hang its client's handshake.
  private final Set<SocketChannel> accepted = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService scheduler;
  // Java-WebSocket 1.6.0 can strand a frame sent off its selector thread: see resumeStrandedWrites.
  private volatile ScheduledFuture<?> writeWatch;

  WebSocketTransport(InetSocketAddress address, int workers, Listener listener,
      AtomicLong connectionIds, ScheduledExecutorService scheduler) {
    super(address, workers);
    this.listener = listener;
    this.connectionIds = connectionIds;
    this.scheduler = scheduler;
    setReuseAddr(true);
    setTcpNoDelay(true);
    setDaemon(true);
    // KMS checks its clients with JSON-RPC pings, never WebSocket pings, and kurento-client answers none:
    // Java-WebSocket's default check would drop every client after a couple of minutes.
    setConnectionLostTimeout(0);
    setWebSocketFactory(new DefaultWebSocketServerFactory() {
      @Override
      public SocketChannel wrapChannel(SocketChannel channel, SelectionKey key) {
        accepted.add(channel);
        return super.wrapChannel(channel, key);
      }
    });
  }

  /** Binds and starts serving; fails if the port cannot be bound. */
  void startAndWait() {
    start();
    try {
      if (!started.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("The KMS double did not start within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting the KMS double", e);
    }
    Exception failure = startFailure.get();
    if (failure != null) {
      throw new IllegalStateException("The KMS double could not listen on " + getAddress(),
          failure);
    }
    writeWatch = scheduler.scheduleWithFixedDelay(this::resumeStrandedWrites, WRITE_WATCH_MILLIS,
        WRITE_WATCH_MILLIS, TimeUnit.MILLISECONDS);
  }

  void stopAndWait() {
    ScheduledFuture<?> watch = writeWatch;
    if (watch != null) {
      watch.cancel(false);
    }
    try {
      stop(2000, "KMS double stopping");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A stopping KMS takes its TCP connections down with it, and listens no more. kurento-client
    // ignores close frames, so a close handshake alone could leave it writing into a connection
    // nobody reads; and one that reconnected while the server stopped would wait for answers
    // that never come. Only now, with the server socket closed, can no client come back.
    for (SocketChannel channel : accepted) {
      try {
        // A channel still registered with a selector closes only at its next select, which a
        // stopped server never runs: shut it down, which takes effect at once.
        channel.shutdownOutput();
        channel.shutdownInput();
        channel.close();
      } catch (IOException e) {
        log.debug("Could not close a connection", e);
      }
    }
    accepted.clear();
  }

  /**
   * Asks again for the writes of a connection whose frames wait while its key has lost its write
   * interest. Java-WebSocket 1.6.0's selector thread, once it has written out a connection's queue,
   * sets the key's interest back to reads only; a frame queued by another thread in between (as the
   * double answers on its worker and scheduler threads) has just asked for writes, and that request
   * is overwritten: the frame waits until something else wakes the connection, which for a client
   * awaiting its answer is never. Seen as a request answered by the double's log and never by the
   * client (about one transcript replay in ten).
   */
  private void resumeStrandedWrites() {
    for (WebSocket socket : getConnections()) {
      if (!(socket instanceof WebSocketImpl impl) || !impl.hasBufferedData()) {
        continue;
      }
      SelectionKey key = impl.getSelectionKey();
      try {
        if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
          onWriteDemand(impl);
        }
      } catch (CancelledKeyException e) {
        // Closing: nothing is to be written any more.
      }
    }
  }

  /** Closes every client connection abruptly; the server goes on listening. */
  void dropConnections() {
    for (WebSocket socket : getConnections()) {
      Connection connection = socket.getAttachment();
      if (connection != null) {
        connection.drop();
      } else {
        socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped");
      }
    }
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket socket,
      Draft draft, ClientHandshake request) throws InvalidDataException {
    String path = URI.create(request.getResourceDescriptor()).getPath();
    if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
      log.debug("Refusing a WebSocket on {}", request.getResourceDescriptor());
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION,
          "KMS listens on " + PATH + " only");
    }
    return super.onWebsocketHandshakeReceivedAsServer(socket, draft, request);
  }

  @Override
  public void onOpen(WebSocket socket, ClientHandshake handshake) {
    Connection connection = new Connection(connectionIds.incrementAndGet(), socket);
    socket.setAttachment(connection);
    log.debug("conn {} opened from {}", connection.id(), socket.getRemoteSocketAddress());
  }

  @Override
  public void onMessage(WebSocket socket, String text) {
    Connection connection = socket.getAttachment();
    if (connection != null) {
      listener.onMessage(connection, text);
    }
  }

  @Override
  public void onClose(WebSocket socket, int code, String reason, boolean remote) {
    accepted.removeIf(channel -> !channel.isOpen());
    Connection connection = socket.getAttachment();
    if (connection != null) {
      log.debug("conn {} closed: {} {}", connection.id(), code, reason);
      listener.onClose(connection);
    }
  }

  @Override
  public void onError(WebSocket socket, Exception e) {
    if (socket == null) {
      // An error without a connection is the server socket failing, e.g. port in use.
      startFailure.compareAndSet(null, e);
      started.countDown();
    } else {
      log.debug("WebSocket error", e);
    }
  }

  @Override
  public void onStart() {
    started.countDown();
  }
}
