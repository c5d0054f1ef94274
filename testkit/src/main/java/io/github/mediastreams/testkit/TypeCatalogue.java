package io.github.mediastreams.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The KMS 7.3 remote classes the double knows, transcribed from the {@code *.kmd.json} module
 * descriptors (core, elements, filters, platedetector, crowddetector): parent class, events,
 * methods with their required and optional parameters, properties and constructor parameters.
 * Everything protocol-visible that depends on the class (describe's hierarchy, which events
 * may be subscribed, which operations exist and with how many parameters, ids' module prefix)
 * is answered from here, so that adding a class is adding facts, not code.
 */
final class TypeCatalogue {

  /** A method of a remote class; properties contribute {@code getX}/{@code setX} methods. */
  record MethodInfo(String name, List<String> required, List<String> optional) {

    boolean accepts(Set<String> given) {
      if (!given.containsAll(required)) {
        return false;
      }
      for (String name : given) {
        if (!required.contains(name) && !optional.contains(name)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A property of a remote class; the type name is KMS's ({@code String}, {@code int}, ...), the
   * default value the kmd's {@code defaultValue} as JSON text, or null when it gives none.
   */
  record PropertyInfo(String name, String type, boolean readOnly, String defaultValue) {
  }

  /** One remote class with only what it declares itself; inheritance is resolved on lookup. */
  record TypeInfo(String name, String module, String parent, boolean isAbstract,
      List<String> constructorRequired, List<String> constructorOptional, Set<String> events,
      Map<String, MethodInfo> methods, Map<String, PropertyInfo> properties) {

    String qualifiedName() {
      return module + "." + name;
    }
  }

  private final Map<String, TypeInfo> types;

  private TypeCatalogue(Map<String, TypeInfo> types) {
    this.types = Collections.unmodifiableMap(types);
  }

  /** The classes of KMS 7.3's core, elements and filters modules plus the two example modules. */
  static TypeCatalogue kms() {
    Builder b = new Builder();
    // core
    b.type("MediaObject", "kurento", null, true)
        .events("Error")
        .method("addTag", req("key", "value"), opt())
        .method("removeTag", req("key"), opt())
        .method("getTag", req("key"), opt())
        .method("getTags", req(), opt())
        .property("mediaPipeline", "MediaPipeline", true)
        .property("parent", "MediaObject", true)
        .property("id", "String", true)
        .property("children", "MediaObject[]", true)
        .property("name", "String", false)
        .property("sendTagsInEvents", "boolean", false)
        .property("creationTime", "int", true);
    // Not creatable: the server's one ServerManager, always there as manager_ServerManager.
    b.type("ServerManager", "kurento", "MediaObject", true)
        .events("ObjectCreated", "ObjectDestroyed")
        .method("getKmd", req("moduleName"), opt())
        .method("getCpuCount", req(), opt())
        .method("getUsedCpu", req("interval"), opt())
        .method("getUsedMemory", req(), opt())
        .property("info", "ServerInfo", true)
        .property("pipelines", "MediaPipeline[]", true)
        .property("sessions", "String[]", true)
        .property("metadata", "String", true);
    b.type("MediaPipeline", "kurento", "MediaObject", false)
        .method("getGstreamerDot", req(), opt("details"))
        .method("dumpGstreamerDot", req(), opt("details"))
        .property("latencyStats", "boolean", false);
    b.type("MediaElement", "kurento", "MediaObject", true)
        .events("ElementConnected", "ElementDisconnected", "MediaFlowOutStateChanged",
            "MediaFlowInStateChanged", "MediaTranscodingStateChanged")
        .method("getSourceConnections", req(), opt("mediaType", "description"))
        .method("getSinkConnections", req(), opt("mediaType", "description"))
        .method("connect", req("sink"),
            opt("mediaType", "sourceMediaDescription", "sinkMediaDescription"))
        .method("disconnect", req("sink"),
            opt("mediaType", "sourceMediaDescription", "sinkMediaDescription"))
        .method("setAudioFormat", req("caps"), opt())
        .method("setVideoFormat", req("caps"), opt())
        .method("dumpGstreamerDot", req(), opt("details"))
        .method("getGstreamerDot", req(), opt("details"))
        .method("getStats", req(), opt("mediaType"))
        .method("isMediaFlowingIn", req("mediaType"), opt("sinkMediaDescription"))
        .method("isMediaFlowingOut", req("mediaType"), opt("sourceMediaDescription"))
        .method("isMediaTranscoding", req("mediaType"), opt("binName"))
        .property("encoderBitrate", "int", false)
        .property("minEncoderBitrate", "int", false)
        .property("maxEncoderBitrate", "int", false);
    b.type("Endpoint", "kurento", "MediaElement", true);
    b.type("Filter", "kurento", "MediaElement", true);
    b.type("SessionEndpoint", "kurento", "Endpoint", true)
        .events("MediaSessionTerminated", "MediaSessionStarted");
    b.type("SdpEndpoint", "kurento", "SessionEndpoint", true)
        .method("generateOffer", req(), opt("options"))
        .method("processOffer", req("offer"), opt())
        .method("processAnswer", req("answer"), opt())
        .method("getLocalSessionDescriptor", req(), opt())
        .method("getRemoteSessionDescriptor", req(), opt())
        .property("maxAudioRecvBandwidth", "int", false)
        .property("maxVideoRecvBandwidth", "int", false);
    b.type("BaseRtpEndpoint", "kurento", "SdpEndpoint", true)
        .events("MediaStateChanged", "ConnectionStateChanged")
        .method("requestKeyframe", req(), opt())
        .property("minVideoRecvBandwidth", "int", false)
        .property("minVideoSendBandwidth", "int", false)
        .property("maxVideoSendBandwidth", "int", false)
        .property("mediaState", "MediaState", true)
        .property("connectionState", "ConnectionState", true)
        .property("mtu", "int", false)
        .property("rembParams", "RembParams", false);
    b.type("UriEndpoint", "kurento", "Endpoint", true)
        .events("UriEndpointStateChanged")
        .method("pause", req(), opt())
        .method("stop", req(), opt())
        .property("uri", "String", true)
        .property("state", "UriEndpointState", true);
    b.type("PassThrough", "kurento", "MediaElement", false)
        .constructor(req("mediaPipeline"), opt());
    // elements
    b.type("WebRtcEndpoint", "kurento", "BaseRtpEndpoint", false)
        .constructor(req("mediaPipeline"),
            opt("recvonly", "sendonly", "useDataChannels", "certificateKeyType", "qosDscp"))
        .events("IceCandidateFound", "IceGatheringDone", "IceComponentStateChanged",
            "DtlsConnectionStateChange", "DataChannelOpened", "DataChannelClosed",
            "NewCandidatePairSelected")
        .method("gatherCandidates", req(), opt())
        .method("addIceCandidate", req("candidate"), opt())
        .method("createDataChannel", req(),
            opt("label", "ordered", "maxPacketLifeTime", "maxRetransmits", "protocol"))
        .method("closeDataChannel", req("channelId"), opt())
        .property("networkInterfaces", "String", false)
        .property("iceTcp", "boolean", false)
        .property("stunServerAddress", "String", false)
        .property("stunServerPort", "int", false)
        .property("turnUrl", "String", false)
        .property("externalIPv4", "String", false)
        .property("externalIPv6", "String", false)
        .property("ICECandidatePairs", "IceCandidatePair[]", true)
        .property("IceConnectionState", "IceConnection[]", true)
        .property("DtlsConnectionState", "DtlsConnection[]", true);
    b.type("PlayerEndpoint", "kurento", "UriEndpoint", false)
        .constructor(req("mediaPipeline", "uri"), opt("useEncodedMedia", "networkCache"))
        .events("EndOfStream")
        .method("play", req(), opt())
        .property("videoInfo", "VideoInfo", true)
        .property("elementGstreamerDot", "String", true)
        .property("position", "int64", false);
    // filters
    b.type("FaceOverlayFilter", "kurento", "Filter", false)
        .constructor(req("mediaPipeline"), opt())
        .method("unsetOverlayedImage", req(), opt())
        .method("setOverlayedImage",
            req("uri", "offsetXPercent", "offsetYPercent", "widthPercent", "heightPercent"), opt());
    // example modules: their ids and qualified names carry their own module name
    // (platedetector.PlateDetectorFilter.kmd.json, crowddetector.CrowdDetectorFilter.kmd.json: all of it)
    b.type("PlateDetectorFilter", "platedetector", "Filter", false)
        .constructor(req("mediaPipeline"), opt())
        .events("PlateDetected")
        .method("setPlateWidthPercentage", req("plateWidthPercentage"), opt());
    b.type("CrowdDetectorFilter", "crowddetector", "Filter", false)
        .constructor(req("mediaPipeline", "rois"), opt())
        .events("CrowdDetectorFluidity", "CrowdDetectorOccupancy", "CrowdDetectorDirection")
        .property("processingWidth", "int", false, "320");
    return b.build();
  }

  /** The class, or empty when KMS would have no factory for it. */
  Optional<TypeInfo> find(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** The modules the classes come from, in catalogue order. */
  List<String> modules() {
    List<String> modules = new ArrayList<>();
    types.values().forEach(type -> {
      if (!modules.contains(type.module())) {
        modules.add(type.module());
      }
    });
    return modules;
  }

  /** The classes of a module that {@code create} may build, as its factories. */
  List<String> creatableTypes(String module) {
    List<String> names = new ArrayList<>();
    types.values().forEach(type -> {
      if (type.module().equals(module) && !type.isAbstract()) {
        names.add(type.name());
      }
    });
    return names;
  }

  /** Whether {@code create} may build this class (it exists and is not abstract). */
  boolean isCreatable(String name) {
    TypeInfo type = types.get(name);
    return type != null && !type.isAbstract();
  }

  TypeInfo get(String name) {
    TypeInfo type = types.get(name);
    if (type == null) {
      throw new IllegalArgumentException("Unknown KMS type: " + name);
    }
    return type;
  }

  /** The qualified names of the ancestors, nearest first, as {@code describe} lists them. */
  List<String> hierarchy(String name) {
    List<String> ancestors = new ArrayList<>();
    for (String parent = get(name).parent(); parent != null; parent = get(parent).parent()) {
      ancestors.add(get(parent).qualifiedName());
    }
    return ancestors;
  }

  /** Whether the class or an ancestor declares this event. */
  boolean supportsEvent(String name, String event) {
    for (TypeInfo type = get(name); type != null; type = parentOf(type)) {
      if (type.events().contains(event)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the class is the given one or descends from it. */
  boolean isA(String name, String ancestor) {
    for (TypeInfo type = get(name); type != null; type = parentOf(type)) {
      if (type.name().equals(ancestor)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The operation an {@code invoke} names, resolved through the class hierarchy and the
   * properties' generated {@code getX}/{@code setX} methods.
   */
  Optional<MethodInfo> method(String name, String operation) {
    for (TypeInfo type = get(name); type != null; type = parentOf(type)) {
      MethodInfo method = type.methods().get(operation);
      if (method != null) {
        return Optional.of(method);
      }
      for (PropertyInfo property : type.properties().values()) {
        String suffix = capitalized(property.name());
        if (operation.equals("get" + suffix)) {
          return Optional.of(new MethodInfo(operation, List.of(), List.of()));
        }
        if (!property.readOnly() && operation.equals("set" + suffix)) {
          return Optional.of(new MethodInfo(operation, List.of(property.name()), List.of()));
        }
      }
    }
    return Optional.empty();
  }

  /** The property a {@code getX}/{@code setX} operation reads or writes, if it is one. */
  Optional<PropertyInfo> propertyOf(String name, String operation) {
    for (TypeInfo type = get(name); type != null; type = parentOf(type)) {
      for (PropertyInfo property : type.properties().values()) {
        String suffix = capitalized(property.name());
        if (operation.equals("get" + suffix) || operation.equals("set" + suffix)) {
          return Optional.of(property);
        }
      }
    }
    return Optional.empty();
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private TypeInfo parentOf(TypeInfo type) {
    return type.parent() == null ? null : get(type.parent());
  }

  private static List<String> req(String... names) {
    return List.of(names);
  }

  private static List<String> opt(String... names) {
    return List.of(names);
  }

  /** Collects the facts; only used while building the immutable catalogue. */
  private static final class Builder {

    private final Map<String, TypeBuilder> builders = new LinkedHashMap<>();

    TypeBuilder type(String name, String module, String parent, boolean isAbstract) {
      TypeBuilder builder = new TypeBuilder(name, module, parent, isAbstract);
      builders.put(name, builder);
      return builder;
    }

    TypeCatalogue build() {
      Map<String, TypeInfo> types = new LinkedHashMap<>();
      builders.forEach((name, builder) -> types.put(name, builder.build()));
      return new TypeCatalogue(types);
    }
  }

  private static final class TypeBuilder {

    private final String name;
    private final String module;
    private final String parent;
    private final boolean isAbstract;
    private List<String> constructorRequired = List.of();
    private List<String> constructorOptional = List.of();
    private final Set<String> events = new HashSet<>();
    private final Map<String, MethodInfo> methods = new LinkedHashMap<>();
    private final Map<String, PropertyInfo> properties = new LinkedHashMap<>();

    TypeBuilder(String name, String module, String parent, boolean isAbstract) {
      this.name = name;
      this.module = module;
      this.parent = parent;
      this.isAbstract = isAbstract;
    }

    TypeBuilder constructor(List<String> required, List<String> optional) {
      constructorRequired = required;
      constructorOptional = optional;
      return this;
    }

    TypeBuilder events(String... names) {
      events.addAll(List.of(names));
      return this;
    }

    TypeBuilder method(String method, List<String> required, List<String> optional) {
      methods.put(method, new MethodInfo(method, required, optional));
      return this;
    }

    TypeBuilder property(String property, String type, boolean readOnly) {
      return property(property, type, readOnly, null);
    }

    TypeBuilder property(String property, String type, boolean readOnly, String defaultValue) {
      properties.put(property, new PropertyInfo(property, type, readOnly, defaultValue));
      return this;
    }

    TypeInfo build() {
      return new TypeInfo(name, module, parent, isAbstract, constructorRequired,
          constructorOptional, Set.copyOf(events), Map.copyOf(methods), Map.copyOf(properties));
    }
  }
}
