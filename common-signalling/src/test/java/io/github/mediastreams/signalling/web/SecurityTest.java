package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/** Origins, TLS, start rate and connections per address, with the defaults a deployment gets. */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling",
				"media-streams.signalling.allowed-origins=https://trusted.example",
				"media-streams.signalling.max-connections-per-address=5" })
class SecurityTest extends AppUnderTest {

	@BeforeEach
	void healthyMediaServer() {
		awaitMediaServer();
		kms.reset(true);
	}

	@Test
	void aPageFromAnotherOriginCannotOpenTheWebSocket() {
		URI url = URI.create("wss://localhost:" + this.port + "/signalling");

		assertThatThrownBy(() -> SignallingClient.connect(url, "https://evil.example"))
			.hasCauseInstanceOf(WebSocketHandshakeException.class);
		try (SignallingClient samePage = SignallingClient.connect(url, "https://localhost:" + this.port);
				SignallingClient trusted = SignallingClient.connect(url, "https://trusted.example")) {
			assertThat(samePage.isClosed()).isFalse();
			assertThat(trusted.isClosed()).isFalse();
		}
	}

	@Test
	void theAppServesHttpsAndNotPlainHttp() throws Exception {
		HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest http = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		boolean servedOverHttp;
		try {
			servedOverHttp = plain.send(http, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
		}
		catch (java.io.IOException ex) {
			servedOverHttp = false;
		}
		assertThat(servedOverHttp).isFalse();
		try (SignallingClient secure = browser()) {
			assertThat(secure.isClosed()).isFalse();
		}
	}

	@Test
	void startsOfOneConnectionAreRateBoundedWithoutHarmingItsSession() {
		try (SignallingClient browser = startedBrowser()) {
			String pipeline = kms.liveObjectIds("MediaPipeline").get(0);

			browser.start(OFFER);

			assertThat(browser.await("error").path("message").asString())
				.isEqualTo("Too many starts; wait a moment before starting again");
			assertThat(kms.liveObjectIds("MediaPipeline")).containsExactly(pipeline);
		}
		awaitNothingLeft();
	}

	@Test
	void oneAddressCannotHoldMoreThanItsShareOfConnections() {
		List<SignallingClient> browsers = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				browsers.add(browser());
			}
			SignallingClient extra = browser();
			browsers.add(extra);

			assertThat(extra.await("error").path("message").asString())
				.isEqualTo("Too many connections from your address");
			await().until(extra::isClosed);
			assertThat(extra.closeCode()).isEqualTo(1008);

			browsers.remove(0).close();
			await().until(() -> this.sessions.size() == 4);
			SignallingClient again = browser();
			browsers.add(again);
			again.start(OFFER);
			again.await("startResponse");
		}
		finally {
			browsers.forEach(SignallingClient::close);
		}
		awaitNothingLeft();
	}
}
