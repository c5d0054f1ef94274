package io.github.mediastreams.kurento.crowddetector;

import java.util.Map;

/**
 * A point of the picture, KMS's {@code RelativePoint}: fractions of the picture's width and height, from its top-left
 * corner, x to the right and y down.
 *
 * @param x from 0 (left) to 1 (right)
 * @param y from 0 (top) to 1 (bottom)
 */
public record RelativePoint(float x, float y) {

	/**
	 * Checks the point is in the picture.
	 * @param x from 0 (left) to 1 (right)
	 * @param y from 0 (top) to 1 (bottom)
	 * @throws IllegalArgumentException if either is outside 0 to 1
	 */
	public RelativePoint {
		if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
			throw new IllegalArgumentException(
					"A point's x and y are fractions of the picture, from 0 to 1; got (" + x + ", " + y + ")");
		}
	}

	Map<String, Object> kmsValue() {
		Map<String, Object> value = ComplexTypes.tagged("RelativePoint");
		value.put("x", this.x);
		value.put("y", this.y);
		return value;
	}
}
