package io.github.mediastreams.context;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.DefaultUriBuilderFactory;

/** Builds the {@link RestClient}s that talk to the broker: base URL, timeouts, tenant and auth headers. */
final class BrokerRestClients {

    private BrokerRestClients() {
    }

    /**
     * @param builder Boot's builder when available (so the app's customizers and observations apply);
     *     it is cloned, not changed
     */
    static RestClient create(RestClient.Builder builder, ContextBrokerProperties properties, Duration connectTimeout,
            Duration readTimeout) {
        NgsiProtocol protocol = NgsiProtocol.of(properties.api());
        // The JDK client sends PATCH (HttpURLConnection cannot); HTTP/1.1 because brokers do not speak h2c.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(readTimeout);
        // URI_COMPONENT keeps the ':' of urn:ngsi-ld:... ids as they are instead of sending %3A.
        DefaultUriBuilderFactory uris = new DefaultUriBuilderFactory(properties.baseUrl());
        uris.setEncodingMode(DefaultUriBuilderFactory.EncodingMode.URI_COMPONENT);
        return builder.clone()
                .requestFactory(requests)
                .uriBuilderFactory(uris)
                .defaultHeaders(headers -> {
                    if (properties.service() != null) {
                        headers.set(protocol.tenantHeader(), properties.service());
                    }
                    if (properties.servicePath() != null && protocol.hasServicePaths()) {
                        headers.set("Fiware-ServicePath", properties.servicePath());
                    }
                    if (properties.authToken() != null) {
                        headers.set(properties.authHeader(), properties.authToken());
                    }
                })
                .build();
    }
}
