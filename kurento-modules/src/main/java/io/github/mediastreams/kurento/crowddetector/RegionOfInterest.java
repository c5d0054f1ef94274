package io.github.mediastreams.kurento.crowddetector;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A region of the picture a {@link CrowdDetectorFilter} watches, KMS's {@code RegionOfInterest}: a polygon, and when
 * its events are raised.
 *
 * @param id the region's name in the events ({@code roiId}): a letter, then letters, digits or {@code /-_.:+}
 * @param points the polygon's corners, three or more
 * @param regionOfInterestConfig when the region's events are raised
 */
public record RegionOfInterest(String id, List<RelativePoint> points, RegionOfInterestConfig regionOfInterestConfig) {

	// KMS names a GStreamer structure after the id, and refuses the filter if it is not a valid name.
	private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9/\\-_.:+]*");

	/**
	 * Checks the region is one KMS accepts.
	 * @param id the region's name: a letter, then letters, digits or {@code /-_.:+}
	 * @param points the polygon's corners, three or more
	 * @param regionOfInterestConfig when the region's events are raised
	 * @throws IllegalArgumentException if the id is not such a name or there are fewer than three corners
	 */
	public RegionOfInterest {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(regionOfInterestConfig, "regionOfInterestConfig");
		if (!ID.matcher(id).matches()) {
			throw new IllegalArgumentException("A region's id is a letter, then letters, digits or /-_.:+; got '" + id
					+ "'");
		}
		points = List.copyOf(points);
		if (points.size() < 3) {
			throw new IllegalArgumentException("Region " + id + " needs three corners or more; got " + points.size());
		}
	}

	/**
	 * A region with KMS's default config.
	 * @param id the region's name: a letter, then letters, digits or {@code /-_.:+}
	 * @param points the polygon's corners, three or more
	 */
	public RegionOfInterest(String id, List<RelativePoint> points) {
		this(id, points, RegionOfInterestConfig.DEFAULTS);
	}

	/**
	 * A region with KMS's default config, from its corners' coordinates in a row.
	 * @param id the region's name: a letter, then letters, digits or {@code /-_.:+}
	 * @param xy the corners as x1, y1, x2, y2…, fractions of the picture from its top-left corner
	 * @return the region
	 * @throws IllegalArgumentException if the coordinates are not pairs, or as for the constructor
	 */
	public static RegionOfInterest of(String id, List<? extends Number> xy) {
		if (xy.size() % 2 != 0) {
			throw new IllegalArgumentException("Region " + id + ": corners are x, y pairs; got " + xy.size()
					+ " numbers");
		}
		return new RegionOfInterest(id, IntStream.range(0, xy.size() / 2)
			.mapToObj((i) -> new RelativePoint(xy.get(2 * i).floatValue(), xy.get(2 * i + 1).floatValue()))
			.toList());
	}

	Map<String, Object> kmsValue() {
		Map<String, Object> value = ComplexTypes.tagged("RegionOfInterest");
		value.put("id", this.id);
		value.put("points", this.points.stream().map(RelativePoint::kmsValue).toList());
		value.put("regionOfInterestConfig", this.regionOfInterestConfig.kmsValue());
		return value;
	}
}
