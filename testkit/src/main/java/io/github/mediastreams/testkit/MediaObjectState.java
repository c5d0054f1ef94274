package io.github.mediastreams.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * What the double remembers about one live media object. Requests from several connections can
 * touch one object at once (an app's signalling thread and kurento-client's event thread), so
 * every mutable field is guarded by the instance's monitor.
 */
final class MediaObjectState {

  private final String id;
  private final String type;
  private final String qualifiedType;
  private final String pipelineId;
  private final Map<String, Object> constructorParams;
  private final long creationTime;
  private final long order;

  private String name;
  private final Set<String> sessions = new HashSet<>();
  private final Set<String> sinks = new LinkedHashSet<>();
  private final Set<String> sources = new LinkedHashSet<>();
  private final Map<String, JsonNode> properties = new LinkedHashMap<>();
  private final Map<String, String> tags = new LinkedHashMap<>();
  private final List<ReceivedIceCandidate> iceCandidates = new ArrayList<>();
  private Map<String, Object> overlayedImage;
  private String localSdp;
  private String remoteSdp;
  private boolean offerGenerated;
  private boolean gatheringRequested;
  private boolean gathered;
  // Gathering done, and whether ICE checks were reported begun (IceComponentStateChanged CONNECTING).
  private boolean gatheringDone;
  private boolean checking;
  // Held while CONNECTING is decided and published: taken before any other lock, never inside one.
  private final Object checks = new Object();
  private String uriState = "STOP";

  MediaObjectState(String id, String type, String qualifiedType, String pipelineId,
      Map<String, Object> constructorParams, long creationTime, long order) {
    this.id = id;
    this.type = type;
    this.qualifiedType = qualifiedType;
    this.pipelineId = pipelineId;
    this.constructorParams = constructorParams;
    this.creationTime = creationTime;
    this.order = order;
  }

  /** Creation order within the server instance, to list children as KMS does. */
  long order() {
    return order;
  }

  String id() {
    return id;
  }

  String type() {
    return type;
  }

  String qualifiedType() {
    return qualifiedType;
  }

  /** The pipeline this object lives in; a pipeline's own id for a pipeline. */
  String pipelineId() {
    return pipelineId == null ? id : pipelineId;
  }

  /** The parent KMS reports: the pipeline for elements, none for a pipeline. */
  String parentId() {
    return pipelineId;
  }

  boolean isServerManager() {
    return type.equals("ServerManager");
  }

  boolean isPipeline() {
    return pipelineId == null && !isServerManager();
  }

  Map<String, Object> constructorParams() {
    return constructorParams;
  }

  long creationTime() {
    return creationTime;
  }

  synchronized String name() {
    return name == null ? id : name;
  }

  synchronized void name(String name) {
    this.name = name;
  }

  synchronized void addSession(String sessionId) {
    sessions.add(sessionId);
  }

  /** Drops the session's reference; true when no session references the object any more. */
  synchronized boolean removeSession(String sessionId) {
    sessions.remove(sessionId);
    return sessions.isEmpty();
  }

  /** The sessions that reference the object now. */
  synchronized Set<String> sessions() {
    return Set.copyOf(sessions);
  }

  synchronized boolean referencedBy(String sessionId) {
    return sessions.contains(sessionId);
  }

  synchronized void connectTo(String sinkId) {
    sinks.add(sinkId);
  }

  synchronized void disconnectFrom(String sinkId) {
    sinks.remove(sinkId);
  }

  synchronized void addSource(String sourceId) {
    sources.add(sourceId);
  }

  synchronized void removeSource(String sourceId) {
    sources.remove(sourceId);
  }

  synchronized List<String> sinks() {
    return List.copyOf(sinks);
  }

  synchronized List<String> sources() {
    return List.copyOf(sources);
  }

  synchronized JsonNode property(String name) {
    return properties.get(name);
  }

  synchronized void property(String name, JsonNode value) {
    properties.put(name, value);
  }

  synchronized Map<String, Object> propertyValues() {
    Map<String, Object> values = new LinkedHashMap<>();
    properties.forEach((key, value) -> values.put(key, Json.toJava(value)));
    return values;
  }

  synchronized void tag(String key, String value) {
    tags.put(key, value);
  }

  synchronized void removeTag(String key) {
    tags.remove(key);
  }

  synchronized Map<String, String> tags() {
    return Map.copyOf(tags);
  }

  synchronized void addIceCandidate(ReceivedIceCandidate candidate) {
    iceCandidates.add(candidate);
  }

  synchronized List<ReceivedIceCandidate> iceCandidates() {
    return List.copyOf(iceCandidates);
  }

  synchronized void overlayedImage(Map<String, Object> params) {
    overlayedImage = params;
  }

  synchronized Map<String, Object> overlayedImage() {
    return overlayedImage;
  }

  synchronized String localSdp() {
    return localSdp;
  }

  synchronized String remoteSdp() {
    return remoteSdp;
  }

  synchronized boolean negotiated() {
    return remoteSdp != null;
  }

  /** Records an answered offer; false (and no change) when the endpoint already negotiated. */
  synchronized boolean offerAnswered(String offer, String answer) {
    if (remoteSdp != null || offerGenerated) {
      return false;
    }
    remoteSdp = offer;
    localSdp = answer;
    return true;
  }

  synchronized boolean offerGenerated(String offer) {
    if (remoteSdp != null || offerGenerated) {
      return false;
    }
    offerGenerated = true;
    localSdp = offer;
    return true;
  }

  synchronized boolean hasGeneratedOffer() {
    return offerGenerated;
  }

  synchronized boolean answerProcessed(String answer) {
    if (!offerGenerated || remoteSdp != null) {
      return false;
    }
    remoteSdp = answer;
    return true;
  }

  Object checks() {
    return checks;
  }

  /** The gathering's events are all out. */
  synchronized void gatheringDone() {
    gatheringDone = true;
  }

  /**
   * KMS begins its connectivity checks, and says so, once it has gathered and has a remote
   * candidate to check against ({@code one-to-many.jsonl}: none came, no CONNECTING).
   *
   * @param anyway whether ICE goes on regardless (the double's scripted outcome)
   * @return true once, when the checks begin
   */
  synchronized boolean beginChecks(boolean anyway) {
    if (checking || !gatheringDone || (!anyway && iceCandidates.isEmpty())) {
      return false;
    }
    checking = true;
    return true;
  }

  /**
   * Asks for ICE gathering. Returns true when candidates should be emitted now: KMS gathers
   * once, and only once the endpoint knows its media (after an offer or answer).
   */
  synchronized boolean requestGathering() {
    gatheringRequested = true;
    return takeGathering();
  }

  /** Called after negotiation; true when a gathering asked for earlier should run now. */
  synchronized boolean gatheringDue() {
    return gatheringRequested && takeGathering();
  }

  private boolean takeGathering() {
    if (gathered || localSdp == null) {
      return false;
    }
    gathered = true;
    return true;
  }

  synchronized String uriState() {
    return uriState;
  }

  synchronized void uriState(String state) {
    uriState = state;
  }
}
