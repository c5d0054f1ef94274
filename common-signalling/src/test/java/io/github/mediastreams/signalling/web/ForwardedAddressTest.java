package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * The connections-per-address limit behind a reverse proxy: every user arrives from the proxy's address, so the
 * limit counts the address the proxy forwards, but only from a proxy the server is told to trust.
 */
class ForwardedAddressTest {

	/** The proxy is 127.0.0.1, trusted through Spring Boot's forwarded-header support of the web server. */
	@Nested
	@SpringBootTest(classes = SignallingTestApplication.class,
			webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "media-streams.signalling.path=/signalling",
					"media-streams.signalling.max-connections-per-address=2",
					"server.forward-headers-strategy=native",
					"server.tomcat.remoteip.internal-proxies=127\\\\.0\\\\.0\\\\.1" })
	class BehindATrustedProxy extends ProxiedBrowsers {

		@Test
		void eachForwardedAddressHasItsOwnShare() {
			for (int user = 1; user <= 3; user++) {
				proxied("198.18.7." + user);
				proxied("198.18.7." + user);
			}

			assertThat(this.browsers).allSatisfy((browser) -> assertThat(browser.isClosed()).isFalse());
			await().until(() -> this.sessions.size() == 6);
		}

		@Test
		void oneForwardedAddressIsHeldToItsShare() {
			proxied("198.18.7.1");
			proxied("198.18.7.1");

			SignallingClient extra = proxied("198.18.7.1");

			assertThat(extra.await("error").path("message").asString())
				.isEqualTo("Too many connections from your address");
			await().until(extra::isClosed);
			SignallingClient other = proxied("198.18.7.2");
			other.start(OFFER);
			other.await("startResponse");
		}

		@Test
		void forwardedIpv6AddressesCountPerNetwork() {
			proxied("2001:db8:7:1::1");
			proxied("2001:db8:7:1::2");

			SignallingClient sameNetwork = proxied("2001:db8:7:1::3");

			assertThat(sameNetwork.await("error").path("message").asString())
				.isEqualTo("Too many connections from your address");
			assertThat(proxied("2001:db8:7:2::1").isClosed()).isFalse();
		}
	}

	/**
	 * Forwarded headers are read, but only from another proxy: a client's own X-Forwarded-For is no way around the
	 * limit.
	 */
	@Nested
	@SpringBootTest(classes = SignallingTestApplication.class,
			webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "media-streams.signalling.path=/signalling",
					"media-streams.signalling.max-connections-per-address=2",
					"server.forward-headers-strategy=native",
					"server.tomcat.remoteip.internal-proxies=198\\.51\\.100\\.1" })
	class WithoutATrustedProxy extends ProxiedBrowsers {

		@Test
		void aClaimedForwardedAddressIsIgnored() {
			proxied("198.18.7.1");
			proxied("198.18.7.2");

			SignallingClient third = proxied("198.18.7.3");

			assertThat(third.await("error").path("message").asString())
				.isEqualTo("Too many connections from your address");
		}
	}

	abstract static class ProxiedBrowsers extends AppUnderTest {

		final List<SignallingClient> browsers = new ArrayList<>();

		@BeforeEach
		void healthyMediaServer() {
			awaitMediaServer();
			kms.reset(true);
		}

		@AfterEach
		void closeBrowsers() {
			this.browsers.forEach(SignallingClient::close);
			awaitNothingLeft();
		}

		/** A browser whose connection comes through a proxy on 127.0.0.1 that forwards the user's address. */
		SignallingClient proxied(String userAddress) {
			SignallingClient browser = SignallingClient.connect(URI.create("wss://localhost:" + this.port + "/signalling"),
					Map.of("X-Forwarded-For", userAddress, "X-Forwarded-Proto", "https"));
			this.browsers.add(browser);
			return browser;
		}
	}
}
