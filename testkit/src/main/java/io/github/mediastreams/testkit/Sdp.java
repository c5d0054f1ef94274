package io.github.mediastreams.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed SDP, just deep enough to answer it: session-level attributes and, per m-line, its
 * media, port, protocol, formats and attributes, in their original order.
 */
record Sdp(List<Attribute> sessionAttributes, List<MediaSection> media) {

  /** An {@code a=name:value} line; value is null for flags such as {@code a=rtcp-mux}. */
  record Attribute(String name, String value) {

    @Override
    public String toString() {
      return value == null ? "a=" + name : "a=" + name + ":" + value;
    }
  }

  /** One m-line and the attributes that follow it. */
  record MediaSection(String media, int port, String protocol, List<String> formats,
      List<Attribute> attributes) {

    String attribute(String name) {
      for (Attribute attribute : attributes) {
        if (attribute.name().equals(name)) {
          return attribute.value() == null ? "" : attribute.value();
        }
      }
      return null;
    }

    List<String> attributes(String name) {
      List<String> values = new ArrayList<>();
      for (Attribute attribute : attributes) {
        if (attribute.name().equals(name)) {
          values.add(attribute.value() == null ? "" : attribute.value());
        }
      }
      return values;
    }

    boolean has(String name) {
      return attribute(name) != null;
    }

    /** The direction attribute, sendrecv when absent (RFC 3264). */
    String direction() {
      for (String direction : List.of("sendrecv", "sendonly", "recvonly", "inactive")) {
        if (has(direction)) {
          return direction;
        }
      }
      return "sendrecv";
    }
  }

  private static final Pattern LINE = Pattern.compile("[a-z]=.*");

  String sessionAttribute(String name) {
    for (Attribute attribute : sessionAttributes) {
      if (attribute.name().equals(name)) {
        return attribute.value() == null ? "" : attribute.value();
      }
    }
    return null;
  }

  /**
   * Parses SDP text; throws SDP_PARSE_ERROR ("Invalid SDP", as KMS says) when it is not SDP.
   */
  static Sdp parse(String text) {
    if (text == null) {
      throw invalid();
    }
    String[] lines = text.split("\r?\n");
    if (lines.length < 3 || !lines[0].equals("v=0")) {
      throw invalid();
    }
    boolean hasOrigin = false;
    List<Attribute> session = new ArrayList<>();
    List<MediaSection> media = new ArrayList<>();
    List<Attribute> current = session;
    for (String line : lines) {
      if (line.isEmpty()) {
        continue;
      }
      if (!LINE.matcher(line).matches()) {
        throw invalid();
      }
      char kind = line.charAt(0);
      String value = line.substring(2);
      if (kind == 'o') {
        hasOrigin = value.split(" ").length == 6;
      } else if (kind == 'm') {
        String[] parts = value.split(" ");
        if (parts.length < 4) {
          throw invalid();
        }
        int port;
        try {
          port = Integer.parseInt(parts[1].split("/")[0]);
        } catch (NumberFormatException e) {
          throw invalid();
        }
        current = new ArrayList<>();
        media.add(new MediaSection(parts[0], port, parts[2],
            List.of(parts).subList(3, parts.length), current));
      } else if (kind == 'a') {
        int colon = value.indexOf(':');
        current.add(colon < 0 ? new Attribute(value, null)
            : new Attribute(value.substring(0, colon), value.substring(colon + 1)));
      }
    }
    if (!hasOrigin) {
      throw invalid();
    }
    media.replaceAll(m -> new MediaSection(m.media(), m.port(), m.protocol(), m.formats(),
        List.copyOf(m.attributes())));
    return new Sdp(List.copyOf(session), List.copyOf(media));
  }

  private static KmsError invalid() {
    return new KmsError(KmsErrors.SDP_PARSE_ERROR, "Invalid SDP");
  }
}
