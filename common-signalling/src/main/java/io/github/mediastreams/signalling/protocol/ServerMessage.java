package io.github.mediastreams.signalling.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A message from the application server to the browser. */
public sealed interface ServerMessage {

	/** @return the JSON {@code id} of this message */
	String id();

	/**
	 * {@code {"id":"startResponse","sdpAnswer":"..."}}: the media server's answer to the browser's offer.
	 *
	 * @param sdpAnswer the SDP answer
	 */
	record StartResponse(String sdpAnswer) implements ServerMessage {
		public StartResponse {
			Objects.requireNonNull(sdpAnswer, "sdpAnswer");
		}

		@Override
		public String id() {
			return "startResponse";
		}
	}

	/**
	 * {@code {"id":"iceCandidate","candidate":{...}}}: a candidate gathered by the media server.
	 *
	 * @param candidate the candidate
	 */
	record IceCandidateFound(IceCandidate candidate) implements ServerMessage {
		public IceCandidateFound {
			Objects.requireNonNull(candidate, "candidate");
		}

		@Override
		public String id() {
			return "iceCandidate";
		}
	}

	/**
	 * {@code {"id":"error","message":"..."}}: something went wrong; the message is meant for a person. With
	 * {@code "retry":true} the cause is passing (the media server not reachable or too slow, the server shutting
	 * down): the same start may succeed in a moment, and the browser module tries again by itself; without it
	 * (bad input, a limit) it does not.
	 *
	 * @param message a human-readable reason, never a stack trace or an internal id
	 * @param retry whether starting again in a moment may succeed
	 */
	record Error(String message, boolean retry) implements ServerMessage {
		public Error {
			Objects.requireNonNull(message, "message");
		}

		/** @param message a human-readable reason; the error is not worth a retry */
		public Error(String message) {
			this(message, false);
		}

		@Override
		public String id() {
			return "error";
		}
	}

	/**
	 * {@code {"id":"mediaState","state":"connecting"}}: how the session's media stands on the media server:
	 * {@code connecting} once the answer is sent, {@code connected} once media from the browser flows in,
	 * {@code failed} when ICE failed or no media came in time (an {@code error} with what to check follows).
	 *
	 * @param state one of {@code connecting}, {@code connected}, {@code failed}
	 */
	record MediaState(String state) implements ServerMessage {

		/** Set up on the media server; the browser's media has not arrived yet. */
		public static final MediaState CONNECTING = new MediaState("connecting");

		/** The browser's media flows into the media server. */
		public static final MediaState CONNECTED = new MediaState("connected");

		/** ICE failed, or no media arrived in time. */
		public static final MediaState FAILED = new MediaState("failed");

		public MediaState {
			Objects.requireNonNull(state, "state");
		}

		@Override
		public String id() {
			return "mediaState";
		}
	}

	/**
	 * {@code {"id":"mediaServerLost","message":"..."}}: the session's media server was lost and the session ended;
	 * sent instead of an {@code error} to a page whose {@code start} asked for it, which starts again by itself (on
	 * another media server, if the application has several).
	 *
	 * @param message what happened, in words, for the page to show if it does not start again
	 */
	record MediaServerLost(String message) implements ServerMessage {
		public MediaServerLost {
			Objects.requireNonNull(message, "message");
		}

		@Override
		public String id() {
			return "mediaServerLost";
		}
	}

	/**
	 * An application event, such as {@code {"id":"plateDetected","plate":"--2748DKR"}}: the fields are written
	 * beside the {@code id}, as the Kurento tutorials do.
	 *
	 * @param id the event's message id; not one of the protocol's own ids
	 * @param fields the event's fields, in order; none may be called {@code id}
	 */
	record AppEvent(String id, Map<String, Object> fields) implements ServerMessage {

		private static final Set<String> RESERVED = Set.of("startResponse", "iceCandidate", "error", "mediaState",
				"mediaServerLost");

		public AppEvent {
			Objects.requireNonNull(id, "id");
			if (id.isBlank() || RESERVED.contains(id)) {
				throw new IllegalArgumentException("'" + id + "' cannot be the id of an application event");
			}
			if (fields.containsKey("id")) {
				throw new IllegalArgumentException("An application event's fields cannot contain 'id'");
			}
			fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
		}

		/**
		 * @param id the event's message id
		 * @param name the single field's name
		 * @param value the single field's value
		 * @return an event with one field
		 */
		public static AppEvent of(String id, String name, Object value) {
			return new AppEvent(id, Map.of(name, value));
		}
	}
}
