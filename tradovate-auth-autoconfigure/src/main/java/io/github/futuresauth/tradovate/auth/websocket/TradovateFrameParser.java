package io.github.futuresauth.tradovate.auth.websocket;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import org.springframework.util.Assert;

/**
 * Parses the text frames of a Tradovate WebSocket into {@link TradovateFrame frames}.
 * Thread-safe.
 * <p>
 * Messages in an {@code a} frame that carry an id ({@code i}) become
 * {@link TradovateResponse responses}; those that carry an event name ({@code e}) become
 * {@link TradovateEvent events}; others are skipped, so that new kinds of messages do not
 * break the client.
 */
public class TradovateFrameParser {

	private static final TradovateFrame OPEN = new TradovateFrame.Open();

	private static final TradovateFrame HEARTBEAT = new TradovateFrame.Heartbeat();

	private final ObjectMapper objectMapper;

	/**
	 * Create a parser with a default {@link JsonMapper}.
	 */
	public TradovateFrameParser() {
		this(JsonMapper.shared());
	}

	/**
	 * Create a parser that reads JSON with the given mapper.
	 * @param objectMapper the mapper
	 */
	public TradovateFrameParser(ObjectMapper objectMapper) {
		Assert.notNull(objectMapper, "ObjectMapper must not be null");
		this.objectMapper = objectMapper;
	}

	/**
	 * Parse one text frame.
	 * @param frame the frame's text
	 * @return the frame
	 * @throws IllegalArgumentException if the frame is empty, starts with an unknown
	 * letter, or does not hold the JSON that its letter announces; the message never
	 * quotes the frame
	 */
	public TradovateFrame parse(String frame) {
		Assert.notNull(frame, "Frame must not be null");
		if (frame.isEmpty()) {
			throw new IllegalArgumentException("Empty frame");
		}
		char type = frame.charAt(0);
		return switch (type) {
			case 'o' -> OPEN;
			case 'h' -> HEARTBEAT;
			case 'a' -> new TradovateFrame.Messages(messages(readArray(frame, type)));
			// Tradovate sends a bare "c" too, without code or reason.
			case 'c' -> (frame.length() == 1) ? new TradovateFrame.Closed(0, "") : closed(readArray(frame, type));
			default -> throw new IllegalArgumentException("Unknown frame type '" + type + "'");
		};
	}

	private JsonNode readArray(String frame, char type) {
		JsonNode array;
		try {
			array = this.objectMapper.readTree(frame.substring(1));
		}
		catch (JacksonException ex) {
			// Neither Jackson's message nor the exception as cause: they quote the frame.
			throw new IllegalArgumentException("Frame '" + type + "' does not hold valid JSON");
		}
		if (array == null || !array.isArray()) {
			throw new IllegalArgumentException("Frame '" + type + "' does not hold a JSON array");
		}
		return array;
	}

	private static List<TradovateMessage> messages(JsonNode array) {
		List<TradovateMessage> messages = new ArrayList<>(array.size());
		for (JsonNode message : array.values()) {
			if (!message.isObject()) {
				continue;
			}
			JsonNode data = message.get("d");
			JsonNode id = message.get("i");
			if (id != null && id.isNumber()) {
				messages.add(new TradovateResponse(id.asLong(), message.path("s").asInt(0), data));
				continue;
			}
			JsonNode event = message.get("e");
			if (event != null && event.isString()) {
				messages
					.add(new TradovateEvent(event.stringValue(), (data != null) ? data : MissingNode.getInstance()));
			}
		}
		return messages;
	}

	private static TradovateFrame closed(JsonNode array) {
		int code = (array.size() > 0) ? array.get(0).asInt(0) : 0;
		String reason = (array.size() > 1) ? array.get(1).asString("") : "";
		return new TradovateFrame.Closed(code, reason);
	}

}
