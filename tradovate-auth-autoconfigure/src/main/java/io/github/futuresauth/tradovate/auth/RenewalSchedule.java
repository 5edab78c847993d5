package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * When to renew a token, and when to try again after a renewal failed. All instants are
 * in Tradovate's time, the time of {@code expirationTime}.
 * <p>
 * A token is renewed the {@link #getMargin() margin} before it expires, but never earlier
 * than half way through its remaining life, so that a margin longer than the lifetime
 * cannot cause a renewal storm; up to a tenth of that lead is taken off at random, so
 * that many instances do not renew in step. A retry after a failure comes after the
 * back-off's delay, but never later than half way to expiry: a retry after expiry is
 * wasted, and one more renewal before it keeps the session.
 */
public class RenewalSchedule {

	/** Below this, there is no time left for a retry before expiry. */
	static final Duration SHORTEST_RETRY = Duration.ofMillis(100);

	private final Duration margin;

	/**
	 * Create a schedule.
	 * @param margin how long before expiry to renew
	 */
	public RenewalSchedule(Duration margin) {
		Assert.isTrue(margin != null && !margin.isNegative() && !margin.isZero(), "Renewal margin must be positive");
		this.margin = margin;
	}

	/**
	 * Return how long before expiry a token is renewed.
	 * @return the margin
	 */
	public Duration getMargin() {
		return this.margin;
	}

	/**
	 * Return when to renew a token.
	 * @param expirationTime when the token expires
	 * @param now the current instant
	 * @return when to renew it
	 */
	public Instant renewalTime(Instant expirationTime, Instant now) {
		Duration lead = lead(expirationTime, now);
		long jitterMillis = ThreadLocalRandom.current().nextLong(lead.toMillis() / 10 + 1);
		return expirationTime.minus(lead).minusMillis(jitterMillis);
	}

	private Duration lead(Instant expirationTime, Instant now) {
		Duration remaining = Duration.between(now, expirationTime);
		if (remaining.isNegative()) {
			remaining = Duration.ZERO;
		}
		Duration half = remaining.dividedBy(2);
		return (this.margin.compareTo(half) < 0) ? this.margin : half;
	}

	/**
	 * Return when to try a failed renewal again.
	 * @param expirationTime when the token expires
	 * @param now the current instant
	 * @param delay the back-off's delay
	 * @return when to try again, or {@code null} when no time is left before expiry
	 */
	public @Nullable Instant retryTime(Instant expirationTime, Instant now, Duration delay) {
		Duration half = Duration.between(now, expirationTime).dividedBy(2);
		if (half.compareTo(SHORTEST_RETRY) < 0) {
			return null;
		}
		return now.plus((delay.compareTo(half) < 0) ? delay : half);
	}

}
