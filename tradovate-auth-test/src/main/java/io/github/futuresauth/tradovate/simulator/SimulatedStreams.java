package io.github.futuresauth.tradovate.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event streams of the simulated sockets, each numbered on its own, so that every
 * socket subscribed to a stream receives the same numbers: {@code user:<accountId>}
 * ({@code props}), {@code quote:<symbol>} ({@code md}) and
 * {@code chart:<symbol>:<realtimeId>} ({@code chart}).
 */
final class SimulatedStreams {

	private final JsonMapper json = JsonMapper.shared();

	private final Map<String, AtomicLong> numbers = new ConcurrentHashMap<>();

	/**
	 * Push the next event of every stream that a socket subscribed to.
	 * @param sockets the open sockets
	 */
	void push(Iterable<SimulatedSocket> sockets) {
		Map<String, List<SimulatedSocket>> subscribers = new HashMap<>();
		for (SimulatedSocket socket : sockets) {
			for (String stream : socket.streams) {
				subscribers.computeIfAbsent(stream, (key) -> new ArrayList<>()).add(socket);
			}
		}
		subscribers.forEach((stream, subscribed) -> {
			long seq = this.numbers.computeIfAbsent(stream, (key) -> new AtomicLong()).incrementAndGet();
			String frame = "a[" + event(stream, seq) + "]";
			subscribed.forEach((socket) -> socket.send(frame));
		});
	}

	private String event(String stream, long seq) {
		ObjectNode event = this.json.createObjectNode();
		if (stream.startsWith("user:")) {
			event.put("e", "props");
			ObjectNode data = event.putObject("d");
			data.put("entityType", "cashBalance");
			data.put("eventType", "Updated");
			// Tradovate may hand several entities in one event: an array.
			ObjectNode entity = data.putArray("entity").addObject();
			entity.put("id", seq);
			entity.put("accountId", Long.parseLong(stream.substring("user:".length())));
			entity.put("seq", seq);
			entity.put("amount", 50_000 + seq);
		}
		else if (stream.startsWith("chart:")) {
			event.put("e", "chart");
			ObjectNode chart = event.putObject("d").putArray("charts").addObject();
			chart.put("id", Long.parseLong(stream.substring(stream.lastIndexOf(':') + 1)));
			chart.putArray("bars").addObject().put("seq", seq).put("close", 6000.25 + (seq % 8) * 0.25);
		}
		else {
			event.put("e", "md");
			ObjectNode quote = event.putObject("d").putArray("quotes").addObject();
			quote.put("symbol", stream.substring("quote:".length()));
			quote.put("seq", seq);
			quote.putObject("entries").putObject("Trade").put("price", 6000.25 + (seq % 8) * 0.25).put("size", 1);
		}
		return event.toString();
	}

}
