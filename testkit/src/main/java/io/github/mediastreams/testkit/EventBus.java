package io.github.mediastreams.testkit;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Event subscriptions and delivery. A subscription belongs to a session (as in KMS), and an
 * event goes, once per matching subscription, to whichever connection that session is bound to
 * at that moment; a session with no live connection loses it, like with KMS.
 */
final class EventBus {

  /** One {@code subscribe}. */
  record Subscription(String id, String sessionId, String objectId, String type) {
  }

  private final ConcurrentHashMap<String, Set<Subscription>> byObject = new ConcurrentHashMap<>();
  private final SessionRegistry sessions;

  EventBus(SessionRegistry sessions) {
    this.sessions = sessions;
  }

  /** Registers the subscription before the response is sent, so no later event can miss it. */
  String subscribe(String sessionId, String objectId, String type) {
    Subscription subscription =
        new Subscription(UUID.randomUUID().toString(), sessionId, objectId, type);
    byObject.computeIfAbsent(objectId, key -> ConcurrentHashMap.newKeySet()).add(subscription);
    return subscription.id();
  }

  void unsubscribe(String sessionId, String objectId, String subscriptionId) {
    Set<Subscription> subscriptions = byObject.get(objectId);
    if (subscriptions != null) {
      subscriptions.removeIf(s -> s.id().equals(subscriptionId) && s.sessionId().equals(sessionId));
    }
  }

  void dropObject(String objectId) {
    byObject.remove(objectId);
  }

  void dropSession(String sessionId) {
    byObject.values().forEach(set -> set.removeIf(s -> s.sessionId().equals(sessionId)));
  }

  boolean hasSubscribers(String objectId, String type) {
    Set<Subscription> subscriptions = byObject.get(objectId);
    return subscriptions != null && subscriptions.stream().anyMatch(s -> s.type().equals(type));
  }

  /**
   * Sends an {@code onEvent} in KMS's shape: {@code data} gets {@code source}, {@code tags},
   * {@code timestampMillis} (a string, as KMS sends it) and {@code type} unless the caller set
   * {@code type} itself (PlateDetected's data type is {@code plate-detected}).
   *
   * @return how many subscriptions the event was sent to
   */
  int publish(MediaObjectState source, String type, Map<String, ?> fields) {
    Set<Subscription> subscriptions = byObject.get(source.id());
    if (subscriptions == null || subscriptions.isEmpty()) {
      return 0;
    }
    String message = null;
    int delivered = 0;
    for (Subscription subscription : subscriptions) {
      if (!subscription.type().equals(type)) {
        continue;
      }
      Connection connection = sessions.connectionOf(subscription.sessionId());
      if (connection == null) {
        continue;
      }
      if (message == null) {
        message = Json.write(notification(source, type, fields));
      }
      connection.send(message);
      delivered++;
    }
    return delivered;
  }

  private static ObjectNode notification(MediaObjectState source, String type,
      Map<String, ?> fields) {
    ObjectNode data = Json.object();
    fields.forEach((key, value) -> data.set(key, Json.toNode(value)));
    data.put("source", source.id());
    data.set("tags", tags(source));
    data.put("timestampMillis", Long.toString(System.currentTimeMillis()));
    if (!data.has("type")) {
      data.put("type", type);
    }
    ObjectNode value = Json.object();
    value.set("data", data);
    value.put("object", source.id());
    value.put("type", type);
    ObjectNode params = Json.object();
    params.set("value", value);
    return JsonRpc.notification("onEvent", params);
  }

  /** KMS fills {@code tags} only for objects whose {@code sendTagsInEvents} is true. */
  private static ArrayNode tags(MediaObjectState source) {
    ArrayNode tags = Json.array();
    JsonNode send = source.property("sendTagsInEvents");
    if (send != null && send.asBoolean()) {
      source.tags().forEach((key, value) -> tags.addObject()
          .put("__module__", "kurento").put("__type__", "Tag").put("key", key)
          .put("value", value));
    }
    return tags;
  }
}
