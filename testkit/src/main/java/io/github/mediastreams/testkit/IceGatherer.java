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
 * IceGatheringDone. Ports are random; nothing listens on them, since no media flows.
 */
final class IceGatherer {

  /** One event to publish: its type and the fields of its data. */
  record Event(String type, Map<String, Object> fields) {
  }

  private final String address;

  IceGatherer(String address) {
    this.address = address;
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
      int udpPort = 1024 + random.nextInt(64511);
      int tcpPort = 1024 + random.nextInt(64511);
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
