package io.github.mediastreams.crowddetector;

import java.util.List;
import java.util.Map;

import org.kurento.client.WebRtcEndpoint;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.mediastreams.context.ContextPublisher;
import io.github.mediastreams.kurento.crowddetector.CrowdDetectorFilter;
import io.github.mediastreams.kurento.crowddetector.CrowdDetectorFluidity;
import io.github.mediastreams.kurento.crowddetector.CrowdDetectorOccupancy;
import io.github.mediastreams.kurento.crowddetector.RegionOfInterest;
import io.github.mediastreams.signalling.protocol.ServerMessage.AppEvent;
import io.github.mediastreams.signalling.session.SessionPipeline;

/**
 * Crowd detection: the media server measures how full (occupancy) and how freely moving (fluidity) the crowd is in
 * regions of the camera's picture; each change is shown on the page and raised as a context update.
 */
@SpringBootApplication
@EnableConfigurationProperties(CrowdDetectorApplication.Settings.class)
public class CrowdDetectorApplication {

	public static void main(String[] args) {
		SpringApplication.run(CrowdDetectorApplication.class, args);
	}

	/** @param rois the regions of the picture watched: id → corners as x1, y1, x2, y2… in fractions of its size */
	@ConfigurationProperties("crowd-detector")
	public record Settings(Map<String, List<Float>> rois) {

		/**
		 * @return the regions, each with KMS's default config
		 * @throws IllegalArgumentException if there is none, or one KMS would refuse, saying which and why
		 */
		List<RegionOfInterest> regionsOfInterest() {
			if (this.rois == null || this.rois.isEmpty()) {
				throw new IllegalArgumentException("crowd-detector.rois names no region of interest");
			}
			return this.rois.entrySet().stream().map((roi) -> RegionOfInterest.of(roi.getKey(), roi.getValue())).toList();
		}
	}

	@Bean
	SessionPipeline crowdDetector(Settings settings, ContextPublisher contextBroker) {
		List<RegionOfInterest> rois = settings.regionsOfInterest(); // Once: a bad region stops the app, not each start.
		return (context) -> {
			WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
			CrowdDetectorFilter crowd = new CrowdDetectorFilter.Builder(context.pipeline(), rois)
				.build(context.transaction());
			endpoint.connect(context.transaction(), crowd);
			crowd.connect(context.transaction(), endpoint);
			// KMS raises these only once a region's new level has held for some frames: each is news, no throttle as
			// for plates.
			context.on(crowd, CrowdDetectorOccupancy.TYPE, (event) -> {
				context.send(crowdEvent("crowdOccupancy", event.roiId(), event.occupancyPercentage(),
						event.occupancyLevel()));
				contextBroker.crowdOccupancy(event.roiId(), event.occupancyPercentage(), event.occupancyLevel(),
						event.seenAt());
			});
			context.on(crowd, CrowdDetectorFluidity.TYPE, (event) -> {
				context.send(crowdEvent("crowdFluidity", event.roiId(), event.fluidityPercentage(),
						event.fluidityLevel()));
				contextBroker.crowdFluidity(event.roiId(), event.fluidityPercentage(), event.fluidityLevel(),
						event.seenAt());
			});
			return endpoint;
		};
	}

	private static AppEvent crowdEvent(String id, String roiId, double percentage, int level) {
		return new AppEvent(id, Map.of("roiId", roiId, "percentage", percentage, "level", level));
	}
}
