package io.github.mediastreams.context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes one attempt to bring an update into the broker, following the NGSI answers:
 *
 * <ol>
 *   <li>{@code PATCH <entities>/{id}/attrs} with the observed attributes.</li>
 *   <li>404, the entity does not exist: {@code POST <entities>} with the whole entity.
 *       If another writer created it meanwhile (v2 422, LD 409): {@code PATCH} again.</li>
 *   <li>The entity exists without some of the attributes (v2 422, LD 207; an old Orion answers the
 *       second {@code PATCH} with 404): {@code POST <entities>/{id}/attrs}, which adds or overwrites
 *       them.</li>
 * </ol>
 *
 * Anything else is classified: no answer, 5xx, 408 and 429 may pass and are worth a retry; other
 * statuses (400, 401, 403, a 422 the append also gets...) would be refused again and are not. Retrying
 * is the caller's business. Never logs headers: they carry the auth token.
 */
final class ContextBrokerClient {

    private static final Logger log = LoggerFactory.getLogger(ContextBrokerClient.class);
    /** Enough of an error body to explain it in a log line. */
    private static final int MAX_ERROR_BODY = 500;

    private final RestClient rest;
    private final NgsiProtocol protocol;
    private final PayloadShaper payloads;
    private final JsonMapper json;

    ContextBrokerClient(RestClient rest, NgsiProtocol protocol, PayloadShaper payloads, JsonMapper json) {
        this.rest = Objects.requireNonNull(rest, "rest");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.json = Objects.requireNonNull(json, "json");
    }

    Delivery deliver(ContextUpdate update) {
        try {
            return attempt(update);
        } catch (RestClientException e) {
            // Connection refused, timeouts, resets: the broker may be back later.
            return Delivery.retry("no answer from the Context Broker: " + rootMessage(e));
        }
    }

    private Delivery attempt(ContextUpdate update) {
        byte[] attributes = json.writeValueAsBytes(payloads.attributes(update));
        Reply reply = send(HttpMethod.PATCH, protocol.attributesTemplate(), update.entityId(), attributes);
        if (protocol.succeeded(reply.status())) {
            return Delivery.DELIVERED;
        }
        if (reply.status() == 404) {
            Reply created = send(HttpMethod.POST, protocol.entitiesPath(), null,
                    json.writeValueAsBytes(payloads.entity(update)));
            if (protocol.succeeded(created.status())) {
                log.info("Created {} {} in the Context Broker", update.entityType(), update.entityId());
                return Delivery.DELIVERED;
            }
            if (!protocol.alreadyExists(created.status())) {
                return classify("create", created);
            }
            log.debug("{} {} was created by another writer meanwhile; updating it", update.entityType(),
                    update.entityId());
            reply = send(HttpMethod.PATCH, protocol.attributesTemplate(), update.entityId(), attributes);
            if (protocol.succeeded(reply.status())) {
                return Delivery.DELIVERED;
            }
            if (reply.status() == 404 || protocol.attributesMissing(reply.status())) {
                return append(update, attributes);
            }
            return classify("update", reply);
        }
        if (protocol.attributesMissing(reply.status())) {
            return append(update, attributes);
        }
        return classify("update", reply);
    }

    private Delivery append(ContextUpdate update, byte[] attributes) {
        Reply appended = send(HttpMethod.POST, protocol.attributesTemplate(), update.entityId(), attributes);
        if (protocol.succeeded(appended.status())) {
            log.info("Added attributes {} to {} {} in the Context Broker", update.observed().keySet(),
                    update.entityType(), update.entityId());
            return Delivery.DELIVERED;
        }
        return classify("append", appended);
    }

    private Reply send(HttpMethod method, String uriTemplate, @Nullable String entityId, byte[] body) {
        RestClient.RequestBodyUriSpec request = rest.method(method);
        RestClient.RequestBodySpec spec = entityId == null ? request.uri(uriTemplate) : request.uri(uriTemplate, entityId);
        return spec.contentType(protocol.mediaType())
                .accept(MediaType.APPLICATION_JSON)
                .body(body)
                .exchangeForRequiredValue((req, response) -> new Reply(response.getStatusCode().value(), errorBody(response)));
    }

    private static Delivery classify(String operation, Reply reply) {
        String detail = "HTTP " + reply.status() + " on " + operation + (reply.body().isEmpty() ? "" : ": " + reply.body());
        int status = reply.status();
        if (status == 401 || status == 403) {
            detail += " (check context-broker.auth-token and context-broker.auth-header)";
        }
        if (status >= 500 || status == 408 || status == 429) {
            return Delivery.retry(detail);
        }
        return Delivery.rejected(detail);
    }

    private static String errorBody(ClientHttpResponse response) throws IOException {
        if (response.getStatusCode().is2xxSuccessful() && response.getStatusCode().value() != 207) {
            return "";
        }
        try (InputStream in = response.getBody()) {
            String text = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
            return text.replaceAll("\\s+", " ").strip();
        }
    }

    /** E.g. "ConnectException / ClosedChannelException": the JDK client's exceptions often carry no message. */
    private static String rootMessage(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e.getCause() != null ? e.getCause() : e; cause != null; cause = cause.getCause()) {
            if (text.length() > 0) {
                text.append(" / ");
            }
            text.append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                text.append(": ").append(cause.getMessage());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return text.toString();
    }

    /** Status and (for failures) the start of the body, which Orion fills with {"error", "description"}. */
    private record Reply(int status, String body) {
    }
}
