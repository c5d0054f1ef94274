package io.github.mediastreams.benchmark;

import java.util.Map;

import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The browser's messages, written once, and the one thing the benchmark reads from the app's: the {@code id}.
 */
final class SignallingMessages {

	/** A {@code start} with the SDP offer of a real Chromium. */
	static final String START = JsonMapper.builder()
		.build()
		.writeValueAsString(Map.of("id", "start", "sdpOffer", SignallingClient.chromiumOffer()));

	/** The same {@code start} as media-streams.js sends it: the page starts again by itself on a lost server. */
	static final String START_RESTARTING = JsonMapper.builder()
		.build()
		.writeValueAsString(Map.of("id", "start", "sdpOffer", SignallingClient.chromiumOffer(),
				"restartOnMediaServerLoss", true));

	static final String STOP = "{\"id\":\"stop\"}";

	private static final String ID_KEY = "\"id\":\"";

	private SignallingMessages() {
	}

	/**
	 * Reads the {@code id} of a server message without parsing the rest: the app writes it first, and the
	 * benchmark's own JSON work should not weigh on the two cores it shares with the app.
	 * @param text a message from the app
	 * @return its id, or an empty string if it has none
	 */
	static String idOf(CharSequence text) {
		String head = text.subSequence(0, Math.min(text.length(), 64)).toString();
		int from = head.indexOf(ID_KEY);
		if (from < 0) {
			return "";
		}
		from += ID_KEY.length();
		int to = head.indexOf('"', from);
		return to < 0 ? "" : head.substring(from, to);
	}
}
