package io.github.mediastreams.testkit;

import java.util.Map;

/**
 * The error codes KMS 7.3 sends in {@code error.code}, with the type names it puts in
 * {@code error.data.type} (from KMS's {@code KurentoException.hpp}). Use them with
 * {@link Faults#failOnCall(String, int, int, String)} to inject the errors a real server raises.
 */
public final class KmsErrors {

  /** JSON-RPC: the text was not JSON. */
  public static final int PARSE_ERROR = -32700;
  /** JSON-RPC: the message was JSON but not a request. */
  public static final int INVALID_REQUEST = -32600;
  /** JSON-RPC: no such method (message {@code "Method not found."}, no data). */
  public static final int METHOD_NOT_FOUND = -32601;
  /** JSON-RPC: a required parameter is missing. */
  public static final int INVALID_PARAMS = -32602;
  /** A value could not be marshalled, e.g. a missing constructor parameter. */
  public static final int MARSHALL_ERROR = 40001;
  /** Anything KMS did not expect. */
  public static final int UNEXPECTED_ERROR = 40003;
  /** Two elements could not be connected. */
  public static final int CONNECT_ERROR = 40004;
  /** The operation exists in the API but this server does not implement it. */
  public static final int NOT_IMPLEMENTED = 40006;
  /** {@code connect} named a session this server does not know (e.g. after a KMS restart). */
  public static final int INVALID_SESSION = 40007;
  /** A transaction, or an invoke naming an unknown method. */
  public static final int MALFORMED_TRANSACTION = 40008;
  /** KMS is out of CPU or memory. */
  public static final int NOT_ENOUGH_RESOURCES = 40009;
  /** The object is released or never existed. */
  public static final int MEDIA_OBJECT_NOT_FOUND = 40101;
  /** The object's class does not emit that event. */
  public static final int MEDIA_OBJECT_EVENT_NOT_SUPPORTED = 40106;
  /** A parameter value was rejected. */
  public static final int MEDIA_OBJECT_ILLEGAL_PARAM_ERROR = 40107;
  /** No factory (module) for the requested type. */
  public static final int MEDIA_OBJECT_NOT_AVAILABLE = 40108;
  /** A {@code newref:} was used outside the transaction that creates it. */
  public static final int MEDIA_OBJECT_NOT_FOUND_TRANSACTION_NO_COMMIT = 40109;
  /** {@code getTag} for a key that was never set. */
  public static final int MEDIA_OBJECT_TAG_KEY_NOT_FOUND = 40110;
  /** The SDP could not be parsed. */
  public static final int SDP_PARSE_ERROR = 40201;
  /** {@code getLocalSessionDescriptor} before any negotiation. */
  public static final int SDP_END_POINT_NO_LOCAL_SDP_ERROR = 40202;
  /** {@code getRemoteSessionDescriptor} before any negotiation. */
  public static final int SDP_END_POINT_NO_REMOTE_SDP_ERROR = 40203;
  /** Generating an offer failed. */
  public static final int SDP_END_POINT_GENERATE_OFFER_ERROR = 40204;
  /** Processing an offer failed. */
  public static final int SDP_END_POINT_PROCESS_OFFER_ERROR = 40205;
  /** Processing an answer failed. */
  public static final int SDP_END_POINT_PROCESS_ANSWER_ERROR = 40206;
  /** A second offer/answer on an endpoint that already negotiated. */
  public static final int SDP_END_POINT_ALREADY_NEGOTIATED = 40208;
  /** {@code processAnswer} without a prior {@code generateOffer}. */
  public static final int SDP_END_POINT_NOT_OFFER_GENERATED = 40209;
  /** ICE gathering could not start. */
  public static final int ICE_GATHER_CANDIDATES_ERROR = 40400;
  /** A remote candidate was rejected. */
  public static final int ICE_ADD_CANDIDATE_ERROR = 40401;
  /** The player's URI names no file. */
  public static final int URI_PATH_FILE_NOT_FOUND = 40600;
  /** Seeking a player failed. */
  public static final int PLAYER_SEEK_FAIL = 40700;

  private static final Map<Integer, String> TYPES = Map.ofEntries(
      Map.entry(MARSHALL_ERROR, "MARSHALL_ERROR"),
      Map.entry(UNEXPECTED_ERROR, "UNEXPECTED_ERROR"),
      Map.entry(CONNECT_ERROR, "CONNECT_ERROR"),
      Map.entry(40005, "UNSUPPORTED_MEDIA_TYPE"),
      Map.entry(NOT_IMPLEMENTED, "NOT_IMPLEMENTED"),
      Map.entry(INVALID_SESSION, "INVALID_SESSION"),
      Map.entry(MALFORMED_TRANSACTION, "MALFORMED_TRANSACTION"),
      Map.entry(NOT_ENOUGH_RESOURCES, "NOT_ENOUGH_RESOURCES"),
      Map.entry(40100, "MEDIA_OBJECT_TYPE_NOT_FOUND"),
      Map.entry(MEDIA_OBJECT_NOT_FOUND, "MEDIA_OBJECT_NOT_FOUND"),
      Map.entry(40104, "MEDIA_OBJECT_CONSTRUCTOR_NOT_FOUND"),
      Map.entry(40105, "MEDIA_OBJECT_METHOD_NOT_FOUND"),
      Map.entry(MEDIA_OBJECT_EVENT_NOT_SUPPORTED, "MEDIA_OBJECT_EVENT_NOT_SUPPORTED"),
      Map.entry(MEDIA_OBJECT_ILLEGAL_PARAM_ERROR, "MEDIA_OBJECT_ILLEGAL_PARAM_ERROR"),
      Map.entry(MEDIA_OBJECT_NOT_AVAILABLE, "MEDIA_OBJECT_NOT_AVAILABLE"),
      Map.entry(MEDIA_OBJECT_NOT_FOUND_TRANSACTION_NO_COMMIT,
          "MEDIA_OBJECT_NOT_FOUND_TRANSACTION_NO_COMMIT"),
      Map.entry(MEDIA_OBJECT_TAG_KEY_NOT_FOUND, "MEDIA_OBJECT_TAG_KEY_NOT_FOUND"),
      Map.entry(40111, "MEDIA_OBJECT_OPERATION_NOT_SUPPORTED"),
      Map.entry(40200, "SDP_CREATE_ERROR"),
      Map.entry(SDP_PARSE_ERROR, "SDP_PARSE_ERROR"),
      Map.entry(SDP_END_POINT_NO_LOCAL_SDP_ERROR, "SDP_END_POINT_NO_LOCAL_SDP_ERROR"),
      Map.entry(SDP_END_POINT_NO_REMOTE_SDP_ERROR, "SDP_END_POINT_NO_REMOTE_SDP_ERROR"),
      Map.entry(SDP_END_POINT_GENERATE_OFFER_ERROR, "SDP_END_POINT_GENERATE_OFFER_ERROR"),
      Map.entry(SDP_END_POINT_PROCESS_OFFER_ERROR, "SDP_END_POINT_PROCESS_OFFER_ERROR"),
      Map.entry(SDP_END_POINT_PROCESS_ANSWER_ERROR, "SDP_END_POINT_PROCESS_ANSWER_ERROR"),
      Map.entry(40207, "SDP_CONFIGURATION_ERROR"),
      Map.entry(SDP_END_POINT_ALREADY_NEGOTIATED, "SDP_END_POINT_ALREADY_NEGOTIATED"),
      Map.entry(SDP_END_POINT_NOT_OFFER_GENERATED, "SDP_END_POINT_NOT_OFFER_GENERATED"),
      Map.entry(40210, "SDP_END_POINT_ANSWER_ALREADY_PROCCESED"),
      Map.entry(40211, "SDP_END_POINT_CANNOT_CREATE_SESSON"),
      Map.entry(40300, "HTTP_END_POINT_REGISTRATION_ERROR"),
      Map.entry(ICE_GATHER_CANDIDATES_ERROR, "ICE_GATHER_CANDIDATES_ERROR"),
      Map.entry(ICE_ADD_CANDIDATE_ERROR, "ICE_ADD_CANDIDATE_ERROR"),
      Map.entry(40500, "SERVER_MANAGER_ERROR_KMD_NOT_FOUND"),
      Map.entry(URI_PATH_FILE_NOT_FOUND, "URI_PATH_FILE_NOT_FOUND"),
      Map.entry(PLAYER_SEEK_FAIL, "PLAYER_SEEK_FAIL"),
      Map.entry(INVALID_PARAMS, "INVALID_PARAMS"));

  private KmsErrors() {
  }

  /**
   * The type name KMS sends in {@code error.data.type} for a code.
   *
   * @param code a KMS error code
   * @return its type name, or {@code "UNEXPECTED_ERROR"} for a code KMS does not define
   */
  public static String typeOf(int code) {
    return TYPES.getOrDefault(code, "UNEXPECTED_ERROR");
  }
}
