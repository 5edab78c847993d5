package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at once, without a request to Tradovate, when a token is needed but logins are
 * held: after a time penalty, a captcha, a refused login, while Tradovate is unavailable,
 * or when a published hourly limit has been reached. Sending the login anyway would cost
 * the user more: a longer penalty, a captcha, or a lock-out of everyone on the network.
 * <p>
 * Every caller gets an exception of its own; {@link #getCause()} is the failure that led
 * to the hold, when there was one.
 */
public class LoginHeldException extends TradovateAuthException {

	private final HoldReason reason;

	private final Instant until;

	private final Duration retryAfter;

	public LoginHeldException(String message, HoldReason reason, Instant until, Duration retryAfter,
			@Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.until = until;
		this.retryAfter = retryAfter;
	}

	/**
	 * Return why logins are held.
	 * @return the reason
	 */
	public HoldReason getReason() {
		return this.reason;
	}

	/**
	 * Return when the hold ends, in Tradovate's time. For a captcha, the next probe.
	 * @return the end of the hold
	 */
	public Instant getUntil() {
		return this.until;
	}

	/**
	 * Return how long to wait before asking again.
	 * @return the time left, never negative
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	@Override
	public boolean isTransient() {
		return this.reason != HoldReason.REFUSED && this.reason != HoldReason.CAPTCHA;
	}

}
