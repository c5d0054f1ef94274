package io.github.mediastreams.kurento.crowddetector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a {@link CrowdDetectorFilter} raises its events for one region, KMS's {@code RegionOfInterestConfig}. Levels are
 * percentages of the region: below {@code *LevelMin} the level is 0, up to {@code *LevelMed} 1, up to
 * {@code *LevelMax} 2, above it 3; a new level is reported once it has held for {@code *NumFramesToEvent}
 * consecutive frames. Start from {@link #DEFAULTS}, KMS's own, and change what you need with the {@code with…}
 * methods.
 *
 * @param occupancyLevelMin below it, occupancy level 0 (KMS's default 10)
 * @param occupancyLevelMed up to it, occupancy level 1 (35)
 * @param occupancyLevelMax up to it, occupancy level 2; above, 3 (65)
 * @param occupancyNumFramesToEvent frames a new occupancy level must hold before it is reported (5)
 * @param fluidityLevelMin below it, fluidity level 0 (10)
 * @param fluidityLevelMed up to it, fluidity level 1 (35)
 * @param fluidityLevelMax up to it, fluidity level 2; above, 3 (65)
 * @param fluidityNumFramesToEvent frames a new fluidity level must hold before it is reported (5)
 * @param sendOpticalFlowEvent whether to detect the direction of movement ({@link CrowdDetectorDirection}) (false)
 * @param opticalFlowNumFramesToEvent frames a new direction must hold before it is reported (3)
 * @param opticalFlowNumFramesToReset frames after which the count of repeated directions starts again (3)
 * @param opticalFlowAngleOffset degrees the axes of the directions are turned by: left 0, up 90, right 180, down
 * 270 (0)
 */
public record RegionOfInterestConfig(int occupancyLevelMin, int occupancyLevelMed, int occupancyLevelMax,
		int occupancyNumFramesToEvent, int fluidityLevelMin, int fluidityLevelMed, int fluidityLevelMax,
		int fluidityNumFramesToEvent, boolean sendOpticalFlowEvent, int opticalFlowNumFramesToEvent,
		int opticalFlowNumFramesToReset, int opticalFlowAngleOffset) {

	/** KMS 7.3's defaults, from the module's interface ({@code crowddetector.CrowdDetectorFilter.kmd.json}). */
	public static final RegionOfInterestConfig DEFAULTS = new RegionOfInterestConfig(10, 35, 65, 5, 10, 35, 65, 5,
			false, 3, 3, 0);

	/**
	 * Checks the levels are percentages in order and the frame counts are not negative.
	 * @throws IllegalArgumentException if they are not
	 */
	public RegionOfInterestConfig {
		levels("occupancy", occupancyLevelMin, occupancyLevelMed, occupancyLevelMax);
		levels("fluidity", fluidityLevelMin, fluidityLevelMed, fluidityLevelMax);
		if (occupancyNumFramesToEvent < 0 || fluidityNumFramesToEvent < 0 || opticalFlowNumFramesToEvent < 0
				|| opticalFlowNumFramesToReset < 0) {
			throw new IllegalArgumentException("A number of frames cannot be negative");
		}
	}

	/**
	 * @param levelMin below it, level 0
	 * @param levelMed up to it, level 1
	 * @param levelMax up to it, level 2; above, 3
	 * @param numFramesToEvent frames a new level must hold before it is reported
	 * @return this config with these occupancy settings
	 */
	public RegionOfInterestConfig withOccupancy(int levelMin, int levelMed, int levelMax, int numFramesToEvent) {
		return new RegionOfInterestConfig(levelMin, levelMed, levelMax, numFramesToEvent, this.fluidityLevelMin,
				this.fluidityLevelMed, this.fluidityLevelMax, this.fluidityNumFramesToEvent, this.sendOpticalFlowEvent,
				this.opticalFlowNumFramesToEvent, this.opticalFlowNumFramesToReset, this.opticalFlowAngleOffset);
	}

	/**
	 * @param levelMin below it, level 0
	 * @param levelMed up to it, level 1
	 * @param levelMax up to it, level 2; above, 3
	 * @param numFramesToEvent frames a new level must hold before it is reported
	 * @return this config with these fluidity settings
	 */
	public RegionOfInterestConfig withFluidity(int levelMin, int levelMed, int levelMax, int numFramesToEvent) {
		return new RegionOfInterestConfig(this.occupancyLevelMin, this.occupancyLevelMed, this.occupancyLevelMax,
				this.occupancyNumFramesToEvent, levelMin, levelMed, levelMax, numFramesToEvent,
				this.sendOpticalFlowEvent, this.opticalFlowNumFramesToEvent, this.opticalFlowNumFramesToReset,
				this.opticalFlowAngleOffset);
	}

	/**
	 * @param send whether to detect the direction of movement
	 * @param numFramesToEvent frames a new direction must hold before it is reported
	 * @param numFramesToReset frames after which the count of repeated directions starts again
	 * @param angleOffset degrees the axes of the directions are turned by
	 * @return this config with these direction settings
	 */
	public RegionOfInterestConfig withOpticalFlow(boolean send, int numFramesToEvent, int numFramesToReset,
			int angleOffset) {
		return new RegionOfInterestConfig(this.occupancyLevelMin, this.occupancyLevelMed, this.occupancyLevelMax,
				this.occupancyNumFramesToEvent, this.fluidityLevelMin, this.fluidityLevelMed, this.fluidityLevelMax,
				this.fluidityNumFramesToEvent, send, numFramesToEvent, numFramesToReset, angleOffset);
	}

	/**
	 * Every field is optional in KMS's interface: as kurento-client leaves out the optional fields it was not given,
	 * those equal to KMS's default are left out, so the default config is the empty one recorded from a real KMS 7.3.
	 */
	Map<String, Object> kmsValue() {
		Map<String, Object> value = ComplexTypes.tagged("RegionOfInterestConfig");
		Map<String, Object> defaults = DEFAULTS.fields();
		fields().forEach((name, field) -> {
			if (!field.equals(defaults.get(name))) {
				value.put(name, field);
			}
		});
		return value;
	}

	// By the names of KMS's interface, in its order.
	private Map<String, Object> fields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("occupancyLevelMin", this.occupancyLevelMin);
		fields.put("occupancyLevelMed", this.occupancyLevelMed);
		fields.put("occupancyLevelMax", this.occupancyLevelMax);
		fields.put("occupancyNumFramesToEvent", this.occupancyNumFramesToEvent);
		fields.put("fluidityLevelMin", this.fluidityLevelMin);
		fields.put("fluidityLevelMed", this.fluidityLevelMed);
		fields.put("fluidityLevelMax", this.fluidityLevelMax);
		fields.put("fluidityNumFramesToEvent", this.fluidityNumFramesToEvent);
		fields.put("sendOpticalFlowEvent", this.sendOpticalFlowEvent);
		fields.put("opticalFlowNumFramesToEvent", this.opticalFlowNumFramesToEvent);
		fields.put("opticalFlowNumFramesToReset", this.opticalFlowNumFramesToReset);
		fields.put("opticalFlowAngleOffset", this.opticalFlowAngleOffset);
		return fields;
	}

	private static void levels(String measure, int min, int med, int max) {
		if (!(0 <= min && min <= med && med <= max && max <= 100)) {
			throw new IllegalArgumentException("The " + measure
					+ " levels are percentages in order, 0 ≤ min ≤ med ≤ max ≤ 100; got " + min + ", " + med + ", "
					+ max);
		}
	}
}
