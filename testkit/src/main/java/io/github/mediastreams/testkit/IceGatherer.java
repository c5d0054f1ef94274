package io.github.mediastreams.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The events a WebRtcEndpoint emits when it gathers ICE candidates, in KMS 7.3's order and
 * form: IceComponentStateChanged(GATHERING) per component, then each host candidate (UDP, TCP
 * active, TCP passive, for RTP and RTCP components) once per negotiated m-line, then
 * IceGatheringDone; IceComponentStateChanged(CONNECTING) once checks begin; and what follows when ICE connects
 * or fails ({@code media-flow.jsonl}, {@code ice-fail.jsonl}). The ports are {@link SilentPorts}:
 * checks sent to them go unanswered, since no media flows.
 */
final class IceGatherer {

  /** One event to publish: its type and the fields of its data. */
  record Event(String type, Map<String, Object> fields) {
  }

  private final String address;
  private final SilentPorts ports;

  IceGatherer(SilentPorts ports) {
    this.address = ports.address();
    this.ports = ports;
  }

  List<Event> gather(String localSdp) {
    Map<String, Integer> mlines = negotiatedMids(localSdp);
    List<Event> events = new ArrayList<>();
    for (int component = 1; component <= 2; component++) {
      events.add(new Event("IceComponentStateChanged", Map.of(
          "componentId", component, "state", "GATHERING", "streamId", 1)));
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int component = 1; component <= 2; component++) {
      int udpPort = ports.udpPort() > 0 ? ports.udpPort() : 1024 + random.nextInt(64511);
      int tcpPort = ports.tcpPort() > 0 ? ports.tcpPort() : 1024 + random.nextInt(64511);
      List<String> candidates = List.of(
          "candidate:1 " + component + " UDP " + (2015364096L - component) + " " + address + " "
              + udpPort + " typ host",
          "candidate:2 " + component + " TCP " + (1015022592L - component) + " " + address
              + " 9 typ host tcptype active",
          "candidate:3 " + component + " TCP " + (1010828288L - component) + " " + address + " "
              + tcpPort + " typ host tcptype passive");
      for (String candidate : candidates) {
        mlines.forEach((mid, index) -> {
          Map<String, Object> iceCandidate = new LinkedHashMap<>();
          iceCandidate.put("__module__", "kurento");
          iceCandidate.put("__type__", "IceCandidate");
          iceCandidate.put("candidate", candidate);
          iceCandidate.put("sdpMLineIndex", index);
          iceCandidate.put("sdpMid", mid);
          events.add(new Event("IceCandidateFound", Map.of("candidate", iceCandidate)));
        });
      }
    }
    events.add(new Event("IceGatheringDone", Map.of()));
    return events;
  }

  /** What a KMS endpoint reports when its connectivity checks begin. */
  Event checking() {
    return iceState(1, "CONNECTING");
  }

  /**
   * What a KMS endpoint reports once ICE connects and media flows both ways.
   *
   * @param localSdp the endpoint's answer, for its media
   * @param gathered the events of the endpoint's gathering, for the local candidate
   * @param remoteCandidate a candidate the peer sent, or null if none came
   */
  List<Event> connected(String localSdp, List<Event> gathered, String remoteCandidate) {
    List<Event> events = new ArrayList<>();
    Map<String, Object> pair = new LinkedHashMap<>();
    pair.put("__module__", "kurento");
    pair.put("__type__", "IceCandidatePair");
    pair.put("componentId", 1);
    pair.put("localCandidate", firstUdpCandidate(gathered));
    pair.put("remoteCandidate", remoteCandidate != null ? remoteCandidate
        : "candidate:1 1 UDP 2122194687 127.0.0.1 "
            + (1024 + ThreadLocalRandom.current().nextInt(64511)) + " typ host");
    pair.put("streamId", "1");
    events.add(new Event("NewCandidatePairSelected", Map.of("candidatePair", pair)));
    events.add(iceState(1, "CONNECTED"));
    events.add(stateChange("ConnectionStateChanged"));
    List<String> media = negotiatedMedia(localSdp);
    int bin = ThreadLocalRandom.current().nextInt(1000, 10000);
    for (String type : List.of("VIDEO", "AUDIO")) {
      if (media.contains(type)) {
        events.add(new Event("MediaFlowOutStateChanged", flow(type)));
        events.add(new Event("MediaTranscodingStateChanged", Map.of("binName",
            "kmswebrtcendpoint" + bin + "_kmsagnosticbin2-" + bin, "mediaType", type, "state",
            "NOT_TRANSCODING")));
      }
    }
    for (String type : List.of("AUDIO", "VIDEO")) {
      if (media.contains(type)) {
        events.add(new Event("MediaFlowInStateChanged", flow(type)));
      }
    }
    events.add(stateChange("MediaStateChanged"));
    events.add(iceState(1, "READY"));
    return events;
  }

  private static String firstUdpCandidate(List<Event> gathered) {
    for (Event event : gathered) {
      if (event.fields().get("candidate") instanceof Map<?, ?> candidate
          && candidate.get("candidate") instanceof String line && line.startsWith("candidate:1 1 UDP")) {
        return line;
      }
    }
    throw new IllegalStateException("A gathering without a UDP candidate");
  }

  /** What a KMS endpoint reports when no candidate pair ever works. */
  List<Event> failed() {
    return List.of(iceState(1, "FAILED"));
  }

  private static Event iceState(int component, String state) {
    return new Event("IceComponentStateChanged",
        Map.of("componentId", component, "state", state, "streamId", 1));
  }

  private static Event stateChange(String type) {
    return new Event(type, Map.of("newState", "CONNECTED", "oldState", "DISCONNECTED"));
  }

  private static Map<String, Object> flow(String mediaType) {
    return Map.of("mediaType", mediaType, "padName", "default", "state", "FLOWING");
  }

  /** AUDIO and VIDEO, for each kind of accepted m-line of the endpoint's local description. */
  private static List<String> negotiatedMedia(String localSdp) {
    List<String> media = new ArrayList<>();
    for (Sdp.MediaSection section : Sdp.parse(localSdp).media()) {
      String type = section.media().toUpperCase(java.util.Locale.ROOT);
      if (section.port() != 0 && (type.equals("AUDIO") || type.equals("VIDEO"))
          && !media.contains(type)) {
        media.add(type);
      }
    }
    return media;
  }

  /** mid to m-line index of every accepted m-line of the endpoint's local description. */
  private static Map<String, Integer> negotiatedMids(String localSdp) {
    Map<String, Integer> mids = new LinkedHashMap<>();
    Sdp sdp = Sdp.parse(localSdp);
    for (int index = 0; index < sdp.media().size(); index++) {
      Sdp.MediaSection section = sdp.media().get(index);
      if (section.port() != 0) {
        String mid = section.attribute("mid");
        mids.put(mid == null ? Integer.toString(index) : mid, index);
      }
    }
    return mids;
  }
}
