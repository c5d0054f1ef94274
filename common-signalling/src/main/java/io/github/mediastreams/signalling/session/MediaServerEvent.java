package io.github.mediastreams.signalling.session;

import java.util.Map;
import java.util.Objects;

/**
 * An event from the media server, with its data as the server sent it: nested objects are maps, numbers are
 * {@link Number}s.
 *
 * @param type the event type, such as {@code PlateDetected}
 * @param data the event's data, such as {@code plate}, {@code source}, {@code timestampMillis}
 */
public record MediaServerEvent(String type, Map<String, Object> data) {

	public MediaServerEvent {
		Objects.requireNonNull(type, "type");
		data = Map.copyOf(data);
	}

	/**
	 * @param name a field of the event's data
	 * @return the field's text, or {@code null} if it is absent
	 */
	public String text(String name) {
		Object value = this.data.get(name);
		return value == null ? null : value.toString();
	}

	/**
	 * @param name a numeric field of the event's data
	 * @return the field's value, or {@code null} if it is absent or not a number
	 */
	public Number number(String name) {
		return this.data.get(name) instanceof Number n ? n : null;
	}
}
