package io.github.mediastreams.testkit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON-RPC 2.0 envelopes KMS reads and writes. */
final class JsonRpc {

  private JsonRpc() {
  }

  /**
   * One request as received.
   *
   * @param id the request id, or null for a notification (KMS then sends no response)
   * @param method the JSON-RPC method
   * @param params the params object, never null (an absent params is an empty object)
   * @param paramsGiven whether the request had a params member at all; KMS's {@code connect}
   *     starts a new session when it had none
   */
  record Request(JsonNode id, String method, ObjectNode params, boolean paramsGiven) {

    /** Parses a request, or throws the JSON-RPC error KMS answers a malformed one with. */
    static Request from(JsonNode message) {
      if (message == null || !message.isObject() || !"2.0".equals(Json.text(message, "jsonrpc"))
          || message.path("id").isContainer() || !message.path("method").isString()) {
        throw new KmsError(KmsErrors.INVALID_REQUEST, "Invalid JSON-RPC request.", null);
      }
      JsonNode id = message.get("id");
      JsonNode params = message.get("params");
      ObjectNode paramsObject = params != null && params.isObject()
          ? (ObjectNode) params : Json.object();
      return new Request(id == null || id.isNull() ? null : id,
          message.get("method").stringValue(), paramsObject, params != null && !params.isNull());
    }

    String param(String name) {
      return Json.text(params, name);
    }

    String requireParam(String name) {
      String value = param(name);
      if (value == null) {
        throw KmsError.missingParam(name);
      }
      return value;
    }
  }

  /** A success response: {@code {"id", "jsonrpc", "result"}}. */
  static ObjectNode success(JsonNode id, JsonNode result) {
    ObjectNode response = Json.object();
    response.set("id", id);
    response.put("jsonrpc", "2.0");
    response.set("result", result);
    return response;
  }

  /** An error response; {@code data} is left out when the error has no type, as KMS does. */
  static ObjectNode error(JsonNode id, KmsError error) {
    ObjectNode body = Json.object();
    body.put("code", error.code());
    if (error.type() != null) {
      body.putObject("data").put("type", error.type());
    }
    body.put("message", error.getMessage());
    ObjectNode response = Json.object();
    response.set("error", body);
    if (id == null) {
      response.putNull("id");
    } else {
      response.set("id", id);
    }
    response.put("jsonrpc", "2.0");
    return response;
  }

  /** A notification (no id), as KMS sends {@code onEvent}. */
  static ObjectNode notification(String method, JsonNode params) {
    ObjectNode message = Json.object();
    message.put("jsonrpc", "2.0");
    message.put("method", method);
    message.set("params", params);
    return message;
  }
}
