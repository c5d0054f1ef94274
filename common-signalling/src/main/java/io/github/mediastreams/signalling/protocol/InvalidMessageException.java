package io.github.mediastreams.signalling.protocol;

/**
 * A browser message that does not follow the protocol. The exception's message says what is wrong in words
 * meant for the person behind the browser, and is sent back as an {@code error} message.
 */
public class InvalidMessageException extends Exception {

	private static final long serialVersionUID = 1L;

	/** @param message what is wrong with the message, for a person */
	public InvalidMessageException(String message) {
		super(message);
	}
}
