package io.github.mediastreams.kurento.crowddetector;

import java.util.LinkedHashMap;
import java.util.Map;

/** KMS's complex types as kurento-client sends them: an object tagged with its {@code __module__} and {@code __type__}. */
final class ComplexTypes {

	static final String MODULE = "crowddetector";

	private ComplexTypes() {
	}

	/** @return a new object of the module's type, to which the fields are added in order */
	static Map<String, Object> tagged(String type) {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("__module__", MODULE);
		value.put("__type__", type);
		return value;
	}
}
