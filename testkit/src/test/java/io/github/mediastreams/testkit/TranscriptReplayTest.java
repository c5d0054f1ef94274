package io.github.mediastreams.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays the client side of every recorded KMS session against the double and checks that
 * what comes back has the recorded shape: the same keys, JSON types and id forms, and the same
 * values where a value does not vary from run to run. Ids, session ids and subscription ids the
 * double hands out replace the recorded ones in later requests. Events KMS raised from media
 * (plates, crowds, end of stream, ICE state changes) are fired through the test controls where
 * the recording shows them; the ICE gathering events the double raises by itself.
 */
class TranscriptReplayTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{10,}");

  private KmsDouble kms;
  private final Map<Integer, Replayed> connections = new HashMap<>();
  private final Map<String, String> ids = new HashMap<>();
  private final Set<String> issuedSessions = new TreeSet<>();

  static Stream<String> transcripts() throws IOException, URISyntaxException {
    Path folder = Paths.get(TranscriptReplayTest.class.getResource("/kms-transcripts").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      List<String> names = files.map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".jsonl"))
          .filter(name -> !MediaTimelineTest.TRANSCRIPTS.contains(name)).sorted().toList();
      assertThat(names).isNotEmpty();
      return names.stream();
    }
  }

  @BeforeEach
  void start() {
    kms = KmsDouble.start();
    // No media flowed in these recordings: what KMS raised beyond the gathering is fired as
    // recorded (media-flow.jsonl and ice-fail.jsonl are MediaTimelineTest's).
    kms.media().mode(MediaBehaviour.Mode.MANUAL);
  }

  @AfterEach
  void stop() {
    connections.values().forEach(c -> c.client.close());
    kms.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void replayMatchesTheRecordedShapes(String transcript) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Resources.text("/kms-transcripts/" + transcript).split("\n")) {
      if (!line.isBlank()) {
        lines.add(RawKmsClient.JSON.readTree(line));
      }
    }
    int compared = 0;
    for (JsonNode line : lines) {
      if ("note".equals(line.path("dir").asString()) || elsewhere(line.path("msg"))) {
        continue;
      }
      int conn = line.path("conn").asInt();
      JsonNode message = line.path("msg");
      boolean fromClient = "client->kms".equals(line.path("dir").asString());
      if (fromClient && message.has("raw")) {
        Replayed replayed = connection(conn);
        replayed.client.sendText(message.path("raw").asString());
        JsonNode answer = replayed.client.next();
        // Nothing answered in the recording; the protocol says: parse error, id null.
        assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(answer.get("id").isNull()).isTrue();
      } else if (fromClient) {
        sendRecordedRequest(lines, conn, message);
      } else if (message.has("id")) {
        JsonNode ours = connection(conn).responses.get(message.path("id").asInt());
        if (ours == null) {
          continue; // its request is not in the recording: nothing was replayed
        }
        compare(transcript, message, ours);
        compared++;
      } else {
        JsonNode ours = eventLike(conn, message);
        compare(transcript, message, ours);
        compared++;
      }
    }
    assertThat(compared).as("messages compared in %s", transcript).isPositive();
    for (Map.Entry<Integer, Replayed> entry : connections.entrySet()) {
      JsonNode extra = entry.getValue().client.poll(Duration.ofMillis(200));
      assertThat(extra).as("a message the recording does not have, conn %s", entry.getKey())
          .isNull();
      assertThat(entry.getValue().pendingEvents).as("events the recording does not have")
          .isEmpty();
    }
  }

  private void sendRecordedRequest(List<JsonNode> lines, int conn, JsonNode recorded) {
    JsonNode request = mapIds(recorded.deepCopy());
    // A connect that KMS refused as INVALID_SESSION for a session it had issued means KMS was
    // restarted in between (kms-restart.jsonl): do the same to the double.
    if ("connect".equals(request.path("method").asString())
        && issuedSessions.contains(request.path("params").path("sessionId").asString(""))
        && recordedResponse(lines, conn, recorded.path("id").asInt()).path("error")
            .path("code").asInt() == KmsErrors.INVALID_SESSION) {
      connections.values().forEach(c -> c.client.close());
      connections.clear();
      kms.restart();
    }
    Replayed replayed = connection(conn);
    int id = request.path("id").asInt();
    replayed.client.sendText(request.toString());
    for (JsonNode message = replayed.client.next(); ; message = replayed.client.next()) {
      if (message.path("id").isNumber() && message.path("id").asInt() == id) {
        replayed.responses.put(id, message);
        String sessionId = message.path("result").path("sessionId").asString("");
        if (!sessionId.isEmpty()) {
          issuedSessions.add(sessionId);
        }
        return;
      }
      replayed.pendingEvents.add(message);
    }
  }

  private static JsonNode recordedResponse(List<JsonNode> lines, int conn, int id) {
    for (JsonNode line : lines) {
      JsonNode message = line.path("msg");
      if (line.path("conn").asInt() == conn && "kms->client".equals(line.path("dir").asString())
          && message.path("id").isNumber() && message.path("id").asInt() == id) {
        return message;
      }
    }
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * The double's counterpart of a recorded notification: gathering events come by themselves;
   * media events are fired as the recording shows them.
   */
  private JsonNode eventLike(int conn, JsonNode recorded) throws InterruptedException {
    JsonNode value = recorded.path("params").path("value");
    String type = value.path("type").asString();
    JsonNode data = value.path("data");
    boolean raisedByTheDouble = type.equals("IceCandidateFound") || type.equals("IceGatheringDone")
        || (type.equals("IceComponentStateChanged")
            && Set.of("GATHERING", "CONNECTING").contains(data.path("state").asString()));
    Replayed replayed = connection(conn);
    if (!raisedByTheDouble) {
      String objectId = ids.get(value.path("object").asString());
      assertThat(objectId).as("object of %s", recorded).isNotNull();
      int delivered = fire(objectId, type, data);
      assertThat(delivered).as("subscriptions receiving %s", type).isEqualTo(1);
    }
    String wanted = normalized(recorded).toString();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      // KMS gathers for both media at once, so the order of candidates varies: take the first
      // pending event of the same form rather than just the next one.
      for (Iterator<JsonNode> it = replayed.pendingEvents.iterator(); it.hasNext(); ) {
        JsonNode candidate = it.next();
        if (normalized(candidate).toString().equals(wanted)) {
          it.remove();
          return candidate;
        }
      }
      long left = deadline - System.nanoTime();
      JsonNode next = left > 0 ? replayed.client.poll(Duration.ofNanos(left)) : null;
      if (next == null) {
        fail("No event like %s; pending: %s", recorded, replayed.pendingEvents);
      }
      replayed.pendingEvents.add(next);
    }
  }

  private int fire(String objectId, String type, JsonNode data) {
    switch (type) {
      case "PlateDetected":
        return kms.firePlateDetected(objectId, data.path("plate").asString());
      case "CrowdDetectorOccupancy":
        return kms.fireCrowdOccupancy(objectId, data.path("roiId").asString(),
            data.path("occupancyPercentage").asDouble(), data.path("occupancyLevel").asInt());
      case "CrowdDetectorFluidity":
        return kms.fireCrowdFluidity(objectId, data.path("roiId").asString(),
            data.path("fluidityPercentage").asDouble(), data.path("fluidityLevel").asInt());
      default:
        Map<String, Object> fields = new LinkedHashMap<>();
        data.forEachEntry((key, value) -> {
          if (!Set.of("source", "tags", "timestampMillis", "type").contains(key)) {
            fields.put(key, RawKmsClient.JSON.convertValue(mapIds(value.deepCopy()),
                Object.class));
          }
        });
        return kms.fireEvent(objectId, type, fields);
    }
  }

  private Replayed connection(int conn) {
    return connections.computeIfAbsent(conn, key -> new Replayed(new RawKmsClient(kms.uri())));
  }

  /** Strict shape comparison; learns which of the double's ids stand for recorded ones. */
  private void compare(String transcript, JsonNode recorded, JsonNode ours) {
    List<String> differences = new ArrayList<>();
    compare("$", recorded, ours, differences);
    if (!differences.isEmpty()) {
      fail("%s: the double's%n  %s%ndiffers from the recorded%n  %s%n%s", transcript, ours,
          recorded, String.join("\n", differences));
    }
  }

  private void compare(String path, JsonNode recorded, JsonNode ours, List<String> differences) {
    if (recorded.getNodeType() != ours.getNodeType()) {
      differences.add(path + ": " + recorded.getNodeType() + " recorded, " + ours.getNodeType()
          + " from the double");
      return;
    }
    if (recorded.isObject()) {
      Set<String> missing = new TreeSet<>(recorded.propertyNames());
      missing.removeAll(ours.propertyNames());
      Set<String> extra = new TreeSet<>(ours.propertyNames());
      extra.removeAll(recorded.propertyNames());
      if (!missing.isEmpty() || !extra.isEmpty()) {
        differences.add(path + ": missing keys " + missing + ", extra keys " + extra);
      }
      for (String key : recorded.propertyNames()) {
        if (ours.has(key)) {
          compare(path + "." + key, recorded.get(key), ours.get(key), differences);
        }
      }
    } else if (recorded.isArray()) {
      if (recorded.size() != ours.size()) {
        differences.add(path + ": " + recorded.size() + " elements recorded, " + ours.size()
            + " from the double");
        return;
      }
      for (int i = 0; i < recorded.size(); i++) {
        compare(path + "[" + i + "]", recorded.get(i), ours.get(i), differences);
      }
    } else if (recorded.isNumber()) {
      if (recorded.isIntegralNumber() != ours.isIntegralNumber()
          || recorded.asDouble() != ours.asDouble()) {
        differences.add(path + ": " + recorded + " recorded, " + ours + " from the double");
      }
    } else if (recorded.isString()) {
      String want = form(recorded.asString());
      String got = form(ours.asString());
      if (!want.equals(got)) {
        differences.add(path + ": form " + want + " recorded, " + got + " from the double");
      } else if (UUID.matcher(recorded.asString()).find()) {
        ids.put(recorded.asString(), ours.asString());
      }
    } else if (!recorded.equals(ours)) {
      differences.add(path + ": " + recorded + " recorded, " + ours + " from the double");
    }
  }

  /** What must match in a string: uuids, SDP bodies, timestamps and ports may differ. */
  static String form(String value) {
    if (value.startsWith("v=0")) {
      return "<sdp>";
    }
    if (value.startsWith("candidate:")) {
      String[] parts = value.split(" ");
      // libnice's local preference, and with it the priority, depends on the host's interfaces.
      if (parts.length > 3) {
        parts[3] = "<priority>";
      }
      if (parts.length > 5 && !parts[5].equals("9")) {
        parts[5] = "<port>";
      }
      return String.join(" ", parts);
    }
    String form = UUID.matcher(value).replaceAll("<uuid>");
    return DIGITS.matcher(form).matches() ? "<digits>" : form;
  }

  /**
   * A candidate KMS found on an interface of the recording machine other than loopback (a veth
   * into the browser's network namespace); the double gathers on loopback only.
   */
  private static boolean elsewhere(JsonNode message) {
    JsonNode value = message.path("params").path("value");
    if (!"IceCandidateFound".equals(value.path("type").asString())) {
      return false;
    }
    String[] parts = value.path("data").path("candidate").path("candidate").asString().split(" ");
    return parts.length > 4 && !parts[4].equals("127.0.0.1");
  }

  /** A copy with variable strings replaced by their form, for matching events. */
  private static JsonNode normalized(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.forEachEntry((key, value) -> copy.set(key, normalized(value)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(value -> copy.add(normalized(value)));
      return copy;
    }
    return node.isString() ? JsonNodeFactory.instance.stringNode(form(node.asString())) : node;
  }

  /** Replaces recorded ids with the double's in a message about to be sent. */
  private JsonNode mapIds(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      Map<String, JsonNode> replaced = new HashMap<>();
      object.forEachEntry((key, value) -> replaced.put(key, mapIds(value)));
      replaced.forEach(object::set);
      return object;
    }
    if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, mapIds(array.get(i)));
      }
      return array;
    }
    if (node.isString() && ids.containsKey(node.asString())) {
      return JsonNodeFactory.instance.stringNode(ids.get(node.asString()));
    }
    return node;
  }

  /** One replayed connection: its client, the responses it got, events not yet matched. */
  private static final class Replayed {

    final RawKmsClient client;
    final Map<Integer, JsonNode> responses = new HashMap<>();
    final List<JsonNode> pendingEvents = new ArrayList<>();

    Replayed(RawKmsClient client) {
      this.client = client;
    }
  }
}
