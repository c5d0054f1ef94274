package io.github.mediastreams.context;

import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * NGSI-v2 normalized format: every attribute is {@code {"type": ..., "value": ...}} with the types
 * the Smart Data Models' v2 examples use ({@code Text}, {@code Number}, {@code DateTime},
 * {@code StructuredValue}, {@code Relationship}).
 */
final class NgsiV2Payloads implements PayloadShaper {

    private final JsonMapper json;

    NgsiV2Payloads(JsonMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public ObjectNode attributes(ContextUpdate update) {
        ObjectNode body = json.createObjectNode();
        putAll(body, update.observed());
        return body;
    }

    @Override
    public ObjectNode entity(ContextUpdate update) {
        ObjectNode body = json.createObjectNode();
        body.put("id", update.entityId());
        body.put("type", update.entityType());
        putAll(body, update.descriptive());
        putAll(body, update.observed());
        return body;
    }

    private void putAll(ObjectNode body, Map<String, Attribute> attributes) {
        attributes.forEach((name, attribute) -> body.set(name, attribute(attribute)));
    }

    private ObjectNode attribute(Attribute attribute) {
        ObjectNode node = json.createObjectNode();
        if (attribute instanceof Attribute.Text text) {
            node.put("type", "Text").put("value", text.value());
        } else if (attribute instanceof Attribute.Numeric number) {
            node.put("type", "Number").set("value", json.valueToTree(number.value()));
        } else if (attribute instanceof Attribute.DateTime time) {
            node.put("type", "DateTime").put("value", time.iso());
        } else if (attribute instanceof Attribute.Structured structured) {
            node.put("type", "StructuredValue").set("value", json.valueToTree(structured.value()));
        } else if (attribute instanceof Attribute.Relationship link) {
            node.put("type", "Relationship").put("value", link.target());
        } else {
            throw new IllegalArgumentException("Unknown attribute kind: " + attribute);
        }
        return node;
    }
}
