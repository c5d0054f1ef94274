package io.github.mediastreams.signalling.session;

import java.util.function.Consumer;

import org.kurento.client.MediaObject;

import io.github.mediastreams.kurento.events.MediaEvents;

/**
 * Subscribes to media server events of any type, without waiting for the answer, through kurento-modules'
 * {@link MediaEvents}: it registers the listener before the request leaves, so no event that follows the
 * subscription is lost, and it mends kurento-client 7.3.0's gap for objects created in a transaction (known to the
 * client only as {@code newref:N}, their events would be dropped).
 */
final class KurentoEvents {

	private KurentoEvents() {
	}

	static void subscribe(MediaObject element, String eventType, Consumer<MediaServerEvent> handler,
			Consumer<Throwable> failed) {
		MediaEvents.subscribe(element, eventType, (data) -> handler.accept(new MediaServerEvent(eventType, data)))
			.whenComplete((subscription, cause) -> {
				if (cause != null) {
					failed.accept(cause);
				}
			});
	}
}
