package io.github.mediastreams.crowddetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import io.github.mediastreams.crowddetector.CrowdDetectorApplication.Settings;
import io.github.mediastreams.kurento.crowddetector.RegionOfInterest;
import io.github.mediastreams.kurento.crowddetector.RelativePoint;

/** The regions of interest as a deployment gives them: the app's application.yml and environment variables. */
class CrowdDetectorSettingsTest {

	@Test
	void byDefaultOneRegionIsTheWholePicture() throws Exception {
		assertThat(bind(Map.of()).rois()).containsExactly(Map.entry("roi0", List.of(0f, 0f, 1f, 0f, 1f, 1f, 0f, 1f)));
	}

	@Test
	void aRegionIsOneEnvironmentVariable() throws Exception {
		// Spring Boot finds new map keys only under the canonical name, without the dash: CROWDDETECTOR_.
		Settings settings = bind(Map.of("CROWD_DETECTOR_ROIS_ROI0", "0,0.5,1,0.5,1,1,0,1",
				"CROWDDETECTOR_ROIS_DOOR", "0.7,0,1,0,1,0.3"));

		assertThat(settings.rois()).containsEntry("roi0", List.of(0f, 0.5f, 1f, 0.5f, 1f, 1f, 0f, 1f))
			.containsEntry("door", List.of(0.7f, 0f, 1f, 0f, 1f, 0.3f))
			.hasSize(2);
	}

	@Test
	void aRegionKmsWouldRefuseStopsTheAppSayingWhy() throws Exception {
		assertThatThrownBy(() -> bind(Map.of("CROWDDETECTOR_ROIS_DOOR", "0.7,0,1,0,1")).regionsOfInterest())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("Region door: corners are x, y pairs; got 5 numbers");
		assertThatThrownBy(() -> bind(Map.of("CROWDDETECTOR_ROIS_DOOR", "0.7,0,1.5,0,1,0.3")).regionsOfInterest())
			.hasMessage("A point's x and y are fractions of the picture, from 0 to 1; got (1.5, 0.0)");
	}

	@Test
	void theRegionsAreKmsRegionsOfInterestWithTheirCorners() throws Exception {
		List<RegionOfInterest> regions = bind(Map.of()).regionsOfInterest();

		assertThat(regions).containsExactly(new RegionOfInterest("roi0", List.of(new RelativePoint(0, 0),
				new RelativePoint(1, 0), new RelativePoint(1, 1), new RelativePoint(0, 1))));
	}

	private static Settings bind(Map<String, Object> environmentVariables) throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		// Under the real source's name: Spring Boot maps environment variable names only for that source.
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					environmentVariables));
		new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
			.forEach(environment.getPropertySources()::addLast);
		return Binder.get(environment).bindOrCreate("crowd-detector", Settings.class);
	}

}
