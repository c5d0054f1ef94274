package io.github.mediastreams.signalling.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.Transaction;

import io.github.mediastreams.kurento.crowddetector.CrowdDetectorOccupancy;
import io.github.mediastreams.kurento.platedetector.PlateDetected;
import io.github.mediastreams.signalling.protocol.ServerMessage.AppEvent;

/** The typed {@code on}: built on the untyped one, it hands over decoded events and drops malformed ones. */
class PipelineContextTest {

	final UntypedContext context = new UntypedContext();

	@Test
	void aTypedSubscriptionIsTheUntypedOneOfItsEventTypeWithTheEventsDecoded() {
		List<PlateDetected> plates = new ArrayList<>();

		this.context.on(null, PlateDetected.TYPE, plates::add);
		this.context.handlers.get(0).accept(new MediaServerEvent("PlateDetected",
				Map.of("plate", "--2748DKR", "type", "plate-detected", "timestampMillis", "1795495887456", "source",
						"p/f_platedetector.PlateDetectorFilter")));

		assertThat(this.context.eventTypes).containsExactly("PlateDetected");
		assertThat(plates).containsExactly(new PlateDetected("--2748DKR", Instant.parse("2026-11-24T04:51:27.456Z"),
				"p/f_platedetector.PlateDetectorFilter"));
	}

	@Test
	void anEventTheMediaServerWouldNotSendIsDroppedAndTheNextIsDecoded() {
		List<CrowdDetectorOccupancy> occupancy = new ArrayList<>();
		this.context.on(null, CrowdDetectorOccupancy.TYPE, occupancy::add);
		Consumer<MediaServerEvent> handler = this.context.handlers.get(0);

		handler.accept(new MediaServerEvent("CrowdDetectorOccupancy", Map.of("roiId", "roi0")));
		handler.accept(new MediaServerEvent("CrowdDetectorOccupancy",
				Map.of("roiId", "roi0", "occupancyPercentage", 29, "occupancyLevel", 1, "source", "f")));

		assertThat(occupancy).singleElement().satisfies((event) -> {
			assertThat(event.occupancyPercentage()).isEqualTo(29.0);
			assertThat(event.occupancyLevel()).isEqualTo(1);
		});
	}

	/** Records the untyped subscriptions, which a session would send to the media server. */
	static final class UntypedContext implements PipelineContext {

		final List<String> eventTypes = new ArrayList<>();

		final List<Consumer<MediaServerEvent>> handlers = new ArrayList<>();

		@Override
		public String sessionId() {
			return "s1";
		}

		@Override
		public MediaPipeline pipeline() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Transaction transaction() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void on(MediaObject element, String eventType, Consumer<MediaServerEvent> handler) {
			this.eventTypes.add(eventType);
			this.handlers.add(handler);
		}

		@Override
		public void send(AppEvent event) {
			throw new UnsupportedOperationException();
		}
	}

}
