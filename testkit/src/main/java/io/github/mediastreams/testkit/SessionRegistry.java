package io.github.mediastreams.testkit;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions the server knows and which connection each is reachable on. As in KMS's
 * {@code MediaSet}, a session becomes known when it first references an object (create, invoke,
 * subscribe, ...), and {@code connect} with a session that is not known fails with
 * INVALID_SESSION. Sessions belong to the server, not to a connection: a dropped connection
 * leaves its session alive, and whichever connection uses the session last receives its events.
 */
final class SessionRegistry {

  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();

  static String newSessionId() {
    return UUID.randomUUID().toString();
  }

  /** Marks the session as in use (KMS's {@code keepAliveSession(id, create=true)}). */
  void touch(String sessionId) {
    known.add(sessionId);
  }

  boolean isKnown(String sessionId) {
    return known.contains(sessionId);
  }

  /** Throws INVALID_SESSION for a session this server instance never saw. */
  void requireKnown(String sessionId) {
    if (!known.contains(sessionId)) {
      throw new KmsError(KmsErrors.INVALID_SESSION, "Invalid session");
    }
  }

  /** Routes the session's events to this connection from now on. */
  void bind(String sessionId, Connection connection) {
    connection.bindSession(sessionId);
    connections.put(sessionId, connection);
  }

  Connection connectionOf(String sessionId) {
    return connections.get(sessionId);
  }

  /** Forgets where a closed connection's sessions were reachable; the sessions themselves stay. */
  void unbind(Connection connection) {
    connections.values().removeIf(bound -> bound == connection);
  }

  /** {@code closeSession}: the session is gone, as are its routes. */
  void forget(String sessionId) {
    known.remove(sessionId);
    connections.remove(sessionId);
  }

  int size() {
    return known.size();
  }
}
