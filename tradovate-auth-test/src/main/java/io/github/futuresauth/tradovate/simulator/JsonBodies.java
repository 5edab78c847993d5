package io.github.futuresauth.tradovate.simulator;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the JSON bodies of requests, which a client may get wrong in any way: what is not
 * a JSON object is no request at all.
 */
final class JsonBodies {

	private JsonBodies() {
	}

	/**
	 * Read a body that should hold one JSON object.
	 * @param objectMapper the mapper
	 * @param body the body
	 * @return the object, or {@code null} when the body is not one
	 */
	static @Nullable JsonNode readObject(ObjectMapper objectMapper, byte[] body) {
		try {
			JsonNode json = objectMapper.readTree(body);
			return (json != null && json.isObject()) ? json : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
