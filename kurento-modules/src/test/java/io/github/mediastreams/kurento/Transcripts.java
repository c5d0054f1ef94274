package io.github.mediastreams.kurento;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The recordings of a real KMS 7.3 in src/test/resources/kms-transcripts, and JSON compared as KMS reads it. */
public final class Transcripts {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private Transcripts() {
	}

	/** @return the messages of a recording, in order: the {@code msg} of each line */
	public static List<JsonNode> messages(String file) {
		try (InputStream in = Transcripts.class.getResourceAsStream("/kms-transcripts/" + file)) {
			if (in == null) {
				throw new IllegalArgumentException("No recording " + file);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank())
				.map((line) -> JSON.readTree(line).path("msg"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the {@code params.value} of each {@code onEvent} of that type in a recording: object, type, data */
	public static List<JsonNode> events(String file, String type) {
		return messages(file).stream()
			.filter((message) -> "onEvent".equals(message.path("method").asString()))
			.map((message) -> message.path("params").path("value"))
			.filter((value) -> type.equals(value.path("type").asString()))
			.toList();
	}

	/** @return the {@code params} of the recorded {@code create} of that type */
	public static JsonNode create(String file, String type) {
		return messages(file).stream()
			.filter((message) -> "create".equals(message.path("method").asString()))
			.map((message) -> message.path("params"))
			.filter((params) -> type.equals(params.path("type").asString()))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No create " + type + " in " + file));
	}

	/**
	 * @param value JSON, or plain Java values (maps, lists, strings, numbers) as the double records them
	 * @return the same JSON with numbers as doubles: KMS reads {@code 0}, {@code 0.0} and {@code 0.0f} alike
	 */
	public static JsonNode asKmsReadsIt(Object value) {
		return numbersAsDoubles(value instanceof JsonNode node ? node : JSON.valueToTree(value));
	}

	/**
	 * @param value JSON, or plain Java values
	 * @return its shape: each value replaced by its JSON type (string, number, boolean, …), keys and arrays kept
	 */
	public static JsonNode shape(Object value) {
		JsonNode node = value instanceof JsonNode json ? json : JSON.valueToTree(value);
		if (node.isObject()) {
			ObjectNode shape = JSON.createObjectNode();
			node.properties().forEach((field) -> shape.set(field.getKey(), shape(field.getValue())));
			return shape;
		}
		if (node.isArray()) {
			ArrayNode shape = JSON.createArrayNode();
			StreamSupport.stream(node.spliterator(), false).forEach((item) -> shape.add(shape(item)));
			return shape;
		}
		return JSON.getNodeFactory().stringNode(node.getNodeType().name().toLowerCase());
	}

	private static JsonNode numbersAsDoubles(JsonNode node) {
		if (node.isNumber()) {
			return JSON.getNodeFactory().numberNode(node.asDouble());
		}
		if (node.isArray()) {
			ArrayNode array = JSON.createArrayNode();
			node.forEach((item) -> array.add(numbersAsDoubles(item)));
			return array;
		}
		if (node.isObject()) {
			ObjectNode object = JSON.createObjectNode();
			node.properties().forEach((field) -> object.set(field.getKey(), numbersAsDoubles(field.getValue())));
			return object;
		}
		return node;
	}
}
