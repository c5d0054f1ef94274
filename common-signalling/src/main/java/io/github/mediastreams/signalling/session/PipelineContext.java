package io.github.mediastreams.signalling.session;

import java.util.function.Consumer;

import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.Transaction;
import org.slf4j.LoggerFactory;

import io.github.mediastreams.kurento.events.EventType;
import io.github.mediastreams.kurento.events.MalformedEventException;
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
	 * Subscribes to a typed event of an element created in the transaction, such as kurento-modules'
	 * {@code PlateDetected.TYPE} or {@code CrowdDetectorOccupancy.TYPE}, as {@link #on(MediaObject, String, Consumer)}
	 * does. An event whose data the media server would not send (a field its module says is always there is missing
	 * or of another type) is logged, without its values, and dropped.
	 * @param <E> the typed event
	 * @param element the element, created in {@link #transaction()}
	 * @param type the event type and how to read it
	 * @param handler runs on a media server event thread with each event; keep it short
	 */
	default <E> void on(MediaObject element, EventType<E> type, Consumer<? super E> handler) {
		on(element, type.name(), (event) -> {
			E typed;
			try {
				typed = type.decode(event.data());
			}
			catch (MalformedEventException ex) {
				LoggerFactory.getLogger(PipelineContext.class)
					.warn("Session {}: dropped an event from the media server: {}", sessionId(), ex.getMessage());
				return;
			}
			handler.accept(typed);
		});
	}

	/**
	 * Sends an application event to this session's browser, if the session is still the live one.
	 * @param event the event
	 */
	void send(AppEvent event);
}
