package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.signalling.mediaserver.MediaServerResolver;
import io.github.mediastreams.signalling.mediaserver.MediaServerStatus;
import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * DNS discovery ({@code media-server.discovery=dns}), as behind a Kubernetes headless Service: every address the
 * name resolves to is a media server on the same port. Three doubles on 127.0.0.1, .2 and .3 share a port; the test's
 * resolver changes the name's addresses, and the servers follow.
 */
@SpringBootTest(classes = { SignallingTestApplication.class, MediaServerDiscoveryTest.Resolver.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.min-start-interval=0s",
				"media-server.discovery=dns", "media-server.host=kurento.test",
				"media-server.discovery-interval=200ms", "media-streams.tls.directory=target/test-tls" })
class MediaServerDiscoveryTest {

	static final int PORT = freePort();

	static final List<KmsDouble> doubles = List.of(onLoopback("127.0.0.1"), onLoopback("127.0.0.2"),
			onLoopback("127.0.0.3"));

	static final List<InetAddress> addresses = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@Autowired
	MediaServers servers;

	@DynamicPropertySource
	static void mediaServers(DynamicPropertyRegistry registry) {
		registry.add("media-server.port", () -> PORT);
	}

	@AfterAll
	static void closeDoubles() {
		doubles.forEach(KmsDouble::close);
	}

	@Test
	void serversFollowTheAddressesTheNameResolvesTo() throws Exception {
		resolvesTo("127.0.0.1", "127.0.0.2");
		await().atMost(Duration.ofSeconds(10)).until(() -> connectedHosts().equals(List.of("127.0.0.1", "127.0.0.2")));
		try (SignallingClient first = started(); SignallingClient second = started()) {
			assertThat(doubles.get(0).liveObjectCount("MediaPipeline") + doubles.get(1).liveObjectCount("MediaPipeline"))
				.isEqualTo(2);

			resolvesTo("127.0.0.1", "127.0.0.2", "127.0.0.3");
			await().atMost(Duration.ofSeconds(10)).until(() -> connectedHosts().contains("127.0.0.3"));
			try (SignallingClient third = started()) {
				assertThat(doubles.get(2).liveObjectCount("MediaPipeline")).as("the new server takes the next session")
					.isEqualTo(1);

				// 127.0.0.1 leaves: it takes no new session, and its live one goes on.
				resolvesTo("127.0.0.2", "127.0.0.3");
				await().atMost(Duration.ofSeconds(10)).until(() -> !hosts(false).contains("127.0.0.1"));
				int onTheOneThatLeft = doubles.get(0).liveObjectCount("MediaPipeline");
				assertThat(onTheOneThatLeft).as("its live session goes on").isOne();
				try (SignallingClient fourth = started(); SignallingClient fifth = started()) {
					assertThat(doubles.get(0).liveObjectCount("MediaPipeline")).isEqualTo(onTheOneThatLeft);
				}
			}
		}
		// Its last session gone, the server that left is closed and leaves the list.
		await().atMost(Duration.ofSeconds(10)).until(() -> !hosts(true).contains("127.0.0.1"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> doubles.stream().allMatch((kms) -> kms.liveObjectCount() == 0));
	}

	private SignallingClient started() {
		SignallingClient browser = SignallingClient.connect(URI.create("wss://localhost:" + this.port + "/signalling"));
		browser.start(SignallingClient.chromiumOffer());
		browser.await("startResponse");
		return browser;
	}

	private List<String> connectedHosts() {
		return this.servers.status().stream().filter((s) -> s.connected() && !s.gone()).map(MediaServerStatus::url)
			.map(URI::getHost).sorted().toList();
	}

	/** @param withGone whether servers that left the list but still have sessions count */
	private List<String> hosts(boolean withGone) {
		return this.servers.status().stream().filter((s) -> withGone || !s.gone()).map(MediaServerStatus::url)
			.map(URI::getHost).sorted().toList();
	}

	private static void resolvesTo(String... hosts) throws IOException {
		List<InetAddress> next = new java.util.ArrayList<>();
		for (String host : hosts) {
			next.add(InetAddress.getByName(host));
		}
		addresses.clear();
		addresses.addAll(next);
	}

	private static KmsDouble onLoopback(String host) {
		return KmsDouble.builder().host(host).port(PORT).start();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The test's DNS: the name resolves to what the test says now. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Resolver {

		@Bean
		MediaServerResolver testResolver() {
			return (host) -> {
				if (!"kurento.test".equals(host) || addresses.isEmpty()) {
					throw new java.net.UnknownHostException(host);
				}
				return List.copyOf(addresses);
			};
		}
	}
}
