package io.github.mediastreams.kurento.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The data of one event as KMS 7.3 sends it, read the way KMS writes it, for {@link EventType} decoders.
 *
 * <p>
 * KMS's JSON writer (jsoncpp) writes a {@code float} or {@code double} with no fraction as an integer ({@code 29},
 * not {@code 29.0}), so decimals are read from any JSON number; {@code timestampMillis} is a string of epoch
 * milliseconds; {@code type} inside the data may differ from the event type ({@code plate-detected} for
 * {@code PlateDetected}), so decoders never rely on it.
 *
 * @param eventType the event type as subscribed, such as {@code PlateDetected}, for error messages
 * @param fields the event's data: nested objects are maps, arrays lists, numbers {@link Number}s
 */
public record EventData(String eventType, Map<String, Object> fields) {

	/**
	 * Copies the data, leaving out absent ({@code null}) fields.
	 * @param eventType the event type as subscribed
	 * @param fields the event's data
	 */
	public EventData {
		Objects.requireNonNull(eventType, "eventType");
		Map<String, Object> present = new LinkedHashMap<>();
		fields.forEach((name, value) -> {
			if (value != null) {
				present.put(name, value);
			}
		});
		fields = Collections.unmodifiableMap(present);
	}

	/**
	 * @param name a field KMS always sends as a JSON string
	 * @return its text
	 * @throws MalformedEventException if it is absent or not a string
	 */
	public String text(String name) {
		if (this.fields.get(name) instanceof String text) {
			return text;
		}
		throw malformed(name, "string");
	}

	/**
	 * @param name a field KMS always sends as a JSON number ({@code float} or {@code double} in the interface)
	 * @return its value; a whole number written as an integer is the same value
	 * @throws MalformedEventException if it is absent or not a number
	 */
	public double decimal(String name) {
		if (this.fields.get(name) instanceof Number number) {
			return number.doubleValue();
		}
		throw malformed(name, "number");
	}

	/**
	 * @param name a field KMS always sends as a JSON integer ({@code int} in the interface)
	 * @return its value
	 * @throws MalformedEventException if it is absent or not a whole number within {@code int}'s range
	 */
	public int integer(String name) {
		if (this.fields.get(name) instanceof Number number) {
			double value = number.doubleValue();
			if (value == Math.rint(value) && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
				return (int) value;
			}
		}
		throw malformed(name, "integer");
	}

	/**
	 * @return when KMS raised the event, from {@code timestampMillis} (a string of epoch milliseconds in KMS 7.3);
	 * the time of this call if the field is absent or not a number, since the time is only ever an aid
	 */
	public Instant seenAt() {
		Object millis = this.fields.get("timestampMillis");
		if (millis instanceof Number number) {
			return Instant.ofEpochMilli(number.longValue());
		}
		if (millis instanceof String text && text.matches("\\d{1,18}")) {
			return Instant.ofEpochMilli(Long.parseLong(text));
		}
		return Instant.now();
	}

	/** @return the id of the object that raised the event ({@code source}), or {@code ""} if it is absent */
	public String source() {
		return this.fields.get("source") instanceof String id ? id : "";
	}

	private MalformedEventException malformed(String name, String type) {
		return new MalformedEventException("A " + this.eventType + " event without the " + type + " field '" + name
				+ "' that KMS always sends");
	}
}
