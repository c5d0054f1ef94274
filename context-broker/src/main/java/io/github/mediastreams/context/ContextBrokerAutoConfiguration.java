package io.github.mediastreams.context;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of the Context Broker client.
 *
 * <ul>
 *   <li>{@link ContextBrokerProperties} from {@code context-broker.*}, always (the apps read
 *       {@code plate-repeat-interval} even without a broker).</li>
 *   <li>A {@link ContextPublisher}: the HTTP one when {@code context-broker.url} is set, else
 *       {@link ContextPublisher#disabled()} and one INFO line saying so. An app's own
 *       {@code ContextPublisher} bean replaces it.</li>
 *   <li>The {@code contextBroker} health indicator, when the URL is set and Boot's health support is
 *       present ({@code management.health.context-broker.enabled=false} turns it off).</li>
 * </ul>
 *
 * Uses Boot's {@link RestClient.Builder} when there is one, so the app's customizers and HTTP client
 * observations apply, and the app's {@link MeterRegistry} for the {@code context.updates.*} counters.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@EnableConfigurationProperties(ContextBrokerProperties.class)
public class ContextBrokerAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ContextBrokerAutoConfiguration.class);

    /** Created by Spring from the auto-configuration imports. */
    public ContextBrokerAutoConfiguration() {
    }

    /**
     * The publisher the apps inject.
     *
     * @param properties the bound settings
     * @param restClientBuilders Boot's builder, if the app has one
     * @param meterRegistries the app's registry, if any; counters go to a private one otherwise
     * @return the HTTP publisher, or the disabled one when no URL is configured
     */
    @Bean
    @ConditionalOnMissingBean
    public ContextPublisher contextPublisher(ContextBrokerProperties properties,
            ObjectProvider<RestClient.Builder> restClientBuilders, ObjectProvider<MeterRegistry> meterRegistries) {
        if (!properties.enabled()) {
            log.info("Context Broker updates are off: set CONTEXT_BROKER_URL (context-broker.url) to send them");
            return ContextPublisher.disabled();
        }
        log.info("Context Broker updates go to {} ({}), camera entity {}", properties.displayUrl(),
                properties.api(), properties.camera().id());
        return ContextPublishers.http(properties, restClientBuilders.getIfAvailable(RestClient::builder),
                meterRegistries.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** The health indicator, only where health support is on the classpath and a broker is configured. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("context-broker")
    @Conditional(BrokerUrlCondition.class)
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "contextBrokerHealthIndicator")
        HealthIndicator contextBrokerHealthIndicator(ContextBrokerProperties properties,
                ObjectProvider<RestClient.Builder> restClientBuilders) {
            RestClient rest = BrokerRestClients.create(restClientBuilders.getIfAvailable(RestClient::builder),
                    properties, properties.healthTimeout(), properties.healthTimeout());
            return new ContextBrokerHealthIndicator(rest, NgsiProtocol.of(properties.api()), properties.displayUrl());
        }
    }
}
