package io.github.mediastreams.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON codec of the double. KMS serialises with jsoncpp, which writes object keys in
 * alphabetical order; writing sorted keys makes the double's traffic read like KMS's in logs.
 * The mapper is immutable once built, so one shared instance is safe.
 */
final class Json {

  static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
      .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {
  }

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** Parses text; throws {@link tools.jackson.core.JacksonException} when it is not JSON. */
  static JsonNode parse(String text) {
    return MAPPER.readTree(text);
  }

  static String write(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  /** Converts a plain Java value (maps, lists, numbers, strings) into a JSON tree. */
  static JsonNode toNode(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Converts a JSON tree into plain Java values: maps keep key order, numbers stay numbers. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> toMap(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Map.of();
    }
    return MAPPER.convertValue(node, LinkedHashMap.class);
  }

  /** Converts any JSON tree into plain Java values (Map, List, String, Number, Boolean, null). */
  static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    return MAPPER.convertValue(node, Object.class);
  }

  /** The string held at {@code field}, or null when absent or not a string. */
  static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.stringValue() : null;
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode array = array();
    values.forEach(array::add);
    return array;
  }
}
