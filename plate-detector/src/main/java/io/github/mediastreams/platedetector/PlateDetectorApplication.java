package io.github.mediastreams.platedetector;

import org.kurento.client.WebRtcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.github.mediastreams.context.ContextBrokerProperties;
import io.github.mediastreams.context.ContextPublisher;
import io.github.mediastreams.context.Plate;
import io.github.mediastreams.context.RepeatThrottle;
import io.github.mediastreams.kurento.platedetector.PlateDetected;
import io.github.mediastreams.kurento.platedetector.PlateDetectorFilter;
import io.github.mediastreams.signalling.protocol.ServerMessage.AppEvent;
import io.github.mediastreams.signalling.session.SessionPipeline;

/**
 * The tutorial's third exercise: the media server reads vehicle plates in the browser's camera; each plate is listed
 * on the page and raised as a context update of the camera's entity in a FIWARE Context Broker.
 */
@SpringBootApplication
public class PlateDetectorApplication {

	private static final Logger log = LoggerFactory.getLogger(PlateDetectorApplication.class);

	/**
	 * How wide a plate is expected in the frame, as a share of its width: the filter closes a plate's characters into
	 * one blob with a horizontal kernel of this share of the width over 6 (27 px in a 640 px frame), wide enough to
	 * bridge the sample plate's gaps (16 px at most) and narrow enough not to join its EU band (57 px away). It is the
	 * filter's default, set here because the sample plate is drawn to it (see this module's README).
	 */
	static final float PLATE_WIDTH_PERCENTAGE = 0.25f;

	public static void main(String[] args) {
		SpringApplication.run(PlateDetectorApplication.class, args);
	}

	@Bean
	SessionPipeline plateDetector(ContextPublisher contextBroker, ContextBrokerProperties settings) {
		return (context) -> {
			WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
			PlateDetectorFilter plates = new PlateDetectorFilter.Builder(context.pipeline())
				.build(context.transaction());
			plates.setPlateWidthPercentage(context.transaction(), PLATE_WIDTH_PERCENTAGE);
			endpoint.connect(context.transaction(), plates);
			plates.connect(context.transaction(), endpoint);
			// KMS reads a plate in frame after frame: one throttle per session decides for the page and the broker.
			RepeatThrottle throttle = new RepeatThrottle(settings.plateRepeatInterval());
			context.on(plates, PlateDetected.TYPE, (detected) -> {
				Plate plate = new Plate(detected.plate());
				if (plate.isUnread() || !throttle.shouldReport(plate.normalized())) {
					log.debug("Session {}: plate {} skipped: unread or a repeat", context.sessionId(), plate.raw());
					return;
				}
				context.send(AppEvent.of("plateDetected", "plate", plate.raw())); // People see what KMS read.
				contextBroker.plateRead(plate, detected.seenAt()); // The broker gets it without KMS's '-' placeholders.
			});
			return endpoint;
		};
	}
}
