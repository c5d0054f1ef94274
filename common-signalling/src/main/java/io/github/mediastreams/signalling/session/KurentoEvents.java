package io.github.mediastreams.signalling.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.kurento.client.MediaObject;
import org.kurento.client.Continuation;
import org.kurento.client.internal.client.ListenerSubscriptionImpl;
import org.kurento.client.internal.client.RemoteObject;
import org.kurento.client.internal.client.RemoteObjectInvocationHandler;
import org.kurento.jsonrpc.Props;

/**
 * Subscribes to media server events of any type, without waiting for the answer.
 *
 * <p>
 * kurento-client subscribes without blocking only through the typed listener methods of the elements it has
 * classes for; modules without a Java client (the plate and crowd detectors in Kurento 7) have none. Its
 * {@code RemoteObject} does it for any event type, and registers the listener before the request leaves, so no event
 * that follows the subscription is lost. This class is the only place that touches that part of the client, which
 * the reactor pins to one version.
 *
 * <p>
 * It also mends a gap of kurento-client 7.3.0: an object created inside a transaction stays known to the client only
 * by its transaction reference ({@code newref:N}), so the events the media server sends for its real id are dropped.
 * Registering it under its real id before subscribing makes them arrive.
 */
final class KurentoEvents {

	private KurentoEvents() {
	}

	static void subscribe(MediaObject element, String eventType, Consumer<MediaServerEvent> handler,
			Consumer<Throwable> failed) {
		RemoteObjectInvocationHandler invocationHandler = RemoteObjectInvocationHandler.getFor(element);
		RemoteObject remote = invocationHandler.getRemoteObject();
		invocationHandler.getRomManager().registerObject(remote.getObjectRef(), remote);
		remote.addEventListener(eventType, (type, data) -> handler.accept(new MediaServerEvent(type, toMap(data))),
					new Continuation<ListenerSubscriptionImpl>() {
						@Override
						public void onSuccess(ListenerSubscriptionImpl subscription) {
						}

						@Override
						public void onError(Throwable cause) {
							failed.accept(cause);
						}
					});
	}

	static Map<String, Object> toMap(Props props) {
		Map<String, Object> map = new LinkedHashMap<>();
		if (props != null) {
			props.getMap().forEach((name, value) -> {
				if (value != null) {
					map.put(name, toValue(value));
				}
			});
		}
		return map;
	}

	private static Object toValue(Object value) {
		if (value instanceof Props props) {
			return toMap(props);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> {
				if (v != null) {
					copy.put(String.valueOf(k), toValue(v));
				}
			});
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			for (Object item : list) {
				copy.add(item == null ? null : toValue(item));
			}
			return java.util.Collections.unmodifiableList(copy);
		}
		return value;
	}
}
