package io.github.mediastreams.signalling.session;

import java.util.function.Consumer;

import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.Transaction;

import io.github.mediastreams.signalling.protocol.ServerMessage.AppEvent;

/** What a {@link SessionPipeline} gets to build one session's media elements. */
public interface PipelineContext {

	/** @return the session's id, for logs */
	String sessionId();

	/** @return the session's pipeline; it is released when the session ends */
	MediaPipeline pipeline();

	/** @return the transaction every element of the session is created in */
	Transaction transaction();

	/**
	 * Subscribes to an event of an element created in the transaction, as soon as the transaction is committed and
	 * before candidate gathering starts. Any event type the media server knows works, including those of modules
	 * without a Java client, such as {@code PlateDetected}. Events that arrive after the session ended are dropped; a
	 * subscription the media server refuses ends the session with an error.
	 * @param element the element, created in {@link #transaction()}
	 * @param eventType the event type, as the media server names it
	 * @param handler runs on a media server event thread; keep it short
	 */
	void on(MediaObject element, String eventType, Consumer<MediaServerEvent> handler);

	/**
	 * Sends an application event to this session's browser, if the session is still the live one.
	 * @param event the event
	 */
	void send(AppEvent event);
}
