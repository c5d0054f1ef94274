package io.github.mediastreams.signalling.mediaserver;

import java.io.IOException;

/**
 * A request was made on a media server client whose connection has broken. Such a client is never reconnected:
 * {@link MediaServerConnection} replaces it, and the request's session has lost its media.
 */
public class MediaServerConnectionLostException extends IOException {

	private static final long serialVersionUID = 1L;

	/** The connection this request was meant for is gone. */
	public MediaServerConnectionLostException() {
		super("The connection to the media server broke; this client does not reconnect");
	}
}
