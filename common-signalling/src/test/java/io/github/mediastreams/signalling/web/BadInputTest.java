package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.JsonNode;

/**
 * Every bad input of docs/reliability.md: each gets an {@code error} a person can read, the connection stays
 * usable (a start then works), another user's session is untouched, and nothing is left on the media server.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.min-start-interval=0s" })
class BadInputTest extends AppUnderTest {

	private SignallingClient bystander;

	private String bystanderPipeline;

	@BeforeEach
	void startAnotherUsersSession() {
		awaitMediaServer();
		kms.reset(true);
		this.bystander = startedBrowser();
		this.bystanderPipeline = kms.liveObjectIds("MediaPipeline").get(0);
	}

	@AfterEach
	void closeIt() {
		this.bystander.close();
		awaitNothingLeft();
	}

	static Stream<Arguments> badInputs() {
		String candidate = "{\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
		return Stream.of(
				row("not JSON", (c) -> c.sendText("this is not json"), "The message is not valid JSON"),
				row("truncated JSON", (c) -> c.sendText("{\"id\":\"start\",\"sdpOffer\":\"v=0"),
						"The message is not valid JSON"),
				row("an empty frame", (c) -> c.sendText(""), "The message is empty"),
				row("a JSON array", (c) -> c.sendText("[{\"id\":\"stop\"}]"), "The message must be a JSON object"),
				row("a JSON string", (c) -> c.sendText("\"start\""), "The message must be a JSON object"),
				row("a JSON number", (c) -> c.sendText("42"), "The message must be a JSON object"),
				row("no id", (c) -> c.sendText("{\"sdpOffer\":\"v=0\"}"), "The message has no 'id'"),
				row("an unknown id", (c) -> c.sendText("{\"id\":\"restart\"}"),
						"Unknown message id 'restart'; expected one of start, onIceCandidate, stop"),
				row("an id that is a number", (c) -> c.sendText("{\"id\":1}"), "The message 'id' must be a string"),
				row("an id that is an object", (c) -> c.sendText("{\"id\":{\"name\":\"start\"}}"),
						"The message 'id' must be a string"),
				row("start without sdpOffer", (c) -> c.sendText("{\"id\":\"start\"}"), "'start' needs 'sdpOffer'"),
				row("start with an sdpOffer that is not a string",
						(c) -> c.sendText("{\"id\":\"start\",\"sdpOffer\":{\"sdp\":\"v=0\"}}"),
						"'start' needs 'sdpOffer' to be a string"),
				row("start with an empty sdpOffer", (c) -> c.sendText("{\"id\":\"start\",\"sdpOffer\":\"\"}"),
						"'start' needs a non-empty 'sdpOffer'"),
				row("an oversize message", (c) -> c.start(OFFER + "a=x-padding:" + "x".repeat(70_000) + "\r\n"),
						"The message is too large \\(\\d+ bytes; at most 65536\\)"),
				row("a 1 MB message", (c) -> c.start("x".repeat(1024 * 1024)),
						"The message is too large \\(\\d+ bytes; at most 65536\\)"),
				row("an SDP offer the media server rejects", (c) -> c.start("v=0 this is not an SDP offer"),
						"The media server could not read the SDP offer"),
				row("onIceCandidate without candidate", (c) -> c.sendText("{\"id\":\"onIceCandidate\"}"),
						"'onIceCandidate' needs a 'candidate' object"),
				row("onIceCandidate with a candidate that is a string",
						(c) -> c.sendText("{\"id\":\"onIceCandidate\",\"candidate\":\"candidate:1 1 udp\"}"),
						"'onIceCandidate' needs 'candidate' to be an object"),
				row("onIceCandidate without the candidate line",
						(c) -> c.sendText("{\"id\":\"onIceCandidate\",\"candidate\":{\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}"),
						"'onIceCandidate' needs 'candidate.candidate'"),
				row("onIceCandidate with an sdpMid that is a number",
						(c) -> c.sendText("{\"id\":\"onIceCandidate\",\"candidate\":{\"candidate\":\"candidate:1\",\"sdpMid\":0,\"sdpMLineIndex\":0}}"),
						"'onIceCandidate' needs 'candidate.sdpMid' to be a string"),
				row("onIceCandidate with a negative sdpMLineIndex",
						(c) -> c.sendText("{\"id\":\"onIceCandidate\",\"candidate\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":-3}}"),
						"'onIceCandidate' needs 'candidate.sdpMLineIndex' to be a whole number from 0"),
				row("onIceCandidate with an sdpMLineIndex that is text",
						(c) -> c.sendText("{\"id\":\"onIceCandidate\",\"candidate\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":\"zero\"}}"),
						"'onIceCandidate' needs 'candidate.sdpMLineIndex' to be a whole number from 0"),
				row("onIceCandidate with an overlong candidate line",
						(c) -> c.iceCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host " + "x".repeat(1100), "0", 0),
						"'onIceCandidate' needs 'candidate.candidate' of at most 1024 characters"),
				row("onIceCandidate with an overlong sdpMid",
						(c) -> c.iceCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "m".repeat(65), 0),
						"'onIceCandidate' needs 'candidate.sdpMid' of at most 64 characters"),
				row("a flood of candidates before start", (c) -> {
					for (int i = 0; i <= 100; i++) {
						c.sendText("{\"id\":\"onIceCandidate\",\"candidate\":" + candidate + "}");
					}
				}, "Too many ICE candidates before the session started \\(at most 100\\)"),
				row("stop without start", (c) -> c.stop(), "There is no session to stop"),
				row("a message after stop: stop again", (c) -> {
					c.start(OFFER);
					c.await("startResponse");
					c.stop();
					c.stop();
				}, "There is no session to stop"),
				row("a binary frame", (c) -> c.sendBinary(new byte[] { 0x7b, 0x7d }),
						"Binary messages are not supported; send JSON text"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInputs")
	void getsAClearErrorAndHarmsNoOne(String name, Consumer<SignallingClient> input, String expected) {
		try (SignallingClient browser = browser()) {
			input.accept(browser);

			JsonNode error = browser.await("error");
			assertThat(error.path("message").asString()).matches(expected);
			assertHumanReadable(error);

			// The connection is still usable: the same browser can start a session now.
			browser.start(OFFER);
			browser.await("startResponse");
			assertThat(browser.isClosed()).isFalse();
			assertThat(kms.liveObjectIds("MediaPipeline")).contains(this.bystanderPipeline).hasSize(2);
		}
		// Only the other user's session is left: its pipeline and endpoint.
		awaitOnlyLeft(1, 2);
		assertThat(kms.liveObjectIds("MediaPipeline")).containsExactly(this.bystanderPipeline);
		assertThat(this.bystander.received("error")).isEmpty();
	}

	private static Arguments row(String name, Consumer<SignallingClient> input, String expected) {
		return Arguments.of(name, input, expected);
	}
}
