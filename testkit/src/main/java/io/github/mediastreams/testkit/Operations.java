package io.github.mediastreams.testkit;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code invoke} operations: validated against the class's methods from the catalogue
 * (unknown ones fail as KMS does, with MALFORMED_TRANSACTION), then carried out on the object's
 * state. Operations that would touch media in KMS only record what they were asked.
 */
final class Operations {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final TypeCatalogue catalogue;
  private final ObjectRegistry objects;
  private final EventBus events;
  private final SdpAnswerer answerer = new SdpAnswerer();
  private final IceGatherer gatherer;
  private final MediaBehaviour behaviour;
  private final ServerLoad load;
  private final ScheduledExecutorService scheduler;

  Operations(TypeCatalogue catalogue, ObjectRegistry objects, EventBus events,
      SilentPorts candidatePorts, MediaBehaviour behaviour, ServerLoad load,
      ScheduledExecutorService scheduler) {
    this.catalogue = catalogue;
    this.objects = objects;
    this.events = events;
    this.gatherer = new IceGatherer(candidatePorts);
    this.behaviour = behaviour;
    this.load = load;
    this.scheduler = scheduler;
  }

  JsonNode invoke(MediaObjectState target, String operation, ObjectNode params, Call call) {
    Set<String> given = new HashSet<>(params.propertyNames());
    TypeCatalogue.MethodInfo method = catalogue.method(target.type(), operation)
        .filter(m -> m.accepts(given))
        .orElseThrow(() -> new KmsError(KmsErrors.MALFORMED_TRANSACTION,
            "Method '" + operation + "' with " + given.size() + " parameters not found"));
    if (target.isServerManager()) {
      return serverManager(operation, params);
    }
    switch (method.name()) {
      case "connect":
        connect(target, params);
        return NullNode.getInstance();
      case "disconnect":
        disconnect(target, params);
        return NullNode.getInstance();
      case "getSinkConnections":
        return connections(target.id(), target.sinks(), true, params);
      case "getSourceConnections":
        return connections(target.id(), target.sources(), false, params);
      case "processOffer":
        return NODES.stringNode(processOffer(target, params.path("offer").asString(""), call));
      case "generateOffer":
        return NODES.stringNode(generateOffer(target, params.path("options"), call));
      case "processAnswer":
        return NODES.stringNode(processAnswer(target, params.path("answer").asString(""), call));
      case "getLocalSessionDescriptor":
        return describedSdp(target.localSdp(), KmsErrors.SDP_END_POINT_NO_LOCAL_SDP_ERROR,
            "Local description not set");
      case "getRemoteSessionDescriptor":
        return describedSdp(target.remoteSdp(), KmsErrors.SDP_END_POINT_NO_REMOTE_SDP_ERROR,
            "Remote description not set");
      case "gatherCandidates":
        if (target.requestGathering()) {
          gather(target, call, true);
        }
        return NullNode.getInstance();
      case "addIceCandidate":
        JsonNode candidate = params.path("candidate");
        target.addIceCandidate(new ReceivedIceCandidate(Json.text(candidate, "candidate"),
            Json.text(candidate, "sdpMid"), candidate.path("sdpMLineIndex").asInt(-1)));
        call.afterResponse(() -> beginChecks(target, false));
        return NullNode.getInstance();
      case "setOverlayedImage":
        target.overlayedImage(Collections.unmodifiableMap(Json.toMap(params)));
        return NullNode.getInstance();
      case "unsetOverlayedImage":
        target.overlayedImage(null);
        return NullNode.getInstance();
      case "play":
        target.uriState("START");
        return NullNode.getInstance();
      case "pause":
        target.uriState("PAUSE");
        return NullNode.getInstance();
      case "stop":
        target.uriState("STOP");
        return NullNode.getInstance();
      case "addTag":
        target.tag(params.path("key").asString(""), params.path("value").asString(""));
        return NullNode.getInstance();
      case "removeTag":
        target.removeTag(params.path("key").asString(""));
        return NullNode.getInstance();
      case "getTag":
        String value = target.tags().get(params.path("key").asString(""));
        if (value == null) {
          throw new KmsError(KmsErrors.MEDIA_OBJECT_TAG_KEY_NOT_FOUND, "Tag key not found");
        }
        return NODES.stringNode(value);
      case "getTags":
        ArrayNode tags = Json.array();
        target.tags().forEach((key, tagValue) -> tags.addObject().put("__module__", "kurento")
            .put("__type__", "Tag").put("key", key).put("value", tagValue));
        return tags;
      case "getStats":
        return Json.object();
      case "isMediaFlowingIn":
      case "isMediaFlowingOut":
      case "isMediaTranscoding":
        // No media ever flows through the double.
        return NODES.booleanNode(false);
      case "getGstreamerDot":
        return NODES.stringNode("digraph pipeline {\n}\n");
      default:
        return property(target, operation, params);
    }
  }

  /**
   * Runs a gathering, then what ICE does after it, as {@link MediaBehaviour} says. Only
   * subscribers receive the events, as from KMS; an endpoint released meanwhile raises no more.
   *
   * @param mayPrecedeAnswer whether some events may come before the response to this request
   */
  private void gather(MediaObjectState endpoint, Call call, boolean mayPrecedeAnswer) {
    MediaBehaviour.Settings settings = behaviour.settings();
    List<IceGatherer.Event> gathering = gatherer.gather(endpoint.localSdp());
    int early = mayPrecedeAnswer ? Math.min(settings.eventsBeforeAnswer(), gathering.size()) : 0;
    gathering.subList(0, early).forEach(event -> publish(endpoint, event));
    List<IceGatherer.Event> rest = gathering.subList(early, gathering.size());
    Runnable outcome = switch (settings.mode()) {
      case MEDIA_FLOWS -> () -> later(settings.connectAfter(), () -> {
        beginChecks(endpoint, true);
        gatherer.connected(endpoint.localSdp(), gathering, firstRemoteCandidate(endpoint))
            .forEach(event -> publish(endpoint, event));
      });
      case ICE_FAILS -> () -> later(settings.failAfter(), () -> {
        beginChecks(endpoint, true);
        gatherer.failed().forEach(event -> publish(endpoint, event));
      });
      case MANUAL -> () -> { };
    };
    call.afterResponse(() -> publishInTurn(endpoint, rest, 0,
        settings.candidateInterval().toNanos(), () -> {
          endpoint.gatheringDone();
          beginChecks(endpoint, false);
          outcome.run();
        }));
  }

  // A remote candidate's thread and the scripted outcome's may both get here: whichever begins
  // the checks publishes CONNECTING before the other goes on to what follows it.
  private void beginChecks(MediaObjectState endpoint, boolean anyway) {
    synchronized (endpoint.checks()) {
      if (endpoint.beginChecks(anyway)) {
        publish(endpoint, gatherer.checking());
      }
    }
  }

  /** Publishes the events from {@code index} on, one every {@code intervalNanos}, in order. */
  private void publishInTurn(MediaObjectState endpoint, List<IceGatherer.Event> events,
      int index, long intervalNanos, Runnable then) {
    int next = index;
    while (next < events.size()) {
      publish(endpoint, events.get(next++));
      if (intervalNanos > 0 && next < events.size()) {
        int from = next;
        scheduler.schedule(() -> publishInTurn(endpoint, events, from, intervalNanos, then),
            intervalNanos, TimeUnit.NANOSECONDS);
        return;
      }
    }
    then.run();
  }

  private void later(java.time.Duration delay, Runnable action) {
    scheduler.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void publish(MediaObjectState endpoint, IceGatherer.Event event) {
    if (objects.findOrNull(endpoint.id()) == endpoint) {
      events.publish(endpoint, event.type(), event.fields());
    }
  }

  private static String firstRemoteCandidate(MediaObjectState endpoint) {
    return endpoint.iceCandidates().stream().map(ReceivedIceCandidate::candidate)
        .filter(c -> c != null && c.matches("candidate:\\S+ 1 (?i:udp) .*")).findFirst()
        .orElse(null);
  }

  /** ServerManager's methods and properties (core.kmd.json), over this server's state. */
  private JsonNode serverManager(String operation, ObjectNode params) {
    switch (operation) {
      case "getPipelines":
        ArrayNode pipelines = Json.array();
        objects.idsOfType("MediaPipeline").forEach(pipelines::add);
        return pipelines;
      case "getUsedCpu":
        return NODES.numberNode(load.cpuPercent());
      case "getUsedMemory":
        return NODES.numberNode(load.usedMemoryKib());
      case "getCpuCount":
        return NODES.numberNode(load.cpuCount());
      case "getMetadata":
        return NODES.stringNode("");
      case "getInfo":
        return serverInfo();
      case "getKmd":
        throw new KmsError(KmsErrors.MEDIA_OBJECT_NOT_AVAILABLE,
            "Module '" + params.path("moduleName").asString("") + "' not found");
      default:
        return property(objects.serverManager(), operation, params);
    }
  }

  private JsonNode serverInfo() {
    ObjectNode info = Json.object().put("__module__", "kurento").put("__type__", "ServerInfo");
    ArrayNode capabilities = info.putArray("capabilities");
    capabilities.add("transactions");
    ArrayNode modules = info.putArray("modules");
    for (String module : catalogue.modules()) {
      ObjectNode entry = modules.addObject().put("__module__", "kurento")
          .put("__type__", "ModuleInfo");
      ArrayNode factories = entry.putArray("factories");
      catalogue.creatableTypes(module).forEach(factories::add);
      entry.put("generationTime", "Dec  1 2026 00:00:00").put("name", module)
          .put("version", "7.3.0");
    }
    info.put("type", "KMS");
    return info.put("version", "7.3.0");
  }

  private void connect(MediaObjectState source, ObjectNode params) {
    MediaObjectState sink = objects.find(params.path("sink").asString(""));
    source.connectTo(sink.id());
    sink.addSource(source.id());
  }

  private void disconnect(MediaObjectState source, ObjectNode params) {
    MediaObjectState sink = objects.find(params.path("sink").asString(""));
    source.disconnectFrom(sink.id());
    sink.removeSource(source.id());
  }

  /**
   * ElementConnectionData per media type and connected element, as KMS lists them: a
   * {@code connect} without a media type links AUDIO, DATA and VIDEO, and the list goes type by
   * type, each in the order of the connections ({@code one-to-many.jsonl}).
   */
  private static ArrayNode connections(String self, List<String> others, boolean selfIsSource,
      ObjectNode params) {
    String onlyType = Json.text(params, "mediaType");
    ArrayNode list = Json.array();
    for (String mediaType : List.of("AUDIO", "DATA", "VIDEO")) {
      if (onlyType != null && !onlyType.equals(mediaType)) {
        continue;
      }
      for (String other : others) {
        list.addObject()
            .put("__module__", "kurento")
            .put("__type__", "ElementConnectionData")
            .put("sink", selfIsSource ? other : self)
            .put("sinkDescription", "default")
            .put("source", selfIsSource ? self : other)
            .put("sourceDescription", "default")
            .put("type", mediaType);
      }
    }
    return list;
  }

  private String processOffer(MediaObjectState endpoint, String offerText, Call call) {
    if (endpoint.negotiated() || endpoint.hasGeneratedOffer()) {
      throw alreadyNegotiated();
    }
    Sdp offer = Sdp.parse(offerText);
    String answer = answerer.answer(offer, capabilities(endpoint),
        SdpAnswerer.Identity.random());
    if (!endpoint.offerAnswered(offerText, answer)) {
      throw alreadyNegotiated();
    }
    scheduleDueGathering(endpoint, call);
    return answer;
  }

  private String generateOffer(MediaObjectState endpoint, JsonNode options, Call call) {
    boolean audio = options.path("offerToReceiveAudio").asBoolean(true);
    boolean video = options.path("offerToReceiveVideo").asBoolean(true);
    String offer = answerer.offer(audio, video, capabilities(endpoint),
        SdpAnswerer.Identity.random());
    if (!endpoint.offerGenerated(offer)) {
      throw alreadyNegotiated();
    }
    scheduleDueGathering(endpoint, call);
    return offer;
  }

  private String processAnswer(MediaObjectState endpoint, String answerText, Call call) {
    if (!endpoint.hasGeneratedOffer()) {
      throw new KmsError(KmsErrors.SDP_END_POINT_NOT_OFFER_GENERATED,
          "Offer not generated. It is not possible to process an answer.");
    }
    Sdp.parse(answerText);
    if (!endpoint.answerProcessed(answerText)) {
      throw new KmsError(40210, "Answer already processed");
    }
    return endpoint.localSdp();
  }

  /** A gatherCandidates that came before the negotiation runs once it is done. */
  private void scheduleDueGathering(MediaObjectState endpoint, Call call) {
    if (catalogue.isA(endpoint.type(), "WebRtcEndpoint") && endpoint.gatheringDue()) {
      gather(endpoint, call, false);
    }
  }

  private static SdpAnswerer.Capabilities capabilities(MediaObjectState endpoint) {
    Map<String, Object> ctor = endpoint.constructorParams();
    return new SdpAnswerer.Capabilities(
        !Boolean.TRUE.equals(ctor.get("recvonly")),
        !Boolean.TRUE.equals(ctor.get("sendonly")),
        Boolean.TRUE.equals(ctor.get("useDataChannels")));
  }

  private static KmsError alreadyNegotiated() {
    return new KmsError(KmsErrors.SDP_END_POINT_ALREADY_NEGOTIATED,
        "Endpoint already negotiated");
  }

  private static JsonNode describedSdp(String sdp, int code, String message) {
    if (sdp == null) {
      throw new KmsError(code, message);
    }
    return NODES.stringNode(sdp);
  }

  /** MediaObject's own properties, then any other property from the catalogue. */
  private JsonNode property(MediaObjectState target, String operation, ObjectNode params) {
    switch (operation) {
      case "getName":
        return NODES.stringNode(target.name());
      case "setName":
        target.name(params.path("name").asString(""));
        return NullNode.getInstance();
      case "getId":
        return NODES.stringNode(target.id());
      case "getMediaPipeline":
        return NODES.stringNode(target.pipelineId());
      case "getParent":
        return target.parentId() == null ? NullNode.getInstance()
            : NODES.stringNode(target.parentId());
      case "getChildren":
        ArrayNode children = Json.array();
        if (target.isPipeline()) {
          objects.children(target.id()).forEach(child -> children.add(child.id()));
        }
        return children;
      case "getCreationTime":
        return NODES.numberNode((int) target.creationTime());
      case "getUri":
        Object uri = target.constructorParams().get("uri");
        return uri == null ? NODES.stringNode("") : NODES.stringNode(uri.toString());
      case "getState":
        return NODES.stringNode(target.uriState());
      default:
        break;
    }
    TypeCatalogue.PropertyInfo property = catalogue.propertyOf(target.type(), operation)
        .orElse(null);
    if (property == null) {
      // A method of the catalogue KMS would run on the media (requestKeyframe, ...).
      return NullNode.getInstance();
    }
    if (operation.startsWith("set")) {
      target.property(property.name(), params.path(property.name()).deepCopy());
      return NullNode.getInstance();
    }
    JsonNode stored = target.property(property.name());
    return stored != null ? stored : defaultValue(property);
  }

  /** What a fresh KMS object reports for a property nobody set: the kmd's default, if it has one. */
  private static JsonNode defaultValue(TypeCatalogue.PropertyInfo property) {
    if (property.defaultValue() != null) {
      return Json.parse(property.defaultValue());
    }
    String type = property.type();
    if (type.endsWith("[]")) {
      return Json.array();
    }
    switch (type) {
      case "String":
        return NODES.stringNode("");
      case "int":
      case "int64":
        return NODES.numberNode(0);
      case "float":
      case "double":
        return NODES.numberNode(0.0);
      case "boolean":
        return NODES.booleanNode(false);
      case "MediaState":
      case "ConnectionState":
        return NODES.stringNode("DISCONNECTED");
      default:
        return NullNode.getInstance();
    }
  }
}
