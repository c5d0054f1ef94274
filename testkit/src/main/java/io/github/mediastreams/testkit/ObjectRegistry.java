package io.github.mediastreams.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The live media objects of one server instance, with KMS's id scheme
 * ({@code <uuid>_kurento.MediaPipeline}, {@code <pipelineId>/<uuid>_<module>.<Type>}) and its
 * lifetime rules: a pipeline takes its elements with it; releasing what is already gone is not
 * an error; an object lives while some session references it, so {@code closeSession} releases
 * what only that session used.
 *
 * <p>Lookups are lock-free; structural changes (create, release) take the registry's lock so a
 * pipeline being released cannot gain a child halfway.
 */
final class ObjectRegistry {

  /** KMS's fixed id of its ServerManager, as kurento-client asks for it. */
  static final String SERVER_MANAGER_ID = "manager_ServerManager";

  private final ConcurrentHashMap<String, MediaObjectState> objects = new ConcurrentHashMap<>();
  // Always there, never counted as a live object, never released: it is the server itself.
  private final MediaObjectState serverManager = new MediaObjectState(SERVER_MANAGER_ID,
      "ServerManager", "kurento.ServerManager", null, Map.of(), System.currentTimeMillis() / 1000, 0);
  private final AtomicLong sequence = new AtomicLong();
  private final TypeCatalogue catalogue;
  private final Consumer<String> onRelease;

  /**
   * @param catalogue the known classes
   * @param onRelease told the id of every object released, e.g. to drop its subscriptions
   */
  ObjectRegistry(TypeCatalogue catalogue, Consumer<String> onRelease) {
    this.catalogue = catalogue;
    this.onRelease = onRelease;
  }

  /**
   * Creates an object after the caller checked the type and the constructor parameters.
   *
   * @param pipelineId the pipeline for an element, null for a pipeline
   */
  synchronized MediaObjectState create(String type, String pipelineId,
      Map<String, Object> constructorParams, String sessionId) {
    String qualifiedType = catalogue.get(type).qualifiedName();
    String suffix = UUID.randomUUID() + "_" + qualifiedType;
    String id;
    if (pipelineId == null) {
      id = suffix;
    } else {
      MediaObjectState pipeline = find(pipelineId);
      pipeline.addSession(sessionId);
      id = pipeline.id() + "/" + suffix;
    }
    MediaObjectState state = new MediaObjectState(id, type, qualifiedType, pipelineId,
        Collections.unmodifiableMap(new LinkedHashMap<>(constructorParams)), System.currentTimeMillis() / 1000,
        sequence.incrementAndGet());
    state.addSession(sessionId);
    objects.put(id, state);
    return state;
  }

  MediaObjectState serverManager() {
    return serverManager;
  }

  /** The live object, or MEDIA_OBJECT_NOT_FOUND. */
  MediaObjectState find(String id) {
    MediaObjectState state = findOrNull(id);
    if (state == null) {
      throw KmsError.objectNotFound(id);
    }
    return state;
  }

  MediaObjectState findOrNull(String id) {
    if (SERVER_MANAGER_ID.equals(id)) {
      return serverManager;
    }
    return id == null ? null : objects.get(id);
  }

  /** KMS's {@code getMediaObject(session, id)}: using an object makes the session reference it. */
  MediaObjectState use(String sessionId, String id) {
    MediaObjectState state = find(id);
    if (state.isServerManager()) {
      return state;
    }
    state.addSession(sessionId);
    if (!state.isPipeline()) {
      MediaObjectState pipeline = findOrNull(state.parentId());
      if (pipeline != null) {
        pipeline.addSession(sessionId);
      }
    }
    return state;
  }

  /** Releases the object and, for a pipeline, its elements; unknown ids are ignored like KMS. */
  synchronized List<String> release(String id) {
    MediaObjectState state = objects.get(id);
    if (state == null) {
      return List.of();
    }
    List<String> released = new ArrayList<>();
    if (state.isPipeline()) {
      for (MediaObjectState child : children(id)) {
        remove(child, released);
      }
    }
    remove(state, released);
    return released;
  }

  /** {@code closeSession}: objects no other session references go away. */
  synchronized List<String> unrefSession(String sessionId) {
    List<String> released = new ArrayList<>();
    for (MediaObjectState state : List.copyOf(objects.values())) {
      if (state.referencedBy(sessionId) && state.removeSession(sessionId)
          && objects.containsKey(state.id())) {
        released.addAll(release(state.id()));
      }
    }
    return released;
  }

  private void remove(MediaObjectState state, List<String> released) {
    if (objects.remove(state.id()) == null) {
      return;
    }
    for (String sinkId : state.sinks()) {
      MediaObjectState sink = objects.get(sinkId);
      if (sink != null) {
        sink.removeSource(state.id());
      }
    }
    for (String sourceId : state.sources()) {
      MediaObjectState source = objects.get(sourceId);
      if (source != null) {
        source.disconnectFrom(state.id());
      }
    }
    released.add(state.id());
    onRelease.accept(state.id());
  }

  /** The ids of the objects a session references. */
  List<String> referencedBy(String sessionId) {
    List<String> ids = new ArrayList<>();
    objects.values().forEach(state -> {
      if (state.referencedBy(sessionId)) {
        ids.add(state.id());
      }
    });
    return ids;
  }

  List<MediaObjectState> children(String pipelineId) {
    List<MediaObjectState> children = new ArrayList<>();
    for (MediaObjectState state : objects.values()) {
      if (pipelineId.equals(state.parentId())) {
        children.add(state);
      }
    }
    children.sort((a, b) -> Long.compare(a.order(), b.order()));
    return children;
  }

  int size() {
    return objects.size();
  }

  /** Live objects per type name, sorted by type. */
  Map<String, Integer> countByType() {
    Map<String, Integer> counts = new TreeMap<>();
    objects.values().forEach(state -> counts.merge(state.type(), 1, Integer::sum));
    return counts;
  }

  List<String> idsOfType(String type) {
    List<String> ids = new ArrayList<>();
    objects.values().forEach(state -> {
      if (state.type().equals(type) || state.qualifiedType().equals(type)) {
        ids.add(state.id());
      }
    });
    ids.sort(null);
    return ids;
  }

  /** Releases everything, e.g. for a {@code reset} between tests. */
  synchronized void releaseAll() {
    for (MediaObjectState state : List.copyOf(objects.values())) {
      release(state.id());
    }
  }
}
