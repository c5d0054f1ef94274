package io.github.mediastreams.kurento.events;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A type of event a KMS object raises, by the name KMS gives it, and how to read its data into a typed event. The
 * module clients have one per event, such as {@code PlateDetected.TYPE}; other modules' events can be given the same
 * way. Subscribe with {@link MediaEvents} or common-signalling's {@code PipelineContext.on}.
 *
 * @param <E> the typed event
 * @param name the event type as KMS names it in {@code subscribe}, such as {@code PlateDetected}
 * @param decoder reads one event's data; throws {@link MalformedEventException} for data KMS would not send
 */
public record EventType<E>(String name, Function<EventData, E> decoder) {

	/**
	 * Checks both are given.
	 * @param name the event type as KMS names it
	 * @param decoder reads one event's data
	 */
	public EventType {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(decoder, "decoder");
	}

	/**
	 * @param data an event's data as KMS sent it (plain values: maps, lists, strings, numbers, booleans)
	 * @return the typed event
	 * @throws MalformedEventException if the data lacks a field KMS always sends, or has it in another JSON type
	 */
	@SuppressWarnings("unchecked") // EventData only reads the map, into a copy of its own.
	public E decode(Map<String, ?> data) {
		return this.decoder.apply(new EventData(this.name, (Map<String, Object>) data));
	}

	@Override
	public String toString() {
		return this.name;
	}
}
