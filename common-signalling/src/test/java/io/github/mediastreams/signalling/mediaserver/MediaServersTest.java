package io.github.mediastreams.signalling.mediaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.github.mediastreams.testkit.KmsDouble;

/**
 * The pool of media servers: a server that left the list is closed once its last session ends, and closing it
 * (a {@code closeSession} that a frozen server never answers, up to the request timeout) holds up nobody else.
 */
class MediaServersTest {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

	private static MediaServers pool(KmsDouble... doubles) {
		return new MediaServers(Arrays.stream(doubles).map((kms) -> URI.create(kms.uri())).toList(),
				new MediaServerSettings(Duration.ofSeconds(2), REQUEST_TIMEOUT, Duration.ofSeconds(30),
						Duration.ofMinutes(5), Duration.ofMinutes(1)),
				new PipelineOwnership("media-servers-test/" + UUID.randomUUID()), Duration.ofMinutes(1),
				new SessionLimits(100, 100, 16));
	}

	@Test
	void anUpdateThatClosesAFrozenIdleServerHoldsUpNeitherSessionsNorTheNextUpdate() throws Exception {
		try (KmsDouble frozen = KmsDouble.start(); KmsDouble healthy = KmsDouble.start()) {
			URI healthyUrl = URI.create(healthy.uri());
			MediaServers servers = pool(frozen, healthy);
			try {
				await().atMost(Duration.ofSeconds(5))
					.until(() -> servers.connections().stream().allMatch(MediaServerConnection::isConnected));
				MediaServers.Placement session = servers.place();
				while (!session.server().url().equals(healthyUrl)) {
					session.release();
					session = servers.place();
				}

				frozen.goSilent();
				CompletableFuture<Void> dropping = CompletableFuture.runAsync(() -> servers.update(List.of(healthyUrl)));
				await().pollDelay(Duration.ofMillis(300)).until(() -> true);

				long asked = System.nanoTime();
				session.release();
				servers.update(List.of(healthyUrl));
				assertThat(Duration.ofNanos(System.nanoTime() - asked))
					.as("a session ending and the next update while the frozen server is closed")
					.isLessThan(Duration.ofMillis(500));
				dropping.get();
			}
			finally {
				frozen.endSilence();
				servers.close();
			}
		}
	}

	@Test
	void closingAFrozenServerThatLeftTheListHoldsUpNeitherTheOtherServersSessionsNorTheList() throws Exception {
		try (KmsDouble frozen = KmsDouble.start(); KmsDouble healthy = KmsDouble.start()) {
			URI frozenUrl = URI.create(frozen.uri());
			URI healthyUrl = URI.create(healthy.uri());
			MediaServers servers = pool(frozen, healthy);
			try {
				await().atMost(Duration.ofSeconds(5))
					.until(() -> servers.connections().stream().allMatch(MediaServerConnection::isConnected));
				Map<URI, MediaServers.Placement> placed = new HashMap<>();
				while (placed.size() < 2) {
					MediaServers.Placement placement = servers.place();
					if (placed.putIfAbsent(placement.server().url(), placement) != null) {
						placement.release();
					}
				}

				frozen.goSilent();
				servers.update(List.of(healthyUrl));
				// The frozen server's last session ends: it is closed now, and its closeSession waits for ever.
				CompletableFuture<Void> lastOnFrozen = CompletableFuture.runAsync(placed.get(frozenUrl)::release);
				await().pollDelay(Duration.ofMillis(300)).until(() -> true);

				long asked = System.nanoTime();
				placed.get(healthyUrl).release();
				servers.update(List.of(healthyUrl));
				servers.place().release();
				assertThat(Duration.ofNanos(System.nanoTime() - asked))
					.as("a session ending, the list updated and a session placed on the other server")
					.isLessThan(Duration.ofMillis(500));
				assertThat(servers.connections()).extracting(MediaServerConnection::url).containsExactly(healthyUrl);
				lastOnFrozen.get();
			}
			finally {
				frozen.endSilence();
				servers.close();
			}
		}
	}
}
