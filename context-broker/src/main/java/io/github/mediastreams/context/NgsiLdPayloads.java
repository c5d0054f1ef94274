package io.github.mediastreams.context;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * NGSI-LD normalized format, sent as {@code application/ld+json} with the {@code @context} in the
 * body: values are {@code Property} (dates as {@code {"@type": "DateTime", "@value": ...}}), links are
 * {@code Relationship} with an {@code object}. Observed attributes carry {@code observedAt}, so the
 * broker's temporal API files them under the time of the observation, not of the request.
 */
final class NgsiLdPayloads implements PayloadShaper {

    private final JsonMapper json;
    private final String context;

    NgsiLdPayloads(JsonMapper json, String context) {
        this.json = Objects.requireNonNull(json, "json");
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public ObjectNode attributes(ContextUpdate update) {
        ObjectNode body = json.createObjectNode();
        putAll(body, update.observed(), update);
        body.put("@context", context);
        return body;
    }

    @Override
    public ObjectNode entity(ContextUpdate update) {
        ObjectNode body = json.createObjectNode();
        body.put("id", update.entityId());
        body.put("type", update.entityType());
        putAll(body, update.descriptive(), null);
        putAll(body, update.observed(), update);
        body.put("@context", context);
        return body;
    }

    /** {@code observation} is null for descriptive attributes, which get no {@code observedAt}. */
    private void putAll(ObjectNode body, Map<String, Attribute> attributes, @Nullable ContextUpdate observation) {
        attributes.forEach((name, attribute) -> {
            ObjectNode node = attribute(attribute);
            if (observation != null) {
                node.put("observedAt", new Attribute.DateTime(observation.observedAt()).iso());
            }
            body.set(name, node);
        });
    }

    private ObjectNode attribute(Attribute attribute) {
        ObjectNode node = json.createObjectNode();
        if (attribute instanceof Attribute.Text text) {
            node.put("type", "Property").put("value", text.value());
        } else if (attribute instanceof Attribute.Numeric number) {
            node.put("type", "Property").set("value", json.valueToTree(number.value()));
        } else if (attribute instanceof Attribute.DateTime time) {
            node.put("type", "Property");
            node.putObject("value").put("@type", "DateTime").put("@value", time.iso());
        } else if (attribute instanceof Attribute.Structured structured) {
            node.put("type", "Property").set("value", json.valueToTree(structured.value()));
        } else if (attribute instanceof Attribute.Relationship link) {
            node.put("type", "Relationship").put("object", link.target());
        } else {
            throw new IllegalArgumentException("Unknown attribute kind: " + attribute);
        }
        return node;
    }
}
