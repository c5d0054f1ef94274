package io.github.mediastreams.context;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** Wires an {@link HttpContextPublisher} from the settings: the one place that picks v2 or LD. */
final class ContextPublishers {

    private ContextPublishers() {
    }

    static HttpContextPublisher http(ContextBrokerProperties properties, RestClient.Builder restClientBuilder,
            MeterRegistry meterRegistry) {
        NgsiProtocol protocol = NgsiProtocol.of(properties.api());
        // A mapper of our own: the app's may be configured (indentation, naming) in ways the broker does not expect.
        JsonMapper json = JsonMapper.builder().build();
        PayloadShaper payloads = protocol == NgsiProtocol.LD
                ? new NgsiLdPayloads(json, properties.ldContext())
                : new NgsiV2Payloads(json);
        RestClient rest = BrokerRestClients.create(restClientBuilder, properties, properties.connectTimeout(),
                properties.readTimeout());
        return new HttpContextPublisher(new ContextEntities(properties.camera()),
                new ContextBrokerClient(rest, protocol, payloads, json), properties.retry(),
                new ContextMetrics(meterRegistry), properties.queueCapacity());
    }
}
