package io.github.futuresauth.tradovate.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Tradovate's endpoint limits: per caller address and endpoint, a rolling one-hour window
 * of counted calls, and a back-off that doubles with every violation within the hour.
 */
final class EndpointLimits {

	/**
	 * The window that calls and violations are counted in.
	 */
	static final Duration WINDOW = Duration.ofHours(1);

	/**
	 * The longest back-off, however often the limit was violated.
	 */
	private static final Duration LONGEST_BACK_OFF = Duration.ofHours(1);

	private final Map<Endpoint, Integer> limits;

	private final Map<Key, Deque<Instant>> counted = new HashMap<>();

	private final Map<Key, Deque<Instant>> violations = new HashMap<>();

	/**
	 * Create limits.
	 * @param limits the most calls per hour that each limited endpoint counts before it
	 * refuses calls; an endpoint that is missing is not limited
	 */
	EndpointLimits(Map<Endpoint, Integer> limits) {
		this.limits = (limits.isEmpty()) ? Map.of() : new EnumMap<>(limits);
	}

	/**
	 * Return whether the caller has used up the endpoint's limit within the last hour.
	 * @param endpoint the endpoint
	 * @param address the caller's address
	 * @param now the server time
	 * @return whether the call is to be refused
	 */
	synchronized boolean isExceeded(Endpoint endpoint, String address, Instant now) {
		Integer limit = this.limits.get(endpoint);
		return limit != null && recent(this.counted, new Key(endpoint, address), now).size() >= limit;
	}

	/**
	 * Count a call towards the endpoint's limit.
	 * @param endpoint the endpoint
	 * @param address the caller's address
	 * @param now the server time
	 */
	synchronized void count(Endpoint endpoint, String address, Instant now) {
		if (this.limits.containsKey(endpoint)) {
			recent(this.counted, new Key(endpoint, address), now).addLast(now);
		}
	}

	/**
	 * Record a call beyond the limit and return how long the caller has to back off: the
	 * endpoint's back-off, doubled for every earlier violation within the hour.
	 * @param endpoint the endpoint
	 * @param address the caller's address
	 * @param now the server time
	 * @return the back-off
	 */
	synchronized Duration violate(Endpoint endpoint, String address, Instant now) {
		Deque<Instant> recent = recent(this.violations, new Key(endpoint, address), now);
		int earlier = recent.size();
		recent.addLast(now);
		Duration backOff = endpoint.backOff().multipliedBy(1L << Math.min(earlier, 16));
		return (backOff.compareTo(LONGEST_BACK_OFF) > 0) ? LONGEST_BACK_OFF : backOff;
	}

	synchronized void clear() {
		this.counted.clear();
		this.violations.clear();
	}

	private static Deque<Instant> recent(Map<Key, Deque<Instant>> calls, Key key, Instant now) {
		Deque<Instant> recent = calls.computeIfAbsent(key, (k) -> new ArrayDeque<>());
		Instant windowStart = now.minus(WINDOW);
		while (!recent.isEmpty() && !recent.peekFirst().isAfter(windowStart)) {
			recent.removeFirst();
		}
		return recent;
	}

	/**
	 * An endpoint with a limit per caller address.
	 */
	enum Endpoint {

		/**
		 * {@code auth/accesstokenrequest}, counting failed logins only.
		 */
		LOGIN(Duration.ofSeconds(15)),

		/**
		 * {@code auth/renewaccesstoken}, counting every call.
		 */
		RENEWAL(Duration.ofSeconds(15)),

		/**
		 * {@code auth/me}, counting failed calls only.
		 */
		ME(Duration.ofSeconds(30));

		private final Duration backOff;

		Endpoint(Duration backOff) {
			this.backOff = backOff;
		}

		Duration backOff() {
			return this.backOff;
		}

	}

	private record Key(Endpoint endpoint, String address) {

	}

}
