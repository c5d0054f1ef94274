package io.github.mediastreams.kurento;

import java.util.concurrent.CompletableFuture;

import org.kurento.client.Continuation;

/** kurento-client's asynchronous calls as futures. */
public final class Continuations {

	private Continuations() {
	}

	/**
	 * A continuation for any of kurento-client's asynchronous calls, such as
	 * {@code filter.setProcessingWidth(480, completing(done))}.
	 * @param <T> the call's result type
	 * @param future completed with the call's result, or exceptionally with its failure
	 * @return the continuation to pass to the call
	 */
	public static <T> Continuation<T> completing(CompletableFuture<? super T> future) {
		return new Continuation<>() {
			@Override
			public void onSuccess(T result) {
				future.complete(result);
			}

			@Override
			public void onError(Throwable cause) {
				future.completeExceptionally(cause);
			}
		};
	}
}
