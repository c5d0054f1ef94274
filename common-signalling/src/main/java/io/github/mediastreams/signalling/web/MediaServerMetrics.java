package io.github.mediastreams.signalling.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import io.github.mediastreams.signalling.mediaserver.MediaServerStatus;
import io.github.mediastreams.signalling.mediaserver.MediaServers;

/**
 * Each media server's state as gauges tagged {@code media_server} (its URL): {@code media.server.sessions},
 * {@code media.server.connected}, {@code media.server.draining}, {@code media.server.cpu} and
 * {@code media.server.answer.time} (of the last health probe). Servers come and go
 * with DNS discovery, so the rows are refreshed every interval.
 */
final class MediaServerMetrics {

	private final MediaServers servers;

	private final List<Gauge> gauges;

	private MediaServerMetrics(MediaServers servers, MeterRegistry registry) {
		this.servers = servers;
		this.gauges = List.of(
				new Gauge(MultiGauge.builder("media.server.sessions")
					.description("This application's sessions on each media server")
					.register(registry), MediaServerStatus::sessions),
				new Gauge(MultiGauge.builder("media.server.connected")
					.description("Whether a checked connection to each media server is up (1) or not (0)")
					.register(registry), (s) -> s.connected() ? 1 : 0),
				new Gauge(MultiGauge.builder("media.server.draining")
					.description("Whether each media server takes no new sessions (1) or does (0)")
					.register(registry), (s) -> s.draining() || s.gone() ? 1 : 0),
				new Gauge(MultiGauge.builder("media.server.cpu")
					.description("The CPU use each media server reported last, in percent of one core")
					.register(registry), (s) -> s.cpuPercent() == null ? Double.NaN : s.cpuPercent()),
				new Gauge(MultiGauge.builder("media.server.answer.time")
					.description("How long each media server took to answer the last health probe")
					.baseUnit("milliseconds")
					.register(registry), (s) -> s.answerMillis() == null ? Double.NaN : s.answerMillis()));
	}

	/**
	 * Registers the gauges and keeps their rows up to date.
	 * @param servers the application's media servers
	 * @param registry where the gauges go
	 * @param scheduler refreshes the rows
	 * @param interval how often
	 */
	static void bind(MediaServers servers, MeterRegistry registry, ScheduledExecutorService scheduler,
			Duration interval) {
		MediaServerMetrics metrics = new MediaServerMetrics(servers, registry);
		metrics.refresh();
		scheduler.scheduleWithFixedDelay(metrics::refresh, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	// One row per server known now; each reads the server's state when scraped.
	private void refresh() {
		List<URI> urls = this.servers.status().stream().map(MediaServerStatus::url).toList();
		for (Gauge gauge : this.gauges) {
			gauge.gauge().register(urls.stream()
				.map((url) -> MultiGauge.Row.of(Tags.of("media_server", url.toString()), () -> now(url)
					.map((server) -> gauge.value().applyAsDouble(server)).orElse(Double.NaN)))
				.toList(), true);
		}
	}

	private Optional<MediaServerStatus> now(URI url) {
		return this.servers.status().stream().filter((server) -> server.url().equals(url)).findFirst();
	}

	private record Gauge(MultiGauge gauge, ToDoubleFunction<MediaServerStatus> value) {
	}
}
