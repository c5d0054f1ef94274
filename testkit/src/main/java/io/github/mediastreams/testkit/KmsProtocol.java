package io.github.mediastreams.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One running server instance: the JSON-RPC methods of KMS's {@code ServerMethods} over the
 * session, object and event registries. A KMS restart is a new instance (new server id, nothing
 * remembered); faults, the request log and the scheduler outlive it.
 */
final class KmsProtocol {

  private static final Logger log = LoggerFactory.getLogger(KmsProtocol.class);
  private static final String NEW_REF = "newref:";

  private final String serverId = SessionRegistry.newSessionId();
  private final TypeCatalogue catalogue;
  private final SessionRegistry sessions = new SessionRegistry();
  private final EventBus events = new EventBus(sessions);
  private final ObjectRegistry objects;
  private final Operations operations;
  private final Faults faults;
  private final RequestLog requestLog;
  private final ScheduledExecutorService scheduler;
  // While silent, what arrives waits here, in order, to be handled when the server speaks again.
  private final List<Map.Entry<Connection, String>> held = new ArrayList<>();
  private boolean silent;

  KmsProtocol(TypeCatalogue catalogue, Faults faults, RequestLog requestLog,
      ScheduledExecutorService scheduler, SilentPorts candidatePorts, MediaBehaviour media,
      ServerLoad load) {
    this.catalogue = catalogue;
    this.faults = faults;
    this.requestLog = requestLog;
    this.scheduler = scheduler;
    this.objects = new ObjectRegistry(catalogue, events::dropObject);
    this.operations = new Operations(catalogue, objects, events, candidatePorts, media, load,
        scheduler);
  }

  /**
   * Stops answering: requests on every connection, new ones included, wait unanswered, as with
   * a media server whose process hangs while the kernel keeps its connections open.
   */
  synchronized void goSilent() {
    silent = true;
  }

  /** Answers again, starting with what waited, in the order it came. */
  void endSilence() {
    List<Map.Entry<Connection, String>> waiting;
    synchronized (this) {
      silent = false;
      waiting = List.copyOf(held);
      held.clear();
    }
    waiting.forEach(entry -> onMessage(entry.getKey(), entry.getValue()));
  }

  synchronized boolean isSilent() {
    return silent;
  }

  String serverId() {
    return serverId;
  }

  ObjectRegistry objects() {
    return objects;
  }

  EventBus events() {
    return events;
  }

  SessionRegistry sessions() {
    return sessions;
  }

  TypeCatalogue catalogue() {
    return catalogue;
  }

  void onClose(Connection connection) {
    sessions.unbind(connection);
  }

  /** Handles one text frame; runs on the transport's worker thread for that connection. */
  void onMessage(Connection connection, String text) {
    synchronized (this) {
      if (silent) {
        held.add(Map.entry(connection, text));
        return;
      }
    }
    if (log.isDebugEnabled()) {
      log.debug("conn {} -> {}", connection.id(), text);
    }
    JsonRpc.Request request;
    try {
      request = JsonRpc.Request.from(Json.parse(text));
    } catch (JacksonException e) {
      connection.send(Json.write(JsonRpc.error(null,
          new KmsError(KmsErrors.PARSE_ERROR, "Parse error.", null))));
      return;
    } catch (KmsError e) {
      connection.send(Json.write(JsonRpc.error(null, e)));
      return;
    }
    // KMS's transport gives requests without a sessionId the session of their connection.
    String bound = connection.sessionId();
    if (bound != null && !request.params().has("sessionId")) {
      request.params().put("sessionId", bound);
      request = new JsonRpc.Request(request.id(), request.method(), request.params(), true);
    }
    requestLog.record(request.method(), request.params(), connection,
        request.param("sessionId"), false);
    long delay = faults.delayNanos(namesOf(request)) + measuringNanos(request);
    JsonRpc.Request ordered = request;
    connection.inOrder(delay, () -> respond(connection, ordered), scheduler);
  }

  private void respond(Connection connection, JsonRpc.Request request) {
    Call call = new Call(connection);
    ObjectNode response;
    try {
      JsonNode result = dispatch(request, call);
      String sessionId = Json.text(result, "sessionId");
      if (sessionId != null) {
        sessions.bind(sessionId, connection);
      }
      response = JsonRpc.success(request.id(), result);
    } catch (KmsError e) {
      response = JsonRpc.error(request.id(), e);
    } catch (RuntimeException e) {
      log.warn("Unexpected failure handling {}", request.method(), e);
      response = JsonRpc.error(request.id(), new KmsError(KmsErrors.UNEXPECTED_ERROR,
          "Unexpected error while processing method: " + e.getMessage()));
    }
    if (request.id() != null) {
      connection.send(Json.write(response));
    }
    call.runAfterResponse();
  }

  private JsonNode dispatch(JsonRpc.Request request, Call call) {
    faults.onCall(request.method());
    switch (request.method()) {
      case "ping":
        return ping(request);
      case "connect":
        return connect(request);
      case "create":
        return create(request);
      case "invoke":
        return invoke(request, call);
      case "release":
        return release(request);
      case "subscribe":
        return subscribe(request);
      case "unsubscribe":
        return unsubscribe(request);
      case "describe":
        return describe(request);
      case "transaction":
        return transaction(request, call);
      case "closeSession":
        return closeSession(request);
      case "keepAlive":
        return keepAlive(request);
      default:
        throw KmsError.methodNotFound();
    }
  }

  private static JsonNode ping(JsonRpc.Request request) {
    ObjectNode result = Json.object();
    String sessionId = request.param("sessionId");
    if (sessionId != null) {
      result.put("sessionId", sessionId);
    }
    return result.put("value", "pong");
  }

  /** {@code connect}: resumes a known session, or starts one when none is named. */
  private JsonNode connect(JsonRpc.Request request) {
    String sessionId = request.paramsGiven() ? request.param("sessionId") : null;
    if (sessionId == null) {
      sessionId = SessionRegistry.newSessionId();
    } else {
      sessions.requireKnown(sessionId);
    }
    ObjectNode result = Json.object();
    result.put("serverId", serverId);
    return result.put("sessionId", sessionId);
  }

  private JsonNode create(JsonRpc.Request request) {
    String type = request.requireParam("type");
    String sessionId = sessionOf(request);
    if (!catalogue.isCreatable(type)) {
      throw new KmsError(KmsErrors.MEDIA_OBJECT_NOT_AVAILABLE,
          "Factory '" + type + "' not found");
    }
    TypeCatalogue.TypeInfo info = catalogue.get(type);
    JsonNode constructorParams = request.params().path("constructorParams");
    for (String required : info.constructorRequired()) {
      if (constructorParams.path(required).isMissingNode()
          || constructorParams.path(required).isNull()) {
        throw new KmsError(KmsErrors.MARSHALL_ERROR, "'" + required + "' parameter is required");
      }
    }
    String pipelineId = null;
    if (!type.equals("MediaPipeline")) {
      pipelineId = constructorParams.path("mediaPipeline").asString("");
      MediaObjectState pipeline = objects.find(pipelineId);
      if (!pipeline.isPipeline()) {
        throw new KmsError(KmsErrors.MARSHALL_ERROR, "'mediaPipeline' is not a MediaPipeline");
      }
    }
    sessions.touch(sessionId);
    MediaObjectState created =
        objects.create(type, pipelineId, Json.toMap(constructorParams), sessionId);
    return valueResult(sessionId, Json.toNode(created.id()));
  }

  private JsonNode invoke(JsonRpc.Request request, Call call) {
    String objectId = request.requireParam("object");
    String operation = request.requireParam("operation");
    String sessionId = sessionOf(request);
    faults.onCall(operation);
    MediaObjectState target = use(sessionId, objectId);
    JsonNode operationParams = request.params().path("operationParams");
    ObjectNode params = operationParams.isObject() ? (ObjectNode) operationParams : Json.object();
    return valueResult(sessionId, operations.invoke(target, operation, params, call));
  }

  private JsonNode release(JsonRpc.Request request) {
    String objectId = request.requireParam("object");
    String sessionId = sessionOf(request);
    objects.release(objectId);
    return Json.object().put("sessionId", sessionId);
  }

  private JsonNode subscribe(JsonRpc.Request request) {
    String type = request.requireParam("type");
    String objectId = request.requireParam("object");
    String sessionId = sessionOf(request);
    MediaObjectState target = use(sessionId, objectId);
    if (!catalogue.supportsEvent(target.type(), type)) {
      throw new KmsError(KmsErrors.MEDIA_OBJECT_EVENT_NOT_SUPPORTED,
          "Event '" + type + "' not supported");
    }
    return valueResult(sessionId, Json.toNode(events.subscribe(sessionId, target.id(), type)));
  }

  private JsonNode unsubscribe(JsonRpc.Request request) {
    String objectId = request.requireParam("object");
    String subscription = request.requireParam("subscription");
    String sessionId = request.requireParam("sessionId");
    events.unsubscribe(sessionId, objectId, subscription);
    return Json.object().put("sessionId", sessionId);
  }

  private JsonNode describe(JsonRpc.Request request) {
    String objectId = request.requireParam("object");
    String sessionId = sessionOf(request);
    MediaObjectState target = use(sessionId, objectId);
    ObjectNode result = Json.object();
    result.set("hierarchy", Json.strings(catalogue.hierarchy(target.type())));
    result.put("qualifiedType", target.qualifiedType());
    result.put("sessionId", sessionId);
    return result.put("type", target.type());
  }

  private JsonNode closeSession(JsonRpc.Request request) {
    String sessionId = request.requireParam("sessionId");
    if (request.params().path("release").asBoolean(false)) {
      objects.referencedBy(sessionId).forEach(objects::release);
    }
    objects.unrefSession(sessionId);
    events.dropSession(sessionId);
    sessions.forget(sessionId);
    return NullNode.getInstance();
  }

  /**
   * One pass of KMS's garbage collector: each session nobody used for a whole period is closed
   * as {@code closeSession} would, so what only it referenced is released.
   *
   * @return the ids of the objects released
   */
  List<String> collectGarbage() {
    List<String> released = new ArrayList<>();
    for (String sessionId : sessions.collect()) {
      log.debug("Removing inactive session: {}", sessionId);
      released.addAll(objects.unrefSession(sessionId));
      events.dropSession(sessionId);
      sessions.forget(sessionId);
    }
    return released;
  }

  private JsonNode keepAlive(JsonRpc.Request request) {
    String sessionId = request.requireParam("sessionId");
    sessions.requireKnown(sessionId);
    return Json.object().put("sessionId", sessionId);
  }

  /**
   * Runs the operations in order, each as a request of its own in the same session, giving
   * {@code newref:N} the value operation N returned; stops at the first error, as KMS does.
   */
  private JsonNode transaction(JsonRpc.Request request, Call call) {
    JsonNode operationsNode = request.params().get("operations");
    if (operationsNode == null || !operationsNode.isArray()) {
      throw KmsError.missingParam("operations");
    }
    String sessionId = sessionOf(request);
    ArrayNode responses = Json.array();
    for (int i = 0; i < operationsNode.size(); i++) {
      JsonNode operation = operationsNode.get(i);
      JsonNode id = operation.path("id");
      if (!id.isIntegralNumber() || id.asInt() != i) {
        throw new KmsError(KmsErrors.MALFORMED_TRANSACTION,
            "Id of request '" + i + "' should be '" + i + "'");
      }
      ObjectNode response;
      try {
        JsonRpc.Request parsed = JsonRpc.Request.from(operation.deepCopy());
        ObjectNode params = parsed.params();
        params.put("sessionId", sessionId);
        resolveRefs(params, responses);
        JsonRpc.Request inner = new JsonRpc.Request(IntNode.valueOf(i), parsed.method(),
            params, true);
        requestLog.record(inner.method(), params, call.connection(), sessionId, true);
        response = JsonRpc.success(IntNode.valueOf(i), dispatch(inner, call));
      } catch (KmsError e) {
        response = JsonRpc.error(IntNode.valueOf(i), e);
      }
      responses.add(response);
      if (response.has("error")) {
        break;
      }
    }
    return valueResult(sessionId, responses);
  }

  /** Replaces every {@code newref:N} string with the value operation N returned. */
  private static void resolveRefs(JsonNode node, ArrayNode responses) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      Map<String, JsonNode> replaced = new HashMap<>();
      object.forEachEntry((key, value) -> {
        JsonNode resolved = resolved(value, responses);
        if (resolved != value) {
          replaced.put(key, resolved);
        }
      });
      replaced.forEach(object::set);
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        JsonNode resolved = resolved(array.get(i), responses);
        if (resolved != array.get(i)) {
          array.set(i, resolved);
        }
      }
    }
  }

  private static JsonNode resolved(JsonNode value, ArrayNode responses) {
    if (value.isContainer()) {
      resolveRefs(value, responses);
      return value;
    }
    if (!value.isString() || !value.stringValue().startsWith(NEW_REF)
        || value.stringValue().length() <= NEW_REF.length()) {
      return value;
    }
    String ref = value.stringValue().substring(NEW_REF.length());
    int index;
    try {
      index = Integer.parseInt(ref);
    } catch (NumberFormatException e) {
      throw new KmsError(KmsErrors.MALFORMED_TRANSACTION, "Invalid index of newref '" + ref + "'");
    }
    JsonNode result = index >= 0 && index < responses.size()
        ? responses.get(index).path("result").path("value") : null;
    if (result == null || result.isMissingNode()) {
      throw new KmsError(KmsErrors.MALFORMED_TRANSACTION,
          "Result not found on request " + index);
    }
    return result;
  }

  /** The request's session, or a new one, as KMS's {@code getOrCreateSessionId}. */
  private static String sessionOf(JsonRpc.Request request) {
    String sessionId = request.param("sessionId");
    return sessionId != null ? sessionId : SessionRegistry.newSessionId();
  }

  /** Looks an object up for a session; using an object keeps the session alive in KMS. */
  private MediaObjectState use(String sessionId, String objectId) {
    MediaObjectState state = objects.use(sessionId, objectId);
    sessions.touch(sessionId);
    return state;
  }

  private static ObjectNode valueResult(String sessionId, JsonNode value) {
    ObjectNode result = Json.object();
    result.put("sessionId", sessionId);
    result.set("value", value);
    return result;
  }

  /** KMS's getUsedCpu measures for the interval it is given before it answers. */
  private static long measuringNanos(JsonRpc.Request request) {
    if (!"getUsedCpu".equals(request.param("operation"))) {
      return 0;
    }
    long millis = request.params().path("operationParams").path("interval").asLong(0);
    return TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(millis, 60_000)));
  }

  /** The names a delay can be set for: the method, the operation, and a transaction's ops. */
  private static List<String> namesOf(JsonRpc.Request request) {
    List<String> names = new ArrayList<>(2);
    names.add(request.method());
    String operation = request.param("operation");
    if (operation != null) {
      names.add(operation);
    }
    JsonNode ops = request.params().get("operations");
    if (ops != null && ops.isArray()) {
      for (JsonNode op : ops) {
        names.add(op.path("method").asString(""));
        String inner = Json.text(op.path("params"), "operation");
        if (inner != null) {
          names.add(inner);
        }
      }
    }
    return names;
  }
}
