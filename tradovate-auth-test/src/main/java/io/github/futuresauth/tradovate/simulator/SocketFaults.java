package io.github.futuresauth.tradovate.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults that a test asked the simulated sockets for, each used up as it happens.
 * Endpoints are compared without regard to case.
 */
final class SocketFaults {

	final AtomicInteger authorizationsToRefuse = new AtomicInteger();

	final AtomicInteger requestsToRateLimit = new AtomicInteger();

	volatile Duration rateLimitTime = Duration.ZERO;

	final AtomicInteger responsesToDelay = new AtomicInteger();

	volatile Duration responseDelay = Duration.ZERO;

	volatile boolean refuseMarketDataTokens;

	private final Map<String, Fault> byEndpoint = new ConcurrentHashMap<>();

	void add(String endpoint, Fault fault) {
		this.byEndpoint.put(endpoint.toLowerCase(Locale.ROOT), fault);
	}

	/**
	 * Take one use of the fault set for the endpoint.
	 * @param endpoint the endpoint, or {@code authorize}
	 * @return the fault, or {@code null} when none is left
	 */
	Fault take(String endpoint) {
		String key = endpoint.toLowerCase(Locale.ROOT);
		Fault fault = this.byEndpoint.get(key);
		if (fault == null) {
			return null;
		}
		if (fault.remaining().decrementAndGet() <= 0) {
			this.byEndpoint.remove(key, fault);
		}
		return fault;
	}

	void reset() {
		this.authorizationsToRefuse.set(0);
		this.requestsToRateLimit.set(0);
		this.responsesToDelay.set(0);
		this.refuseMarketDataTokens = false;
		this.byEndpoint.clear();
	}

	/**
	 * What to do to the next requests to an endpoint.
	 *
	 * @param kind what to do
	 * @param remaining how many requests are left to do it to
	 * @param time the delay or the {@code p-time}
	 */
	record Fault(Kind kind, AtomicInteger remaining, Duration time) {

		static Fault of(Kind kind, int count, Duration time) {
			return new Fault(kind, new AtomicInteger(count), time);
		}

	}

	enum Kind {

		/**
		 * Answer after a delay.
		 */
		DELAY,

		/**
		 * Never answer.
		 */
		IGNORE,

		/**
		 * Answer with a time penalty.
		 */
		PENALTY,

		/**
		 * Answer {@code 429}.
		 */
		TOO_MANY_REQUESTS

	}

}
