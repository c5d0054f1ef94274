package io.github.mediastreams.kurento.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.kurento.client.ListenerSubscription;
import org.kurento.client.MediaObject;
import org.kurento.client.internal.client.ListenerSubscriptionImpl;
import org.kurento.client.internal.client.RemoteObject;
import org.kurento.client.internal.client.RemoteObjectEventListener;
import org.kurento.client.internal.client.RemoteObjectInvocationHandler;
import org.kurento.jsonrpc.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mediastreams.kurento.Continuations;

/**
 * Subscribes to the events of any KMS object, of any type, typed or as plain data, without blocking.
 *
 * <p>
 * kurento-client subscribes without blocking only through the listener methods of the classes it was generated
 * with; modules without a Java client have none. Its {@code RemoteObject} does it for any event type and registers
 * the listener before the request leaves, so no event that follows the subscription is lost. This class is the one
 * place that touches that part of the client, which the reactor pins to one version (7.3.0).
 *
 * <p>
 * It also mends a gap of kurento-client 7.3.0: an object created inside a transaction stays known to the client only
 * by its transaction reference ({@code newref:N}), so the events KMS sends for its real id are dropped ("Trying to
 * propagate a event … but that doesn't exist in the client"). Registering it under its real id before subscribing
 * makes them arrive.
 *
 * <p>
 * kurento-client holds its objects weakly: keep a reference to an object for as long as its events should arrive.
 * Listeners run on kurento-client's event thread; keep them short.
 */
public final class MediaEvents {

	private static final Logger log = LoggerFactory.getLogger(MediaEvents.class);

	private MediaEvents() {
	}

	/**
	 * Subscribes to a typed event. An event whose data KMS would not send is logged (without its values) and
	 * dropped.
	 * @param <E> the typed event
	 * @param source the object, committed (an object created in a transaction once the transaction is committed)
	 * @param type the event type, such as {@code PlateDetected.TYPE}
	 * @param listener receives each event
	 * @return completes with the subscription once KMS has accepted it, or with KMS's refusal
	 * @throws org.kurento.client.TransactionNotCommitedException if the source's transaction is not committed yet
	 */
	public static <E> CompletableFuture<ListenerSubscription> subscribe(MediaObject source, EventType<E> type,
			Consumer<? super E> listener) {
		return subscribe(source, type.name(), (data) -> {
			E event;
			try {
				event = type.decode(data);
			}
			catch (MalformedEventException ex) {
				log.warn("Dropped an event of {}: {}", data.get("source"), ex.getMessage());
				return;
			}
			listener.accept(event);
		});
	}

	/**
	 * Subscribes to an event of any type, as plain data.
	 * @param source the object, committed (an object created in a transaction once the transaction is committed)
	 * @param eventType the event type as KMS names it, such as {@code PlateDetected}
	 * @param listener receives each event's data as KMS sent it: nested objects are maps, arrays lists, numbers
	 * {@link Number}s; absent values are left out
	 * @return completes with the subscription once KMS has accepted it, or with KMS's refusal
	 * @throws org.kurento.client.TransactionNotCommitedException if the source's transaction is not committed yet
	 */
	public static CompletableFuture<ListenerSubscription> subscribe(MediaObject source, String eventType,
			Consumer<Map<String, Object>> listener) {
		RemoteObjectInvocationHandler handler = RemoteObjectInvocationHandler.getFor(source);
		RemoteObject remote = handler.getRemoteObject();
		// Before subscribing, so that no event for the real id arrives while the client does not know it.
		handler.getRomManager().registerObject(remote.getObjectRef(), remote);
		CompletableFuture<ListenerSubscription> subscribed = new CompletableFuture<>();
		remote.addEventListener(eventType, new Delivery(listener), Continuations.completing(subscribed));
		return subscribed;
	}

	/**
	 * Ends a subscription: its listener receives no more events, and KMS is told to stop sending them.
	 * @param source the object subscribed to
	 * @param subscription what {@code subscribe} completed with
	 * @return completes once KMS has ended it, or with KMS's refusal
	 */
	public static CompletableFuture<Void> unsubscribe(MediaObject source, ListenerSubscription subscription) {
		ListenerSubscriptionImpl impl = (ListenerSubscriptionImpl) subscription;
		// kurento-client 7.3.0's asynchronous removal forgets to drop the listener itself; it stops here instead.
		if (impl.getListener() instanceof Delivery delivery) {
			delivery.stop();
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		RemoteObjectInvocationHandler.getFor(source).getRemoteObject().removeEventListener(impl, Continuations.completing(done));
		return done;
	}

	/**
	 * @param props event data as kurento-client parsed it
	 * @return the same as plain values: maps, lists, strings, numbers, booleans; absent values left out
	 */
	static Map<String, Object> plain(Props props) {
		Map<String, Object> map = new LinkedHashMap<>();
		if (props != null) {
			props.getMap().forEach((name, value) -> {
				if (value != null) {
					map.put(name, plainValue(value));
				}
			});
		}
		return Collections.unmodifiableMap(map);
	}

	private static Object plainValue(Object value) {
		if (value instanceof Props props) {
			return plain(props);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((name, item) -> {
				if (item != null) {
					copy.put(String.valueOf(name), plainValue(item));
				}
			});
			return Collections.unmodifiableMap(copy);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			for (Object item : list) {
				copy.add(item == null ? null : plainValue(item));
			}
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

	/** The listener kurento-client holds; it can be stopped, since the client's removal may not drop it. */
	private static final class Delivery implements RemoteObjectEventListener {

		private final Consumer<Map<String, Object>> listener;

		private volatile boolean active = true;

		Delivery(Consumer<Map<String, Object>> listener) {
			this.listener = listener;
		}

		@Override
		public void onEvent(String eventType, Props data) {
			if (this.active) {
				this.listener.accept(plain(data));
			}
		}

		void stop() {
			this.active = false;
		}
	}
}
