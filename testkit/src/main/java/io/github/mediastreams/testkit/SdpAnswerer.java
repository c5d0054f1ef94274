package io.github.mediastreams.testkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the SDP a WebRtcEndpoint answers with, laid out like KMS 7.3's answers (see
 * hello-world.jsonl): the same m-lines in the same order with the same mids, mirrored
 * directions, the BUNDLE group, the offered codecs KMS supports (with their rtpmap, rtcp-fb and
 * fmtp), {@code a=setup:active}, rtcp-mux, fresh ICE credentials and a DTLS fingerprint. No media
 * ever flows, so the credentials and fingerprint only need the right form for a browser's
 * {@code setRemoteDescription} to accept them.
 */
final class SdpAnswerer {

  /** Codecs KMS negotiates; RTX, RED, FEC, CN, DTMF and G722 are left out, as KMS does. */
  private static final Set<String> AUDIO_CODECS = Set.of("opus", "pcmu", "pcma");
  private static final Set<String> VIDEO_CODECS = Set.of("vp8", "vp9", "h264", "av1");
  /** The only header extension KMS keeps in its answers. */
  private static final String ABS_SEND_TIME =
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
  private static final String ICE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** What the endpoint may do, from its constructor's {@code recvonly}/{@code sendonly}. */
  record Capabilities(boolean canSend, boolean canReceive, boolean dataChannels) {
  }

  /** ICE and DTLS identity of one endpoint: the same in every m-line. */
  record Identity(String ufrag, String pwd, String fingerprint, String cname) {

    static Identity random() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      StringBuilder fingerprint = new StringBuilder();
      for (int i = 0; i < 32; i++) {
        if (i > 0) {
          fingerprint.append(':');
        }
        fingerprint.append(String.format(Locale.ROOT, "%02X", random.nextInt(256)));
      }
      String cname = "user" + Integer.toUnsignedString(random.nextInt()) + "@host-"
          + String.format(Locale.ROOT, "%08x", random.nextInt());
      return new Identity(randomChars(4), randomChars(22), fingerprint.toString(), cname);
    }
  }

  /** Answers a parsed offer. */
  String answer(Sdp offer, Capabilities capabilities, Identity identity) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long version = 1_000_000_000L + random.nextLong(3_000_000_000L);
    StringBuilder sdp = new StringBuilder(3072);
    line(sdp, "v=0");
    line(sdp, "o=- " + version + " " + version + " IN IP4 0.0.0.0");
    line(sdp, "s=Kurento Media Server");
    line(sdp, "c=IN IP4 0.0.0.0");
    line(sdp, "t=0 0");
    if (offer.sessionAttribute("extmap-allow-mixed") != null) {
      line(sdp, "a=extmap-allow-mixed");
    }
    String msidSemantic = offer.sessionAttribute("msid-semantic");
    if (msidSemantic != null) {
      line(sdp, "a=msid-semantic:" + msidSemantic);
    }
    List<String> accepted = new ArrayList<>();
    List<String> sections = new ArrayList<>();
    for (Sdp.MediaSection section : offer.media()) {
      StringBuilder out = new StringBuilder(1024);
      if (answerSection(section, capabilities, identity, out)) {
        accepted.add(section.attribute("mid"));
      }
      sections.add(out.toString());
    }
    String group = offer.sessionAttribute("group");
    if (group != null && group.startsWith("BUNDLE")) {
      List<String> bundled = new ArrayList<>();
      for (String mid : group.substring("BUNDLE".length()).trim().split(" ")) {
        if (!mid.isEmpty() && accepted.contains(mid)) {
          bundled.add(mid);
        }
      }
      if (!bundled.isEmpty()) {
        line(sdp, "a=group:BUNDLE " + String.join(" ", bundled));
      }
    }
    sections.forEach(sdp::append);
    return sdp.toString();
  }

  /** Writes one m-section; returns false when it is rejected (port 0). */
  private boolean answerSection(Sdp.MediaSection offered, Capabilities capabilities,
      Identity identity, StringBuilder out) {
    String mid = offered.attribute("mid");
    if (offered.port() == 0) {
      reject(offered, out);
      return false;
    }
    if (offered.media().equals("application")) {
      if (!capabilities.dataChannels()) {
        reject(offered, out);
        return false;
      }
      line(out, "m=application 1 " + offered.protocol() + " "
          + String.join(" ", offered.formats()));
      if (mid != null) {
        line(out, "a=mid:" + mid);
      }
      line(out, "a=setup:active");
      transport(out, identity);
      String sctpPort = offered.attribute("sctp-port");
      line(out, "a=sctp-port:" + (sctpPort == null ? "5000" : sctpPort));
      return true;
    }
    List<String> kept = keptPayloadTypes(offered);
    if (kept.isEmpty()) {
      reject(offered, out);
      return false;
    }
    line(out, "m=" + offered.media() + " 1 " + offered.protocol() + " " + String.join(" ", kept));
    for (String extmap : offered.attributes("extmap")) {
      if (extmap.endsWith(" " + ABS_SEND_TIME)) {
        line(out, "a=extmap:" + extmap);
      }
    }
    String direction = answerDirection(offered.direction(), capabilities);
    line(out, "a=" + direction);
    if (mid != null) {
      line(out, "a=mid:" + mid);
    }
    line(out, "a=rtcp:9 IN IP4 0.0.0.0");
    for (String pt : kept) {
      for (String rtpmap : offered.attributes("rtpmap")) {
        if (rtpmap.startsWith(pt + " ")) {
          line(out, "a=rtpmap:" + rtpmap);
        }
      }
    }
    for (String pt : kept) {
      for (String feedback : offered.attributes("rtcp-fb")) {
        if (feedback.startsWith(pt + " ") && !feedback.endsWith(" transport-cc")) {
          line(out, "a=rtcp-fb:" + feedback);
        }
      }
    }
    line(out, "a=setup:active");
    if (offered.has("rtcp-mux")) {
      line(out, "a=rtcp-mux");
    }
    for (String pt : kept) {
      for (String fmtp : offered.attributes("fmtp")) {
        if (fmtp.startsWith(pt + " ")) {
          line(out, "a=fmtp:" + fmtp);
        }
      }
    }
    // In every accepted section, whatever its direction: a receiver sends RTCP from it too
    // (one-to-many.jsonl: KMS's recvonly answer has it).
    line(out, "a=ssrc:" + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt())
        + " cname:" + identity.cname());
    transport(out, identity);
    return true;
  }

  /** Writes a simple offer for {@code generateOffer}: audio and video, bundled. */
  String offer(boolean audio, boolean video, Capabilities capabilities, Identity identity) {
    long version = 1_000_000_000L + ThreadLocalRandom.current().nextLong(3_000_000_000L);
    StringBuilder sdp = new StringBuilder(1024);
    line(sdp, "v=0");
    line(sdp, "o=- " + version + " " + version + " IN IP4 0.0.0.0");
    line(sdp, "s=Kurento Media Server");
    line(sdp, "c=IN IP4 0.0.0.0");
    line(sdp, "t=0 0");
    List<String> mids = new ArrayList<>();
    StringBuilder sections = new StringBuilder();
    String direction = capabilities.canSend()
        ? (capabilities.canReceive() ? "sendrecv" : "sendonly") : "recvonly";
    if (audio) {
      String mid = Integer.toString(mids.size());
      mids.add(mid);
      line(sections, "m=audio 1 UDP/TLS/RTP/SAVPF 111 0 8");
      offeredSection(sections, direction, mid, identity);
      line(sections, "a=rtpmap:111 opus/48000/2");
      line(sections, "a=rtpmap:0 PCMU/8000");
      line(sections, "a=rtpmap:8 PCMA/8000");
      line(sections, "a=fmtp:111 minptime=10;useinbandfec=1");
    }
    if (video) {
      String mid = Integer.toString(mids.size());
      mids.add(mid);
      line(sections, "m=video 1 UDP/TLS/RTP/SAVPF 96 102");
      offeredSection(sections, direction, mid, identity);
      line(sections, "a=rtpmap:96 VP8/90000");
      line(sections, "a=rtpmap:102 H264/90000");
      for (String pt : List.of("96", "102")) {
        for (String feedback : List.of("goog-remb", "ccm fir", "nack", "nack pli")) {
          line(sections, "a=rtcp-fb:" + pt + " " + feedback);
        }
      }
      line(sections,
          "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
    }
    if (!mids.isEmpty()) {
      line(sdp, "a=group:BUNDLE " + String.join(" ", mids));
    }
    return sdp.append(sections).toString();
  }

  private static void offeredSection(StringBuilder out, String direction, String mid,
      Identity identity) {
    line(out, "a=" + direction);
    line(out, "a=mid:" + mid);
    line(out, "a=rtcp:9 IN IP4 0.0.0.0");
    line(out, "a=setup:actpass");
    line(out, "a=rtcp-mux");
    transport(out, identity);
  }

  private static void reject(Sdp.MediaSection offered, StringBuilder out) {
    line(out, "m=" + offered.media() + " 0 " + offered.protocol() + " "
        + String.join(" ", offered.formats()));
    String mid = offered.attribute("mid");
    if (mid != null) {
      line(out, "a=mid:" + mid);
    }
    if (!offered.media().equals("application")) {
      line(out, "a=inactive");
    }
  }

  private static void transport(StringBuilder out, Identity identity) {
    line(out, "a=ice-ufrag:" + identity.ufrag());
    line(out, "a=ice-pwd:" + identity.pwd());
    line(out, "a=fingerprint:sha-256 " + identity.fingerprint());
  }

  /** The offered payload types of supported codecs, in the offer's order of preference. */
  private static List<String> keptPayloadTypes(Sdp.MediaSection offered) {
    Set<String> supported = offered.media().equals("audio") ? AUDIO_CODECS
        : offered.media().equals("video") ? VIDEO_CODECS : Set.of();
    Set<String> kept = new LinkedHashSet<>();
    for (String pt : offered.formats()) {
      for (String rtpmap : offered.attributes("rtpmap")) {
        if (rtpmap.startsWith(pt + " ")) {
          String codec = rtpmap.substring(pt.length() + 1).split("/")[0].toLowerCase(Locale.ROOT);
          if (supported.contains(codec)) {
            kept.add(pt);
          }
        }
      }
      // Static payload types may come without rtpmap: 0 is PCMU and 8 is PCMA (RFC 3551).
      if (offered.media().equals("audio") && (pt.equals("0") || pt.equals("8"))
          && offered.attributes("rtpmap").stream().noneMatch(r -> r.startsWith(pt + " "))) {
        kept.add(pt);
      }
    }
    return new ArrayList<>(kept);
  }

  private static String answerDirection(String offered, Capabilities capabilities) {
    boolean peerSends = offered.equals("sendrecv") || offered.equals("sendonly");
    boolean peerReceives = offered.equals("sendrecv") || offered.equals("recvonly");
    boolean send = peerReceives && capabilities.canSend();
    boolean receive = peerSends && capabilities.canReceive();
    if (send && receive) {
      return "sendrecv";
    }
    if (send) {
      return "sendonly";
    }
    return receive ? "recvonly" : "inactive";
  }

  private static String randomChars(int length) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder chars = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      chars.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
    }
    return chars.toString();
  }

  private static void line(StringBuilder out, String line) {
    out.append(line).append("\r\n");
  }
}
