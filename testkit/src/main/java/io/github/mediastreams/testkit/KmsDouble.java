package io.github.mediastreams.testkit;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for Kurento Media Server 7.3 that speaks its JSON-RPC protocol over a real
 * WebSocket at {@code ws://127.0.0.1:<port>/kurento}, so that an unchanged
 * {@code kurento-client} (or any KMS client) can be tested without a media server. It keeps
 * pipelines, elements, connections, sessions and subscriptions like KMS, answers SDP offers,
 * emits ICE candidates and the ICE and media-flow events a real KMS reports (as
 * {@link #media()} says: media flows, ICE fails, or nothing), and lets the test fire events,
 * inject faults, load and silence, and inspect what the application asked for. No media flows.
 *
 * <pre>{@code
 * try (KmsDouble kms = KmsDouble.start()) {
 *   KurentoClient kurento = KurentoClient.create(kms.uri());
 *   ...
 *   assertThat(kms.liveObjectCount("WebRtcEndpoint")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe: tests may use it while many clients talk to it.
 */
public final class KmsDouble implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KmsDouble.class);

  private final Builder options;
  private final TypeCatalogue catalogue = TypeCatalogue.kms();
  private final Faults faults = new Faults();
  private final MediaBehaviour media = new MediaBehaviour();
  private final ServerLoad load = new ServerLoad();
  private final RequestLog requestLog;
  private final ScheduledThreadPoolExecutor scheduler;
  private final SilentPorts candidatePorts;
  private final AtomicLong connectionIds = new AtomicLong();
  private volatile KmsProtocol protocol;
  private volatile WebSocketTransport transport;
  private volatile int port;
  private volatile boolean running;

  private KmsDouble(Builder options) {
    this.options = options;
    this.requestLog = new RequestLog(options.requestLogLimit);
    this.scheduler = new ScheduledThreadPoolExecutor(2, daemonThreads("kms-double-delay"));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.candidatePorts = SilentPorts.bind(options.candidateAddress);
    if (options.garbageCollectorPeriod != null) {
      long period = options.garbageCollectorPeriod.toMillis();
      this.scheduler.scheduleWithFixedDelay(() -> {
        if (running) {
          collectGarbage();
        }
      }, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts a double on a random free port of 127.0.0.1.
   *
   * @return the running double
   */
  public static KmsDouble start() {
    return builder().start();
  }

  /**
   * Options for a double: port, bind address, address of the ICE candidates, log size.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The WebSocket URI to give {@code KurentoClient.create}, e.g.
   * {@code ws://127.0.0.1:41234/kurento}.
   *
   * @return the URI as a string
   */
  public String uri() {
    String host = options.host.equals("0.0.0.0") ? "127.0.0.1" : options.host;
    return "ws://" + host + ":" + port + WebSocketTransport.PATH;
  }

  /**
   * The same as {@link #uri()} as a {@link URI}.
   *
   * @return the URI
   */
  public URI toURI() {
    return URI.create(uri());
  }

  /**
   * The TCP port; it stays the same across {@link #restart()}.
   *
   * @return the port the double listens on
   */
  public int port() {
    return port;
  }

  /**
   * The id this server instance reports in {@code connect} responses; a restart changes it.
   *
   * @return the server id
   */
  public String serverId() {
    return protocol.serverId();
  }

  /**
   * Whether the double is listening.
   *
   * @return true between start and stop
   */
  public boolean isRunning() {
    return running;
  }

  /**
   * The faults to inject: delays and errors on chosen calls. Kept across {@link #restart()},
   * cleared by {@link #reset()}.
   *
   * @return the fault settings of this double
   */
  public Faults faults() {
    return faults;
  }

  /**
   * What ICE and media do on the endpoints after they gather candidates: by default ICE
   * connects and media flows shortly after; or ICE fails; or nothing happens until the test
   * fires events. Kept across {@link #restart()}, cleared by {@link #reset()}.
   *
   * @return the media settings of this double
   */
  public MediaBehaviour media() {
    return media;
  }

  /**
   * What the {@code ServerManager} reports about the machine: CPU, memory, cores. Kept across
   * {@link #restart()}, cleared by {@link #reset()}.
   *
   * @return the load settings of this double
   */
  public ServerLoad load() {
    return load;
  }

  /**
   * Stops answering while keeping every TCP connection open, as a media server whose process
   * hangs (or whose answers a network drops) does: requests on every connection, and on new
   * ones, wait; no pong comes back. Objects and sessions stay. {@link #endSilence()} answers
   * what waited, in order; a {@link #restart()} forgets it.
   */
  public void goSilent() {
    protocol.goSilent();
    log.info("KMS double on port {} went silent", port);
  }

  /** Answers again, first the requests that waited during the silence, in arrival order. */
  public void endSilence() {
    protocol.endSilence();
    log.info("KMS double on port {} answers again", port);
  }

  /**
   * Whether the double is silent now.
   *
   * @return true between {@link #goSilent()} and {@link #endSilence()} or a restart
   */
  public boolean isSilent() {
    return protocol.isSilent();
  }

  /**
   * Stops listening and closes every connection. Idempotent. Objects are kept only until a
   * {@link #restart()}, which forgets them.
   */
  public synchronized void stop() {
    if (running) {
      running = false;
      transport.stopAndWait();
      log.info("KMS double on port {} stopped", port);
    }
  }

  /**
   * Emulates a KMS restart: stops, then listens again on the same port as a new server
   * instance, with a new server id and no objects, sessions or subscriptions. A kurento-client
   * reconnecting afterwards gets INVALID_SESSION (40007) for its old session and treats the
   * server as new. Faults and the request log are kept.
   */
  public synchronized void restart() {
    stop();
    protocol = newProtocol();
    listen(port);
  }

  /** Stops the double and its threads; the double cannot be used afterwards. */
  @Override
  public synchronized void close() {
    stop();
    scheduler.shutdownNow();
    candidatePorts.close();
  }

  /**
   * Closes every client connection abruptly, as a network failure would, while the server
   * stays up and keeps every object and session: a reconnecting kurento-client resumes its
   * session and sees the same server.
   */
  public void dropConnections() {
    WebSocketTransport current = transport;
    if (current != null) {
      current.dropConnections();
    }
  }

  /** Clears faults, media and load settings and the request log, e.g. between tests; objects stay. */
  public void reset() {
    reset(false);
  }

  /**
   * Clears faults, media and load settings and the request log and, if asked, releases every
   * object.
   *
   * @param releaseObjects whether to release all objects too
   */
  public void reset(boolean releaseObjects) {
    faults.clear();
    media.clear();
    load.clear();
    requestLog.clear();
    if (releaseObjects) {
      releaseAll();
    }
  }

  /** Releases every live object, as if each pipeline had been released. */
  public void releaseAll() {
    protocol.objects().releaseAll();
  }

  /**
   * How many objects are alive, pipelines included.
   *
   * @return the number of live objects
   */
  public int liveObjectCount() {
    return protocol.objects().size();
  }

  /**
   * How many live objects have this type.
   *
   * @param type a class name ({@code "WebRtcEndpoint"}) or qualified name
   *     ({@code "platedetector.PlateDetectorFilter"})
   * @return the number of live objects of that type
   */
  public int liveObjectCount(String type) {
    return liveObjectIds(type).size();
  }

  /**
   * The number of live objects per class name, sorted by name.
   *
   * @return e.g. {@code {MediaPipeline=1, WebRtcEndpoint=2}}
   */
  public Map<String, Integer> liveObjects() {
    return protocol.objects().countByType();
  }

  /**
   * The ids of the live objects of a type, sorted.
   *
   * @param type a class name or qualified name
   * @return the ids, empty if none
   */
  public List<String> liveObjectIds(String type) {
    return protocol.objects().idsOfType(Objects.requireNonNull(type, "type"));
  }

  /**
   * A snapshot of a live object: type, parent, connections, ICE candidates, overlay, SDPs...
   *
   * @param id the KMS object id
   * @return the snapshot
   * @throws NoSuchElementException if no live object has this id
   */
  public KmsObject object(String id) {
    return findObject(id).orElseThrow(
        () -> new NoSuchElementException("No live KMS object " + id + "; live: " + liveObjects()));
  }

  /**
   * Like {@link #object(String)}, empty when the object is released or unknown.
   *
   * @param id the KMS object id
   * @return the snapshot, if the object is alive
   */
  public Optional<KmsObject> findObject(String id) {
    return Optional.ofNullable(protocol.objects().findOrNull(id)).map(KmsObject::of);
  }

  /**
   * The KMS sessions that reference an object now: the session that created it and every session
   * that has called it since (any {@code invoke}, {@code subscribe} or {@code describe}). KMS
   * frees an object when no session references it any more.
   *
   * @param id the object's id
   * @return the sessions' ids, empty when the object is gone
   */
  public Set<String> sessionsReferencing(String id) {
    MediaObjectState state = protocol.objects().findOrNull(id);
    return state == null ? Set.of() : state.sessions();
  }

  /**
   * The KMS sessions bound to an open connection now: those a client still reaches, and which
   * the garbage collector keeps alive. A client that closed its connection leaves this set once
   * the server has seen the close.
   *
   * @return the sessions' ids
   */
  public Set<String> connectedSessions() {
    return protocol.sessions().connected();
  }

  /**
   * Runs one pass of KMS's garbage collector now, as KMS does every 240 s (or every
   * {@link Builder#garbageCollectorPeriod}): the sessions of open connections are kept alive;
   * a session that nobody used since the previous pass is closed, and what no other session
   * references goes with it. A client that dropped its connection without {@code closeSession}
   * thus loses its objects within two passes, unless another live session has called them.
   *
   * @return how many objects were released
   */
  public int collectGarbage() {
    return protocol.collectGarbage().size();
  }

  /**
   * The candidate strings an endpoint received through {@code addIceCandidate}, in arrival
   * order.
   *
   * @param endpointId the WebRtcEndpoint's id
   * @return the {@code candidate:...} strings
   * @throws NoSuchElementException if no live object has this id
   */
  public List<String> iceCandidatesReceived(String endpointId) {
    List<String> candidates = new ArrayList<>();
    object(endpointId).iceCandidates().forEach(c -> candidates.add(c.candidate()));
    return candidates;
  }

  /**
   * Every request received since the start or the last {@link #clearRequests()}, in arrival
   * order; operations of a transaction follow it, marked {@link RecordedRequest#inTransaction()}.
   *
   * @return an immutable snapshot of the log
   */
  public List<RecordedRequest> requests() {
    return requestLog.snapshot();
  }

  /**
   * The recorded requests of one method or invoke operation.
   *
   * @param methodOrOperation e.g. {@code "create"} or {@code "processOffer"}
   * @return the matching requests, in arrival order
   */
  public List<RecordedRequest> requests(String methodOrOperation) {
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest request : requestLog.snapshot()) {
      if (request.is(methodOrOperation)) {
        matching.add(request);
      }
    }
    return matching;
  }

  /** Empties the request log. */
  public void clearRequests() {
    requestLog.clear();
  }

  /**
   * Emits an event from an object, as KMS would: an {@code onEvent} to each subscription of
   * that type, with {@code source}, {@code tags} and {@code timestampMillis} added to the data.
   *
   * @param objectId the live object the event comes from
   * @param type the event type, e.g. {@code "EndOfStream"}
   * @param data the event's own fields (a {@code "type"} entry overrides {@code data.type})
   * @return how many subscriptions received it (0 when nobody subscribed)
   * @throws IllegalArgumentException if the object is not alive or its class has no such event
   */
  public int fireEvent(String objectId, String type, Map<String, ?> data) {
    KmsProtocol current = protocol;
    MediaObjectState source = current.objects().findOrNull(objectId);
    if (source == null) {
      throw new IllegalArgumentException("No live KMS object " + objectId);
    }
    if (!current.catalogue().supportsEvent(source.type(), type)) {
      throw new IllegalArgumentException(source.type() + " has no event " + type);
    }
    return current.events().publish(source, type, data == null ? Map.of() : data);
  }

  /**
   * Emits a PlateDetected event from a PlateDetectorFilter, shaped like KMS's (its
   * {@code data.type} is {@code "plate-detected"}).
   *
   * @param filterId the PlateDetectorFilter's id
   * @param plate the plate as KMS reports it, e.g. {@code "--2748DKR"}
   * @return how many subscriptions received it
   */
  public int firePlateDetected(String filterId, String plate) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("plate", plate);
    data.put("type", "plate-detected");
    return fireEvent(filterId, "PlateDetected", data);
  }

  /**
   * Emits a CrowdDetectorOccupancy event from a CrowdDetectorFilter.
   *
   * @param filterId the CrowdDetectorFilter's id
   * @param roiId the region of interest, e.g. {@code "roi0"}
   * @param occupancyPercentage the occupied share of the region, 0 to 100
   * @param occupancyLevel the occupancy level, 0 to 3
   * @return how many subscriptions received it
   */
  public int fireCrowdOccupancy(String filterId, String roiId, double occupancyPercentage,
      int occupancyLevel) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("occupancyLevel", occupancyLevel);
    data.put("occupancyPercentage", kmsNumber(occupancyPercentage));
    data.put("roiId", roiId);
    return fireEvent(filterId, "CrowdDetectorOccupancy", data);
  }

  /**
   * Emits a CrowdDetectorFluidity event from a CrowdDetectorFilter.
   *
   * @param filterId the CrowdDetectorFilter's id
   * @param roiId the region of interest, e.g. {@code "roi0"}
   * @param fluidityPercentage the fluidity, 0 to 100
   * @param fluidityLevel the fluidity level, 0 to 3
   * @return how many subscriptions received it
   */
  public int fireCrowdFluidity(String filterId, String roiId, double fluidityPercentage,
      int fluidityLevel) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("fluidityLevel", fluidityLevel);
    data.put("fluidityPercentage", kmsNumber(fluidityPercentage));
    data.put("roiId", roiId);
    return fireEvent(filterId, "CrowdDetectorFluidity", data);
  }

  /**
   * Emits a CrowdDetectorDirection event from a CrowdDetectorFilter (KMS raises it for regions
   * whose config has {@code sendOpticalFlowEvent}).
   *
   * @param filterId the CrowdDetectorFilter's id
   * @param roiId the region of interest, e.g. {@code "roi0"}
   * @param directionAngle the direction of movement in degrees (left 0, up 90, right 180, down 270)
   * @return how many subscriptions received it
   */
  public int fireCrowdDirection(String filterId, String roiId, double directionAngle) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("directionAngle", kmsNumber(directionAngle));
    data.put("roiId", roiId);
    return fireEvent(filterId, "CrowdDetectorDirection", data);
  }

  /**
   * Emits an EndOfStream event from a PlayerEndpoint, as when its media ends.
   *
   * @param playerId the PlayerEndpoint's id
   * @return how many subscriptions received it
   */
  public int fireEndOfStream(String playerId) {
    return fireEvent(playerId, "EndOfStream", Map.of());
  }

  /**
   * Emits an Error event from an object, as KMS does for media errors.
   *
   * @param objectId the object's id
   * @param description the error text
   * @param errorCode the error code
   * @param type the error type name, e.g. {@code "STREAM_ERROR"}
   * @return how many subscriptions received it
   */
  public int fireError(String objectId, String description, int errorCode, String type) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("description", description);
    data.put("errorCode", errorCode);
    data.put("type", type);
    return fireEvent(objectId, "Error", data);
  }

  /** jsoncpp writes a float with no fraction as an integer (e.g. 29), so the double does too. */
  private static Number kmsNumber(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : value;
  }

  private KmsProtocol newProtocol() {
    return new KmsProtocol(catalogue, faults, requestLog, scheduler, candidatePorts,
        media, load);
  }

  private void listen(int requestedPort) {
    WebSocketTransport.Listener listener = new WebSocketTransport.Listener() {
      @Override
      public void onMessage(Connection connection, String text) {
        protocol.onMessage(connection, text);
      }

      @Override
      public void onClose(Connection connection) {
        protocol.onClose(connection);
      }
    };
    WebSocketTransport next = new WebSocketTransport(
        new InetSocketAddress(options.host, requestedPort), options.workers, listener,
        connectionIds, scheduler);
    next.startAndWait();
    transport = next;
    port = next.getPort();
    running = true;
    log.info("KMS double listening on {} (server id {})", uri(), protocol.serverId());
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Options of a {@link KmsDouble}. */
  public static final class Builder {

    private int port;
    private String host = "127.0.0.1";
    private String candidateAddress = "127.0.0.1";
    private int requestLogLimit = 100_000;
    private int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
    private Duration garbageCollectorPeriod;

    private Builder() {
    }

    /**
     * Runs KMS's garbage collector every period, as KMS does every 240 s; by default it runs only
     * when a test calls {@link KmsDouble#collectGarbage()}, so that time is the test's.
     *
     * @param period the time between two passes
     * @return this builder
     */
    public Builder garbageCollectorPeriod(Duration period) {
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period " + period);
      }
      this.garbageCollectorPeriod = period;
      return this;
    }

    /**
     * The TCP port; 0 (the default) picks a free one.
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The address to listen on; 127.0.0.1 by default. Use 0.0.0.0 to serve other hosts.
     *
     * @param host an IP address or host name
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The address in the ICE candidates the double emits; 127.0.0.1 by default.
     *
     * @param address an IP address
     * @return this builder
     */
    public Builder candidateAddress(String address) {
      this.candidateAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * How many requests the log keeps before dropping the oldest; 100 000 by default.
     *
     * @param limit the maximum number of recorded requests
     * @return this builder
     */
    public Builder requestLogLimit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit " + limit);
      }
      this.requestLogLimit = limit;
      return this;
    }

    /**
     * How many threads handle WebSocket frames; by default the number of cores, at least 2.
     *
     * @param workers the number of worker threads
     * @return this builder
     */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers " + workers);
      }
      this.workers = workers;
      return this;
    }

    /**
     * Starts a double with these options.
     *
     * @return the running double
     */
    public KmsDouble start() {
      Builder copy = new Builder();
      copy.port = port;
      copy.host = host;
      copy.candidateAddress = candidateAddress;
      copy.requestLogLimit = requestLogLimit;
      copy.workers = workers;
      copy.garbageCollectorPeriod = garbageCollectorPeriod;
      KmsDouble kms = new KmsDouble(copy);
      kms.protocol = kms.newProtocol();
      try {
        kms.listen(copy.port);
      } catch (RuntimeException e) {
        kms.scheduler.shutdownNow();
        kms.candidatePorts.close();
        throw e;
      }
      return kms;
    }
  }
}
