package io.github.futuresauth.tradovate.auth.websocket;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which requests of a socket Tradovate asked to hold, and until when. A time penalty
 * ({@code p-ticket}, {@code p-time}) holds requests to its endpoint only, so that
 * cancelling an order is never held by a penalty on quotes; a {@code 429} holds every
 * request of the socket. Thread-safe.
 */
final class RequestHolds {

	/**
	 * Requests that change orders or positions: sent twice, they could trade twice, so
	 * they are never repeated without the caller's decision.
	 */
	private static final List<String> NEVER_REPEATED = List.of("order/place", "order/modify", "order/liquidate",
			"order/exit", "orderstrategy/start", "orderstrategy/modify", "orderstrategy/interrupt");

	private final Map<String, Instant> endpoints = new ConcurrentHashMap<>();

	private volatile @Nullable Instant all;

	/**
	 * Return until when requests to the endpoint are held.
	 * @param endpoint the endpoint
	 * @param now the time now
	 * @return the end of the hold, or {@code null} when they are not held
	 */
	@Nullable Instant heldUntil(String endpoint, Instant now) {
		Instant all = this.all;
		Instant one = this.endpoints.get(key(endpoint));
		Instant until = (all == null || (one != null && one.isAfter(all))) ? one : all;
		return (until != null && now.isBefore(until)) ? until : null;
	}

	/**
	 * Return until when every request is held.
	 * @param now the time now
	 * @return the end of the hold, or {@code null}
	 */
	@Nullable Instant allHeldUntil(Instant now) {
		Instant all = this.all;
		return (all != null && now.isBefore(all)) ? all : null;
	}

	void holdEndpoint(String endpoint, Instant until) {
		this.endpoints.merge(key(endpoint), until, (a, b) -> a.isAfter(b) ? a : b);
	}

	void holdAll(Instant until) {
		synchronized (this) {
			Instant current = this.all;
			if (current == null || until.isAfter(current)) {
				this.all = until;
			}
		}
	}

	/**
	 * Return whether a request may be sent again after a penalty: not one that places,
	 * modifies or liquidates orders.
	 * @param endpoint the endpoint
	 * @return whether it may be repeated
	 */
	static boolean mayRepeat(String endpoint) {
		String key = key(endpoint);
		return NEVER_REPEATED.stream().noneMatch(key::startsWith);
	}

	/**
	 * Return the body with Tradovate's penalty ticket added, as it asks for the request
	 * sent again.
	 * @param body the request's JSON body, or {@code null}
	 * @param ticket the ticket
	 * @return the body with {@code "p-ticket"}, or {@code null} when the body is not a
	 * JSON object
	 */
	static @Nullable String withTicket(@Nullable String body, String ticket) {
		JsonMapper json = JsonMapper.shared();
		ObjectNode object;
		if (body == null || body.isBlank()) {
			object = json.createObjectNode();
		}
		else {
			try {
				JsonNode node = json.readTree(body);
				if (!(node instanceof ObjectNode parsed)) {
					return null;
				}
				object = parsed;
			}
			catch (JacksonException ex) {
				return null;
			}
		}
		object.put("p-ticket", ticket);
		return json.writeValueAsString(object);
	}

	private static String key(String endpoint) {
		return endpoint.toLowerCase(Locale.ROOT);
	}

}
