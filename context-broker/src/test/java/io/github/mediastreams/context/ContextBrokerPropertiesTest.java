package io.github.mediastreams.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ContextBrokerPropertiesTest {

    @Test
    void defaults() {
        ContextBrokerProperties properties = TestSupport.properties();
        assertThat(properties.enabled()).isFalse();
        assertThat(properties.api()).isEqualTo(ContextBrokerProperties.Api.NGSI_V2);
        assertThat(properties.authHeader()).isEqualTo("X-Auth-Token");
        assertThat(properties.ldContext()).isEqualTo("https://smartdatamodels.org/context.jsonld");
        assertThat(properties.camera().id()).isEqualTo("urn:ngsi-ld:Camera:camera-x");
        assertThat(properties.camera().name()).isEqualTo("Camera X");
        assertThat(properties.plateRepeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.queueCapacity()).isEqualTo(100);
        assertThat(properties.retry().maxAttempts()).isEqualTo(5);
        assertThat(properties.retry().initialDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(properties.retry().maxDelay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void bindsTheEnvironmentVariablesTheReadmeNames() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                        "CONTEXT_BROKER_URL", "http://orion:1026/",
                        "CONTEXT_BROKER_API", "ngsi-ld",
                        "CONTEXT_BROKER_SERVICE_PATH", "/cameras",
                        "CONTEXT_BROKER_AUTH_TOKEN", "s3cr3t",
                        "CONTEXT_BROKER_CAMERA_ID", "urn:ngsi-ld:Camera:gate-1",
                        "CONTEXT_BROKER_PLATE_REPEAT_INTERVAL", "30s",
                        "CONTEXT_BROKER_RETRY_MAX_ATTEMPTS", "2")));
        ConfigurationPropertySources.attach(environment);

        ContextBrokerProperties properties = Binder.get(environment)
                .bindOrCreate("context-broker", ContextBrokerProperties.class);

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.baseUrl()).isEqualTo("http://orion:1026");
        assertThat(properties.api()).isEqualTo(ContextBrokerProperties.Api.NGSI_LD);
        assertThat(properties.servicePath()).isEqualTo("/cameras");
        assertThat(properties.authToken()).isEqualTo("s3cr3t");
        assertThat(properties.camera().id()).isEqualTo("urn:ngsi-ld:Camera:gate-1");
        assertThat(properties.plateRepeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.retry().maxAttempts()).isEqualTo(2);
    }

    @Test
    void aBlankUrlMeansOff() {
        assertThat(TestSupport.properties("url", " ").enabled()).isFalse();
    }

    @Test
    void neverPrintsTheTokenOrAUrlPassword() {
        ContextBrokerProperties properties = TestSupport.properties("url", "http://user:pw@orion:1026",
                "auth-token", "s3cr3t");
        assertThat(properties.toString()).doesNotContain("s3cr3t").doesNotContain("pw").contains("******")
                .contains("http://orion:1026");
    }

    @Test
    void rejectsWhatCannotWork() {
        assertRejected("url", "orion:1026", "context-broker.url");
        assertRejected("camera.id", "Camera X", "context-broker.camera.id");
        assertRejected("queue-capacity", "0", "queue-capacity");
        assertRejected("retry.max-attempts", "0", "max-attempts");
    }

    private static void assertRejected(String key, String value, String message) {
        assertThatThrownBy(() -> TestSupport.properties(key, value)).rootCause()
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void backoffDoublesUpToTheCap() {
        ContextBrokerProperties.Retry retry = TestSupport.properties().retry();
        assertThat(retry.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(retry.delayAfter(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.delayAfter(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.delayAfter(5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(retry.delayAfter(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(retry.delayAfter(60)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theCrowdEntitiesAreNamedAfterTheCamera() {
        assertThat(new ContextEntities(TestSupport.properties().camera()).crowdEntityId("roi0"))
                .isEqualTo("urn:ngsi-ld:CrowdFlowObserved:camera-x:roi0");
        assertThat(new ContextEntities(TestSupport.properties().camera()).crowdEntityId("left lane/1"))
                .isEqualTo("urn:ngsi-ld:CrowdFlowObserved:camera-x:left_lane_1");
    }
}
