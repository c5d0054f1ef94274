package io.github.mediastreams.signalling.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MessageCodecTest {

	private final MessageCodec codec = new MessageCodec();

	@Test
	void readsTheTutorialsMessages() throws InvalidMessageException {
		assertThat(this.codec.decode("{\"id\":\"start\",\"sdpOffer\":\"v=0\\r\\n\"}"))
			.isEqualTo(new ClientMessage.Start("v=0\r\n"));
		assertThat(this.codec.decode(
				"{\"id\":\"onIceCandidate\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 10.0.0.1 5000 typ host\","
						+ "\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"abcd\"}}"))
			.isEqualTo(new ClientMessage.OnIceCandidate(
					new IceCandidate("candidate:1 1 udp 1 10.0.0.1 5000 typ host", "0", 0)));
		assertThat(this.codec.decode("{\"id\":\"stop\"}")).isEqualTo(new ClientMessage.Stop());
	}

	@Test
	void aCandidateWithoutMidIsAccepted() throws InvalidMessageException {
		assertThat(this.codec.decode("{\"id\":\"onIceCandidate\",\"candidate\":{\"candidate\":\"candidate:1\",\"sdpMLineIndex\":1}}"))
			.isEqualTo(new ClientMessage.OnIceCandidate(new IceCandidate("candidate:1", null, 1)));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			this is not json                                   | The message is not valid JSON
			{"id":"start"                                      | The message is not valid JSON
			[1,2,3]                                            | The message must be a JSON object
			"start"                                            | The message must be a JSON object
			{}                                                 | The message has no 'id'
			{"id":null}                                        | The message has no 'id'
			{"id":42}                                          | The message 'id' must be a string
			{"id":{"a":1}}                                     | The message 'id' must be a string
			{"id":"hello"}                                     | Unknown message id 'hello'; expected one of start, onIceCandidate, stop
			{"id":"start"}                                     | 'start' needs 'sdpOffer'
			{"id":"start","sdpOffer":7}                        | 'start' needs 'sdpOffer' to be a string
			{"id":"start","sdpOffer":"  "}                     | 'start' needs a non-empty 'sdpOffer'
			{"id":"onIceCandidate"}                            | 'onIceCandidate' needs a 'candidate' object
			{"id":"onIceCandidate","candidate":"x"}            | 'onIceCandidate' needs 'candidate' to be an object
			{"id":"onIceCandidate","candidate":{}}             | 'onIceCandidate' needs 'candidate.candidate'
			{"id":"onIceCandidate","candidate":{"candidate":1,"sdpMLineIndex":0}} | 'onIceCandidate' needs 'candidate.candidate' to be a string
			{"id":"onIceCandidate","candidate":{"candidate":"c","sdpMid":5,"sdpMLineIndex":0}} | 'onIceCandidate' needs 'candidate.sdpMid' to be a string
			{"id":"onIceCandidate","candidate":{"candidate":"c","sdpMid":"0"}} | 'onIceCandidate' needs 'candidate.sdpMLineIndex' to be a whole number from 0
			{"id":"onIceCandidate","candidate":{"candidate":"c","sdpMid":"0","sdpMLineIndex":-1}} | 'onIceCandidate' needs 'candidate.sdpMLineIndex' to be a whole number from 0
			{"id":"onIceCandidate","candidate":{"candidate":"c","sdpMid":"0","sdpMLineIndex":1.5}} | 'onIceCandidate' needs 'candidate.sdpMLineIndex' to be a whole number from 0
			""")
	void explainsWhatIsWrongWithABadMessage(String text, String reason) {
		assertThatThrownBy(() -> this.codec.decode(text)).isInstanceOf(InvalidMessageException.class)
			.hasMessage(reason);
	}

	@Test
	void saysSoWhenTheMessageIsEmpty() {
		assertThatThrownBy(() -> this.codec.decode("  ")).hasMessage("The message is empty");
	}

	@Test
	void doesNotEchoAHugeUnknownId() {
		String id = "x".repeat(10_000);
		assertThatThrownBy(() -> this.codec.decode("{\"id\":\"" + id + "\"}"))
			.hasMessageStartingWith("Unknown message id 'xxxxxxxx")
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(120));
	}

	@Test
	void writesTheTutorialsMessages() {
		assertThat(json(new ServerMessage.StartResponse("v=0\r\n")))
			.isEqualTo(json("{\"id\":\"startResponse\",\"sdpAnswer\":\"v=0\\r\\n\"}"));
		assertThat(json(new ServerMessage.IceCandidateFound(new IceCandidate("candidate:1", "1", 1))))
			.isEqualTo(json("{\"id\":\"iceCandidate\",\"candidate\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"1\",\"sdpMLineIndex\":1}}"));
		assertThat(json(new ServerMessage.Error("Nope"))).isEqualTo(json("{\"id\":\"error\",\"message\":\"Nope\"}"));
		assertThat(json(new ServerMessage.Error("Later", true)))
			.isEqualTo(json("{\"id\":\"error\",\"message\":\"Later\",\"retry\":true}"));
		assertThat(json(ServerMessage.AppEvent.of("plateDetected", "plate", "--2748DKR")))
			.isEqualTo(json("{\"id\":\"plateDetected\",\"plate\":\"--2748DKR\"}"));
		assertThat(json(new ServerMessage.AppEvent("crowdOccupancy", Map.of("roiId", "roi0", "level", 2))))
			.isEqualTo(json("{\"id\":\"crowdOccupancy\",\"roiId\":\"roi0\",\"level\":2}"));
	}

	@Test
	void anAppEventCannotPoseAsAProtocolMessage() {
		assertThatThrownBy(() -> ServerMessage.AppEvent.of("error", "message", "fake"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new ServerMessage.AppEvent("plateDetected", Map.of("id", "x")))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private JsonNode json(ServerMessage message) {
		return json(this.codec.encode(message));
	}

	private static JsonNode json(String text) {
		return JsonMapper.builder().build().readTree(text);
	}
}
