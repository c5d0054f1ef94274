package io.github.mediastreams.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions the server knows and which connection each is reachable on. As in KMS's
 * {@code MediaSet}, a session becomes known when it first references an object (create, invoke,
 * subscribe, ...), and {@code connect} with a session that is not known fails with
 * INVALID_SESSION. Sessions belong to the server, not to a connection: a dropped connection
 * leaves its session alive, and whichever connection uses the session last receives its events.
 *
 * <p>Each session has KMS's in-use flag: set by every use, and kept set for the sessions bound to
 * an open connection (KMS's transport keeps those alive four times per collector period). The
 * garbage collector clears the flag, and drops a session whose flag was already clear: one
 * that nobody used for a whole period, so a session dropped with its connection goes within
 * two periods.
 */
final class SessionRegistry {

  // Each known session and KMS's in-use flag for it.
  private final Map<String, Boolean> known = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();

  static String newSessionId() {
    return UUID.randomUUID().toString();
  }

  /** Marks the session as in use (KMS's {@code keepAliveSession(id, create=true)}). */
  void touch(String sessionId) {
    known.put(sessionId, true);
  }

  boolean isKnown(String sessionId) {
    return known.containsKey(sessionId);
  }

  /** Throws INVALID_SESSION for a session this server instance never saw. */
  void requireKnown(String sessionId) {
    if (known.computeIfPresent(sessionId, (id, inUse) -> true) == null) {
      throw new KmsError(KmsErrors.INVALID_SESSION, "Invalid session");
    }
  }

  /**
   * One pass of KMS's garbage collector ({@code MediaSet::doGarbageCollection}): the sessions of
   * open connections are kept alive first, as KMS's transport does; every other session in use
   * is marked unused, and those already unused are returned, for the caller to unreference.
   *
   * @return the sessions nobody used for a whole collector period
   */
  synchronized List<String> collect() {
    connections.keySet().forEach(sessionId -> known.computeIfPresent(sessionId, (id, inUse) -> true));
    List<String> inactive = new ArrayList<>();
    known.forEach((sessionId, inUse) -> {
      if (inUse) {
        // replace, not put: a session closed meanwhile must not come back.
        known.replace(sessionId, true, false);
      } else {
        inactive.add(sessionId);
      }
    });
    return inactive;
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

  /** The sessions bound to an open connection now. */
  Set<String> connected() {
    return Set.copyOf(connections.keySet());
  }

  int size() {
    return known.size();
  }
}
