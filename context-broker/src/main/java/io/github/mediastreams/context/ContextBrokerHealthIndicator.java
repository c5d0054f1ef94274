package io.github.mediastreams.context;

import java.util.Objects;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The {@code contextBroker} health: UP when the broker answers a cheap read ({@code GET /version} on
 * NGSI-v2, {@code GET /ngsi-ld/v1/types} on NGSI-LD) with 2xx within the health timeout, DOWN
 * otherwise. Reachability only: an app without its broker still serves video, so include this in
 * readiness only if the broker is essential to you.
 */
final class ContextBrokerHealthIndicator implements HealthIndicator {

    private final RestClient rest;
    private final NgsiProtocol protocol;
    private final String url;

    ContextBrokerHealthIndicator(RestClient rest, NgsiProtocol protocol, String url) {
        this.rest = Objects.requireNonNull(rest, "rest");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.url = Objects.requireNonNull(url, "url");
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            int status = rest.get()
                    .uri(protocol.healthPath())
                    .accept(MediaType.APPLICATION_JSON)
                    .exchangeForRequiredValue((request, response) -> response.getStatusCode().value());
            health = status >= 200 && status < 300 ? Health.up() : Health.down().withDetail("status", status);
        } catch (RestClientException e) {
            health = Health.down().withDetail("error", e.getClass().getSimpleName()
                    + (e.getMostSpecificCause().getMessage() == null ? "" : ": " + e.getMostSpecificCause().getMessage()));
        }
        return health.withDetail("url", url).withDetail("api", protocol == NgsiProtocol.LD ? "ngsi-ld" : "ngsi-v2").build();
    }
}
