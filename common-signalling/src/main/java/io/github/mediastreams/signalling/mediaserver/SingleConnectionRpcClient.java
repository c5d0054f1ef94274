package io.github.mediastreams.signalling.mediaserver;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.kurento.jsonrpc.client.Continuation;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;
import org.kurento.jsonrpc.message.Request;
import org.kurento.jsonrpc.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kurento-client's JSON-RPC WebSocket client for one WebSocket connection: once that connection breaks, the client
 * stays broken, and {@link MediaServerConnection} replaces it with a new one.
 *
 * <p>
 * kurento-client 7.3.0 reconnects a broken client by itself, in the background and also on the thread of whichever
 * request is sent next, holding the client's lock meanwhile. It then waits for the WebSocket handshake without any
 * bound, and fails that wait on nothing but an exception: a connection that closes during the handshake (as when the
 * broken client is destroyed) or a server that accepts the TCP connection and answers nothing (a frozen KMS) holds
 * that thread, and every later request of the client, for ever. A session thread stuck so takes its session with
 * it. So the first connection's handshake is bounded here, and any later connection is refused: the request that
 * would have made one fails with a {@link MediaServerConnectionLostException}, at once.
 *
 * <p>
 * A transaction that the media server stopped at a failing operation has created what the operations before it
 * created, and kurento-client then rolls every operation back and forgets those objects. This client reads their
 * ids from the transaction's answer and releases them at once: what a failed start built is released by its own
 * references, and the media server is never scanned for it.
 */
final class SingleConnectionRpcClient extends JsonRpcClientNettyWebSocket {

	private static final Logger log = LoggerFactory.getLogger(SingleConnectionRpcClient.class);

	private final ScheduledExecutorService timer;

	private final Duration handshakeTimeout;

	private boolean connectedOnce;

	/**
	 * @param url the media server's WebSocket URL
	 * @param listener told of the connection's state; null for a client nobody retires (kurento-client checks)
	 * @param timer runs the handshake's deadline; never the thread that connects
	 * @param handshakeTimeout how long the TCP connection and the WebSocket handshake may take together
	 */
	SingleConnectionRpcClient(String url, JsonRpcWSConnectionListener listener, ScheduledExecutorService timer,
			Duration handshakeTimeout) {
		super(url, listener);
		this.timer = timer;
		this.handshakeTimeout = handshakeTimeout;
	}

	@Override
	protected void connectNativeClient() throws Exception {
		synchronized (this) {
			if (this.connectedOnce) {
				throw new MediaServerConnectionLostException();
			}
			this.connectedOnce = true;
		}
		Deadline deadline = new Deadline(Thread.currentThread());
		ScheduledFuture<?> expiry = this.timer.schedule(deadline::expire, this.handshakeTimeout.toMillis(),
				TimeUnit.MILLISECONDS);
		try {
			super.connectNativeClient();
		}
		finally {
			expiry.cancel(false);
		}
		if (deadline.finish()) {
			// kurento-client takes the interrupt for a spurious wake-up and goes on as if connected: it is not.
			closeNativeClient();
			throw new TimeoutException("No WebSocket handshake with the media server within "
					+ this.handshakeTimeout.toMillis() + " ms");
		}
	}

	@Override
	protected <P, R> Response<R> internalSendRequestWebSocket(Request<P> request, Class<R> resultClass)
			throws IOException {
		Response<R> response = super.internalSendRequestWebSocket(request, resultClass);
		if (response != null && !response.isError() && response.getResult() instanceof JsonElement result) {
			releaseWhatAFailedTransactionCreated(request, result);
		}
		return response;
	}

	@Override
	protected <P> void internalSendRequestWebSocket(Request<P> request, Class<JsonElement> resultClass,
			Continuation<Response<JsonElement>> continuation) {
		super.internalSendRequestWebSocket(request, resultClass, new Continuation<>() {
			@Override
			public void onSuccess(Response<JsonElement> response) {
				if (response != null && !response.isError() && response.getResult() != null) {
					releaseWhatAFailedTransactionCreated(request, response.getResult());
				}
				continuation.onSuccess(response);
			}

			@Override
			public void onError(Throwable cause) {
				continuation.onError(cause);
			}
		});
	}

	private void releaseWhatAFailedTransactionCreated(Request<?> request, JsonElement result) {
		if (!"transaction".equals(request.getMethod()) || !(request.getParams() instanceof JsonObject params)) {
			return;
		}
		List<String> created = createdByAFailedTransaction(params, result);
		for (String id : created) {
			JsonObject release = new JsonObject();
			release.addProperty("object", id);
			try {
				sendRequest("release", release, new Continuation<JsonElement>() {
					@Override
					public void onSuccess(JsonElement ignored) {
						log.info("Released {}, left by a transaction the media server stopped half-way", id);
					}

					@Override
					public void onError(Throwable cause) {
						log.debug("Could not release {}: {}", id, cause.getMessage());
					}
				});
			}
			catch (RuntimeException ex) {
				// The connection is gone: the session's claim is given up, and the sweeps release it.
				log.debug("Could not release {}: {}", id, ex.getMessage());
			}
		}
	}

	/**
	 * The objects a transaction created before the operation that failed, if one did: the values of its successful
	 * {@code create} operations, an element left out when its pipeline is among them (it goes with the pipeline).
	 * @param params the transaction's parameters, with its {@code operations}
	 * @param result the transaction's result: the answer of each operation up to the first failure, as {@code value}
	 * @return the ids to release; empty when every operation succeeded
	 */
	static List<String> createdByAFailedTransaction(JsonObject params, JsonElement result) {
		if (!params.has("operations") || !params.get("operations").isJsonArray() || !result.isJsonObject()
				|| !result.getAsJsonObject().has("value") || !result.getAsJsonObject().get("value").isJsonArray()) {
			return List.of();
		}
		JsonArray operations = params.getAsJsonArray("operations");
		JsonArray answers = result.getAsJsonObject().getAsJsonArray("value");
		boolean failed = false;
		List<String> created = new ArrayList<>();
		for (int i = 0; i < answers.size(); i++) {
			JsonObject answer = answers.get(i).isJsonObject() ? answers.get(i).getAsJsonObject() : new JsonObject();
			if (answer.has("error")) {
				failed = true;
				break;
			}
			JsonElement value = answer.has("result") && answer.get("result").isJsonObject()
					? answer.getAsJsonObject("result").get("value") : null;
			boolean create = i < operations.size() && operations.get(i).isJsonObject()
					&& "create".equals(text(operations.get(i).getAsJsonObject(), "method"));
			if (create && value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
				created.add(value.getAsString());
			}
		}
		if (!failed) {
			return List.of();
		}
		// KMS names an element <pipeline id>/<uuid>_<type>.
		return created.stream()
			.filter((id) -> created.stream().noneMatch((other) -> !other.equals(id) && id.startsWith(other + "/")))
			.toList();
	}

	private static String text(JsonObject object, String member) {
		JsonElement value = object.get(member);
		return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
	}

	/** Interrupts the connecting thread once the handshake's time is up, unless it has finished by then. */
	private static final class Deadline {

		private final Thread connecting;

		private boolean finished;

		private boolean expired;

		Deadline(Thread connecting) {
			this.connecting = connecting;
		}

		synchronized void expire() {
			if (!this.finished) {
				this.expired = true;
				this.connecting.interrupt();
			}
		}

		/** @return whether the time ran out; an interrupt it caused is cleared from the connecting thread */
		synchronized boolean finish() {
			this.finished = true;
			if (this.expired) {
				Thread.interrupted();
			}
			return this.expired;
		}
	}
}
