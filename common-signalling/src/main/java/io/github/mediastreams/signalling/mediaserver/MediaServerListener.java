package io.github.mediastreams.signalling.mediaserver;

/** Told when the connection to a media server changes in ways that affect live media sessions. */
public interface MediaServerListener {

	/**
	 * The connection to a media server broke while media sessions may have been live on it. Their media objects
	 * can no longer be used; the connection reconnects by itself.
	 * @param server the connection that broke
	 */
	void connectionLost(MediaServerConnection server);
}
