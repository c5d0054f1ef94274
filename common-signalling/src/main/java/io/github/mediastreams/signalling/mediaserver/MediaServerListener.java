package io.github.mediastreams.signalling.mediaserver;

/** Told when the connection to the media server changes in ways that affect live media sessions. */
public interface MediaServerListener {

	/**
	 * The connection to the media server broke while media sessions may have been live. Their media objects can no
	 * longer be used; the connection reconnects by itself.
	 */
	void connectionLost();
}
