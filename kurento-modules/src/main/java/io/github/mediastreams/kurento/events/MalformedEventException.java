package io.github.mediastreams.kurento.events;

/**
 * An event whose data lacks a field its module's interface says KMS always sends, or has it in another JSON type.
 * Its message names the event type and the field, never the data's values (which may be personal, such as plates).
 */
public class MalformedEventException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/** @param message what is wrong, naming the event type and the field */
	public MalformedEventException(String message) {
		super(message);
	}
}
