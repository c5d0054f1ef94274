package io.github.mediastreams.platedetector;

import java.time.Instant;
import java.util.Objects;
import java.util.function.BiConsumer;

import org.kurento.client.AbstractBuilder;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;

import io.github.mediastreams.context.Plate;
import io.github.mediastreams.signalling.session.MediaServerEvent;
import io.github.mediastreams.signalling.session.PipelineContext;

/**
 * KMS's {@code PlateDetectorFilter} (module platedetector) for kurento-client, which Kurento 7 publishes no client
 * for: the builder a generated client would have, by hand, and its {@code PlateDetected} events read as generic data
 * in the shape a real KMS 7.3 sends them. Not {@code GenericMediaElement}: 7.3.0 cannot create one in a transaction.
 */
public interface PlateDetectorFilter extends MediaElement {

	/** Creates the filter; kurento-client names the type it asks KMS for after this interface. */
	class Builder extends AbstractBuilder<PlateDetectorFilter> {
		public Builder(MediaPipeline pipeline) {
			super(PlateDetectorFilter.class, pipeline);
			this.props.add("mediaPipeline", pipeline);
		}
	}

	/** Tells {@code listener} of each plate as KMS read it, and when it was seen, on a media server thread. */
	static void onPlateDetected(PipelineContext context, PlateDetectorFilter filter,
			BiConsumer<Plate, Instant> listener) {
		context.on(filter, "PlateDetected",
				(event) -> listener.accept(new Plate(Objects.toString(event.text("plate"), "")), seenAt(event)));
	}

	/** @return when KMS saw the event, from its {@code timestampMillis} string; now if it has none */
	static Instant seenAt(MediaServerEvent event) {
		String millis = Objects.toString(event.text("timestampMillis"), "");
		return millis.matches("\\d{1,18}") ? Instant.ofEpochMilli(Long.parseLong(millis)) : Instant.now();
	}
}
