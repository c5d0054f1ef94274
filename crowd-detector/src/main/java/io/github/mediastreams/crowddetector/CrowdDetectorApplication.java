package io.github.mediastreams.crowddetector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.kurento.client.AbstractBuilder;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.mediastreams.context.ContextPublisher;
import io.github.mediastreams.signalling.protocol.ServerMessage.AppEvent;
import io.github.mediastreams.signalling.session.PipelineContext;
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
	}

	@Bean
	SessionPipeline crowdDetector(Settings regions, ContextPublisher contextBroker) {
		return (context) -> {
			WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
			var crowd = new CrowdDetectorFilter.Builder(context.pipeline(), regions.rois()).build(context.transaction());
			endpoint.connect(context.transaction(), crowd);
			crowd.connect(context.transaction(), endpoint);
			forward(context, crowd, "Occupancy", contextBroker::crowdOccupancy);
			forward(context, crowd, "Fluidity", contextBroker::crowdFluidity);
			return endpoint;
		};
	}

	// KMS raises these only once a region's new level has held for some frames: each is news, no throttle as for
	// plates. Their fields are all required by the crowddetector module's interface: KMS always sends them.
	private static void forward(PipelineContext context, CrowdDetectorFilter crowd, String measure, Update broker) {
		context.on(crowd, "CrowdDetector" + measure, (event) -> {
			String roiId = event.text("roiId");
			Number percentage = event.number(measure.toLowerCase() + "Percentage");
			Number level = event.number(measure.toLowerCase() + "Level");
			context.send(new AppEvent("crowd" + measure, Map.of("roiId", roiId, "percentage", percentage,
					"level", level)));
			broker.update(roiId, percentage.doubleValue(), level.intValue(),
					Instant.ofEpochMilli(Long.parseLong(event.text("timestampMillis"))));
		});
	}

	interface Update { // ContextPublisher's crowdOccupancy or crowdFluidity
		void update(String roiId, double percentage, int level, Instant observedAt);
	}

	/** KMS's CrowdDetectorFilter, which Kurento 7 has no Java client for: its builder, by hand (see plate-detector). */
	public interface CrowdDetectorFilter extends MediaElement {

		/** Creates the filter; kurento-client names the type it asks KMS for after the interface. */
		class Builder extends AbstractBuilder<CrowdDetectorFilter> {
			public Builder(MediaPipeline pipeline, Map<String, List<Float>> rois) {
				super(CrowdDetectorFilter.class, pipeline);
				this.props.add("mediaPipeline", pipeline);
				this.props.add("rois", rois.entrySet().stream().map((roi) -> Map.of("__module__", "crowddetector",
						"__type__", "RegionOfInterest", "id", roi.getKey(), "points", corners(roi.getValue()),
						"regionOfInterestConfig", Map.of("__module__", "crowddetector", "__type__",
								"RegionOfInterestConfig"))).toList()); // The region's config is KMS's default.
			}

			// KMS's complex types, tagged with their type and module as kurento-client tags them.
			private static List<?> corners(List<Float> xy) {
				return IntStream.range(0, xy.size() / 2).mapToObj((i) -> Map.of("__module__", "crowddetector",
						"__type__", "RelativePoint", "x", xy.get(2 * i), "y", xy.get(2 * i + 1))).toList();
			}
		}
	}
}
