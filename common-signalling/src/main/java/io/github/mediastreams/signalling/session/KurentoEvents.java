package io.github.mediastreams.signalling.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.kurento.client.MediaObject;
import org.kurento.client.Transaction;
import org.kurento.client.internal.client.RemoteObjectInvocationHandler;
import org.kurento.jsonrpc.Props;

/**
 * Subscribes to media server events inside a transaction.
 *
 * <p>
 * kurento-client's public listener methods subscribe in a round trip of their own, after the objects exist. Its
 * transactions do carry subscriptions, as KMS executes any request inside a transaction, but only through its
 * {@code RemoteObject}. Using it saves a sequential round trip on every session start; this class is the only place
 * that touches that part of the client, which the reactor pins to one version.
 */
final class KurentoEvents {

	private KurentoEvents() {
	}

	static void subscribe(MediaObject element, String eventType, Transaction tx, Consumer<MediaServerEvent> handler) {
		RemoteObjectInvocationHandler.getFor(element)
			.getRemoteObject()
			.addEventListener(eventType, (type, data) -> handler.accept(new MediaServerEvent(type, toMap(data))), tx);
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
