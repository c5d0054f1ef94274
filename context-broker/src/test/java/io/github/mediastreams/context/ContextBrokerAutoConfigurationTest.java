package io.github.mediastreams.context;

import static io.github.mediastreams.context.TestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

@ExtendWith(OutputCaptureExtension.class)
class ContextBrokerAutoConfigurationTest {

    private static final Instant SEEN = Instant.ofEpochMilli(1795495887456L);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ContextBrokerAutoConfiguration.class, RestClientAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class);

    private FakeBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new FakeBroker();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void withoutAUrlUpdatesAreOffAndSaySoOnce(CapturedOutput output) {
        runner.withPropertyValues("context-broker.api=ngsi-ld", "context-broker.service=tutorial").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ContextPublisher.class)).isSameAs(ContextPublisher.disabled());
            assertThat(context).doesNotHaveBean("contextBrokerHealthIndicator");
            // The apps read the repeat interval even without a broker.
            assertThat(context.getBean(ContextBrokerProperties.class).plateRepeatInterval()).isEqualTo(Duration.ofSeconds(10));

            ContextPublisher publisher = context.getBean(ContextPublisher.class);
            publisher.plateRead(new Plate("--2748DKR"), SEEN);
            publisher.crowdOccupancy("roi0", 11.9, 1, SEEN);
            assertThat(context.getBean(MeterRegistry.class).find(ContextMetrics.SENT).counters()).isEmpty();
        });
        assertThat(output).containsOnlyOnce("Context Broker updates are off: set CONTEXT_BROKER_URL");
    }

    @Test
    void anEmptyEnvironmentVariableMeansOff() {
        runner.withInitializer(context -> environmentVariables(context.getEnvironment(), Map.of("CONTEXT_BROKER_URL", "")))
                .run(context -> {
                    assertThat(context.getBean(ContextPublisher.class)).isSameAs(ContextPublisher.disabled());
                    assertThat(context).doesNotHaveBean("contextBrokerHealthIndicator");
                });
    }

    @Test
    void withAUrlPlatesReachTheBrokerAndAreCountedInTheAppsRegistry() {
        runner.withPropertyValues("context-broker.url=" + broker.url(), "context-broker.service=tutorial").run(context -> {
            ContextPublisher publisher = context.getBean(ContextPublisher.class);
            assertThat(publisher).isInstanceOf(HttpContextPublisher.class);
            assertThat(context).hasBean("contextBrokerHealthIndicator");

            publisher.plateRead(new Plate("--2748DKR"), SEEN);

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(count(registry, ContextMetrics.SENT, "plate")).isEqualTo(1));
            assertThat(count(registry, ContextMetrics.FAILED, "plate")).isZero();
            assertThat(count(registry, ContextMetrics.DROPPED, "crowd")).isZero();
            FakeBroker.Request patch = broker.requests().get(0);
            assertThat(patch.method()).isEqualTo("PATCH");
            assertThat(patch.path()).isEqualTo("/v2/entities/urn:ngsi-ld:Camera:camera-x/attrs");
            assertThat(patch.header("Fiware-Service")).isEqualTo("tutorial");
        });
    }

    @Test
    void theEnvironmentVariableSwitchesUpdatesOn() {
        runner.withInitializer(context -> environmentVariables(context.getEnvironment(),
                Map.of("CONTEXT_BROKER_URL", broker.url(), "CONTEXT_BROKER_CAMERA_ID", "urn:ngsi-ld:Camera:gate-1")))
                .run(context -> {
                    assertThat(context.getBean(ContextPublisher.class)).isInstanceOf(HttpContextPublisher.class);
                    context.getBean(ContextPublisher.class).plateRead(new Plate("--2748DKR"), SEEN);
                    await().atMost(Duration.ofSeconds(20)).until(() -> broker.requests().size() == 1);
                    assertThat(broker.requests().get(0).path()).isEqualTo("/v2/entities/urn:ngsi-ld:Camera:gate-1/attrs");
                });
    }

    @Test
    void worksWithoutBootsRestClientBuilder() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ContextBrokerAutoConfiguration.class))
                .withPropertyValues("context-broker.url=" + broker.url())
                .run(context -> {
                    context.getBean(ContextPublisher.class).plateRead(new Plate("--2748DKR"), SEEN);
                    await().atMost(Duration.ofSeconds(20)).until(() -> broker.requests().size() == 1);
                });
    }

    @Test
    void stoppingTheAppStopsThePublisher() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ContextPublisher[] kept = new ContextPublisher[1];
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ContextBrokerAutoConfiguration.class))
                .withBean(MeterRegistry.class, () -> registry)
                .withPropertyValues("context-broker.url=" + broker.url())
                .run(context -> kept[0] = context.getBean(ContextPublisher.class));

        kept[0].plateRead(new Plate("--2748DKR"), SEEN);

        assertThat(count(registry, ContextMetrics.DROPPED, "plate")).isEqualTo(1);
        assertThat(broker.requests()).isEmpty();
    }

    @Test
    void anAppsOwnPublisherWins() {
        ContextPublisher own = new ContextPublisher() {
            @Override
            public void plateRead(Plate plate, Instant observedAt) {
            }

            @Override
            public void crowdOccupancy(String roiId, double percentage, int level, Instant observedAt) {
            }

            @Override
            public void crowdFluidity(String roiId, double percentage, int level, Instant observedAt) {
            }
        };
        runner.withPropertyValues("context-broker.url=" + broker.url())
                .withBean(ContextPublisher.class, () -> own)
                .run(context -> assertThat(context.getBean(ContextPublisher.class)).isSameAs(own));
    }

    @Test
    void invalidSettingsStopTheAppWithAClearMessage() {
        runner.withPropertyValues("context-broker.url=orion:1026").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("context-broker.url must be an http");
        });
    }

    @Test
    void healthIsUpWhenOrionAnswersItsVersion() {
        broker.reply(200, "{\"orion\":{\"version\":\"4.1.0\"}}");
        runner.withPropertyValues("context-broker.url=" + broker.url(), "context-broker.service=tutorial",
                "context-broker.auth-token=s3cr3t").run(context -> {
                    Health health = context.getBean("contextBrokerHealthIndicator", HealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("url", broker.url()).containsEntry("api", "ngsi-v2");
                    FakeBroker.Request probe = broker.requests().get(0);
                    assertThat(probe.method()).isEqualTo("GET");
                    assertThat(probe.path()).isEqualTo("/version");
                    assertThat(probe.header("Fiware-Service")).isEqualTo("tutorial");
                    assertThat(probe.header("X-Auth-Token")).isEqualTo("s3cr3t");
                });
    }

    @Test
    void healthOfAnLdBrokerReadsItsTypes() {
        broker.reply(200, "[]");
        runner.withPropertyValues("context-broker.url=" + broker.url(), "context-broker.api=ngsi-ld").run(context -> {
            Health health = context.getBean("contextBrokerHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(broker.requests().get(0).path()).isEqualTo("/ngsi-ld/v1/types");
        });
    }

    @Test
    void healthIsDownWhenTheBrokerRefusesOrCannotBeReached() throws Exception {
        broker.reply(401, "{\"error\":\"Unauthorized\"}");
        runner.withPropertyValues("context-broker.url=" + broker.url()).run(context -> {
            Health health = context.getBean("contextBrokerHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("status", 401);
        });
        String nowhere = "http://127.0.0.1:" + TestSupport.closedPort();
        runner.withPropertyValues("context-broker.url=" + nowhere).run(context -> {
            Health health = context.getBean("contextBrokerHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("error").containsEntry("url", nowhere);
        });
    }

    @Test
    void healthCanBeSwitchedOffOrBeAbsent() {
        runner.withPropertyValues("context-broker.url=" + broker.url(), "management.health.context-broker.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean("contextBrokerHealthIndicator");
                    assertThat(context.getBean(ContextPublisher.class)).isInstanceOf(HttpContextPublisher.class);
                });
        runner.withPropertyValues("context-broker.url=" + broker.url())
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("contextBrokerHealthIndicator");
                    assertThat(context.getBean(ContextPublisher.class)).isInstanceOf(HttpContextPublisher.class);
                });
    }

    private static void environmentVariables(org.springframework.core.env.ConfigurableEnvironment environment,
            Map<String, Object> variables) {
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    }
}
