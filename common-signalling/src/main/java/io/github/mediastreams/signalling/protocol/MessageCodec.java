package io.github.mediastreams.signalling.protocol;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads browser messages and writes server messages as JSON text. Thread-safe; free of Spring, so it serves a
 * plain Jakarta WebSocket endpoint as well.
 */
public final class MessageCodec {

	private final ObjectMapper mapper;

	/** A codec with its own JSON mapper. */
	public MessageCodec() {
		this(JsonMapper.builder().build());
	}

	/** @param mapper the JSON mapper to use */
	public MessageCodec(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * @param text a text frame from the browser
	 * @return the message it holds
	 * @throws InvalidMessageException if the text is not a protocol message; the exception says why in words for a
	 *         person
	 */
	public ClientMessage decode(String text) throws InvalidMessageException {
		if (text.isBlank()) {
			throw new InvalidMessageException("The message is empty");
		}
		JsonNode node;
		try {
			node = this.mapper.readTree(text);
		}
		catch (JacksonException ex) {
			throw new InvalidMessageException("The message is not valid JSON");
		}
		if (node == null || !node.isObject()) {
			throw new InvalidMessageException("The message must be a JSON object");
		}
		JsonNode id = node.get("id");
		if (id == null || id.isNull()) {
			throw new InvalidMessageException("The message has no 'id'");
		}
		if (!id.isString()) {
			throw new InvalidMessageException("The message 'id' must be a string");
		}
		return switch (id.asString()) {
			case "start" -> new ClientMessage.Start(requiredString(node, "start", "sdpOffer"),
					optionalBoolean(node, "start", "restartOnMediaServerLoss"));
			case "onIceCandidate" -> new ClientMessage.OnIceCandidate(candidate(node.get("candidate")));
			case "stop" -> new ClientMessage.Stop();
			default -> throw new InvalidMessageException("Unknown message id '" + abbreviate(id.asString())
					+ "'; expected one of start, onIceCandidate, stop");
		};
	}

	/**
	 * @param message a message for the browser
	 * @return its JSON text
	 */
	public String encode(ServerMessage message) {
		ObjectNode node = this.mapper.createObjectNode();
		node.put("id", message.id());
		if (message instanceof ServerMessage.StartResponse m) {
			node.put("sdpAnswer", m.sdpAnswer());
		}
		else if (message instanceof ServerMessage.IceCandidateFound m) {
			node.set("candidate", this.mapper.valueToTree(m.candidate()));
		}
		else if (message instanceof ServerMessage.Error m) {
			node.put("message", m.message());
			if (m.retry()) {
				node.put("retry", true);
			}
		}
		else if (message instanceof ServerMessage.MediaState m) {
			node.put("state", m.state());
		}
		else if (message instanceof ServerMessage.MediaServerLost m) {
			node.put("message", m.message());
		}
		else if (message instanceof ServerMessage.AppEvent m) {
			for (Map.Entry<String, Object> field : m.fields().entrySet()) {
				node.set(field.getKey(), this.mapper.valueToTree(field.getValue()));
			}
		}
		return this.mapper.writeValueAsString(node);
	}

	private static IceCandidate candidate(JsonNode node) throws InvalidMessageException {
		if (node == null || node.isNull()) {
			throw new InvalidMessageException("'onIceCandidate' needs a 'candidate' object");
		}
		if (!node.isObject()) {
			throw new InvalidMessageException("'onIceCandidate' needs 'candidate' to be an object");
		}
		String line = requiredString(node, "onIceCandidate", "candidate.candidate", node.get("candidate"));
		if (line.length() > IceCandidate.MAX_LINE_LENGTH) {
			throw new InvalidMessageException("'onIceCandidate' needs 'candidate.candidate' of at most "
					+ IceCandidate.MAX_LINE_LENGTH + " characters");
		}
		JsonNode mid = node.get("sdpMid");
		if (mid != null && !mid.isNull() && !mid.isString()) {
			throw new InvalidMessageException("'onIceCandidate' needs 'candidate.sdpMid' to be a string");
		}
		if (mid != null && mid.isString() && mid.asString().length() > IceCandidate.MAX_MID_LENGTH) {
			throw new InvalidMessageException("'onIceCandidate' needs 'candidate.sdpMid' of at most "
					+ IceCandidate.MAX_MID_LENGTH + " characters");
		}
		JsonNode index = node.get("sdpMLineIndex");
		if (index == null || !index.canConvertToInt() || !index.isIntegralNumber() || index.asInt() < 0) {
			throw new InvalidMessageException(
					"'onIceCandidate' needs 'candidate.sdpMLineIndex' to be a whole number from 0");
		}
		return new IceCandidate(line, mid == null || mid.isNull() ? null : mid.asString(), index.asInt());
	}

	private static boolean optionalBoolean(JsonNode parent, String messageId, String field)
			throws InvalidMessageException {
		JsonNode value = parent.get(field);
		if (value == null || value.isNull()) {
			return false;
		}
		if (!value.isBoolean()) {
			throw new InvalidMessageException("'" + messageId + "' needs '" + field + "' to be true or false");
		}
		return value.asBoolean();
	}

	private static String requiredString(JsonNode parent, String messageId, String field)
			throws InvalidMessageException {
		return requiredString(parent, messageId, field, parent.get(field));
	}

	private static String requiredString(JsonNode parent, String messageId, String field, JsonNode value)
			throws InvalidMessageException {
		if (value == null || value.isNull()) {
			throw new InvalidMessageException("'" + messageId + "' needs '" + field + "'");
		}
		if (!value.isString()) {
			throw new InvalidMessageException("'" + messageId + "' needs '" + field + "' to be a string");
		}
		if (value.asString().isBlank()) {
			throw new InvalidMessageException("'" + messageId + "' needs a non-empty '" + field + "'");
		}
		return value.asString();
	}

	// Echoing an attacker-sized id back would make the error message itself a vector.
	private static String abbreviate(String text) {
		return text.length() <= 40 ? text : text.substring(0, 40) + "…";
	}
}
