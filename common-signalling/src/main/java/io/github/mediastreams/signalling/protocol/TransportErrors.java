package io.github.mediastreams.signalling.protocol;

/** The errors a WebSocket adapter answers before a message reaches the codec, worded once for every adapter. */
public final class TransportErrors {

	private TransportErrors() {
	}

	/**
	 * @param size the message's size in bytes
	 * @param limit the largest size answered
	 * @return the error for a message that is too large
	 */
	public static ServerMessage.Error tooLarge(long size, long limit) {
		return new ServerMessage.Error("The message is too large (" + size + " bytes; at most " + limit + ")");
	}

	/** @return the error for a binary frame */
	public static ServerMessage.Error binaryRefused() {
		return new ServerMessage.Error("Binary messages are not supported; send JSON text");
	}
}
