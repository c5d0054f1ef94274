package io.github.mediastreams.signalling.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Publishes what happens to media sessions as Micrometer meters: {@code media.sessions.active} (sessions with
 * media now), {@code media.session.setup} (time from {@code start} to the SDP answer),
 * {@code media.server.errors} (by reason) and {@code media.sessions.failed} (media that never connected, by reason).
 */
public final class SessionMetrics implements SessionObserver {

	private final AtomicInteger active = new AtomicInteger();

	private final Timer setup;

	private final MeterRegistry registry;

	/** @param registry where the meters go */
	public SessionMetrics(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder("media.sessions.active", this.active, AtomicInteger::get)
			.description("Media sessions with live media on the media server")
			.register(registry);
		this.setup = Timer.builder("media.session.setup")
			.description("Time from a browser's start to the SDP answer")
			.publishPercentileHistogram()
			.register(registry);
	}

	@Override
	public void started(Duration setupTime) {
		this.active.incrementAndGet();
		this.setup.record(setupTime);
	}

	@Override
	public void ended() {
		this.active.decrementAndGet();
	}

	@Override
	public void mediaServerError(String reason) {
		Counter.builder("media.server.errors")
			.description("Media server requests that failed, or could not be sent")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	@Override
	public void mediaFailed(String reason) {
		Counter.builder("media.sessions.failed")
			.description("Sessions ended because their media never connected")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	/** @return how many sessions have live media now */
	public int active() {
		return this.active.get();
	}
}
