package io.github.mediastreams.helloworld;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.browser.EachBrowser;
import io.github.mediastreams.browser.HeadlessBrowser;
import io.github.mediastreams.browser.MediaDiagnostics;
import io.github.mediastreams.testkit.KmsDouble;

/**
 * The page when its media server is lost, with three media servers (three doubles): it shows "Reconnecting…" and
 * starts again by itself on a fresh offer, which the app places on another server; the lost server, once it answers
 * again, is left with nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls", "media-streams.signalling.min-start-interval=0s",
				"media-server.heartbeat-interval=500ms", "media-server.request-timeout=1s" })
@DirtiesContext
class HelloWorldFailoverBrowserTest {

	static List<KmsDouble> doubles;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startDoubles() {
		doubles = List.of(KmsDouble.start(), KmsDouble.start(), KmsDouble.start());
	}

	@AfterAll
	static void closeDoubles() {
		if (doubles != null) {
			doubles.forEach(KmsDouble::close);
		}
	}

	@AfterEach
	void everyServerBack() {
		for (KmsDouble kms : doubles) {
			if (kms.isSilent()) {
				kms.endSilence();
			}
		}
	}

	@DynamicPropertySource
	static void mediaServers(DynamicPropertyRegistry registry) {
		registry.add("media-server.urls", () -> doubles.stream().map(KmsDouble::uri).collect(Collectors.joining(",")));
	}

	@EachBrowser
	void aLostMediaServerMakesThePageStartAgainOnAnother(HeadlessBrowser browser) {
		browser.open("https://localhost:" + this.port + "/");
		browser.awaitState("idle");
		browser.click("#start");
		browser.awaitState("started");
		KmsDouble first = onlyWithAPipeline();

		// Frozen, as a machine gone from the network: the heartbeat finds out.
		first.goSilent();

		browser.awaitTrue("the page started again", () -> browser.diagnostics().restarts() == 1
				&& "started".equals(browser.diagnostics().state()));
		MediaDiagnostics again = browser.diagnostics();
		assertThat(again.stateHistory()).containsSubsequence("started", "reconnecting", "started");
		assertThat(again.lastError()).isNull();
		assertThat(browser.errorText()).isEmpty();
		KmsDouble second = onlyWithAPipeline(first);
		assertThat(second).isNotSameAs(first);
		browser.awaitTrue("the new session's candidates reach the page", () -> browser.diagnostics().remoteCandidatesAdded() > 0);
		browser.screenshot("hello-world-restarted-" + browser.browser().id());

		browser.click("#stop");
		browser.awaitState("stopped");
		browser.awaitTrue("nothing left on the servers that answer",
				() -> doubles.stream().filter((kms) -> kms != first).allMatch((kms) -> kms.liveObjectCount() == 0));
		first.endSilence();
		browser.awaitTrue("nothing left on the lost one once it is back", Duration.ofSeconds(20),
				() -> first.liveObjectCount() == 0);
	}

	private static KmsDouble onlyWithAPipeline(KmsDouble... except) {
		List<KmsDouble> with = doubles.stream().filter((kms) -> !List.of(except).contains(kms))
			.filter((kms) -> kms.liveObjectCount("MediaPipeline") == 1).toList();
		assertThat(with).as("servers with the page's pipeline").hasSize(1);
		return with.get(0);
	}
}
