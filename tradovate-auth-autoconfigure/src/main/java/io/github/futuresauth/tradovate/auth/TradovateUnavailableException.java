package io.github.futuresauth.tradovate.auth;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when Tradovate could not be reached or answered that it cannot serve the request
 * now: I/O errors, timeouts, {@code 408}, {@code 429} and {@code 5xx}. These may pass,
 * and are retried with back-off, never sooner than Tradovate asked
 * ({@link #getRetryAfter()}).
 */
public class TradovateUnavailableException extends TradovateAuthException {

	private final int status;

	private final @Nullable Duration retryAfter;

	private final boolean unanswered;

	public TradovateUnavailableException(String message, @Nullable Throwable cause) {
		this(message, cause, 0, null);
	}

	/**
	 * Create an exception for a request that got no answer.
	 * @param message what happened
	 * @param cause the cause, or {@code null}
	 * @param unanswered whether the request may have reached Tradovate and been processed
	 * without an answer coming back (a read timeout, a connection closed after sending)
	 */
	public TradovateUnavailableException(String message, @Nullable Throwable cause, boolean unanswered) {
		super(message, cause);
		this.status = 0;
		this.retryAfter = null;
		this.unanswered = unanswered;
	}

	/**
	 * Create an exception for an answer with an HTTP status.
	 * @param message what happened
	 * @param cause the cause, or {@code null}
	 * @param status the HTTP status, or {@code 0} when there was no answer
	 * @param retryAfter how long Tradovate asked to wait ({@code Retry-After}), or
	 * {@code null}
	 */
	public TradovateUnavailableException(String message, @Nullable Throwable cause, int status,
			@Nullable Duration retryAfter) {
		this(message, cause, status, retryAfter, false);
	}

	/**
	 * Create an exception for an answer with an HTTP status that may have come from a
	 * gateway after the request was passed on ({@code 502}, {@code 504}).
	 * @param message what happened
	 * @param cause the cause, or {@code null}
	 * @param status the HTTP status, or {@code 0} when there was no answer
	 * @param retryAfter how long Tradovate asked to wait ({@code Retry-After}), or
	 * {@code null}
	 * @param unanswered whether the request may have been processed without its answer
	 * coming back
	 */
	public TradovateUnavailableException(String message, @Nullable Throwable cause, int status,
			@Nullable Duration retryAfter, boolean unanswered) {
		super(message, cause);
		this.status = status;
		this.retryAfter = retryAfter;
		this.unanswered = unanswered;
	}

	/**
	 * Return the HTTP status of the answer.
	 * @return the status, or {@code 0} when Tradovate could not be reached or did not
	 * answer
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Return how long Tradovate asked to wait before the next request.
	 * @return the {@code Retry-After} of the answer, or {@code null} when it had none
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Return whether the request may have reached Tradovate and been processed although
	 * no answer came back: a login that timed out may have opened a session.
	 * @return whether the request went unanswered
	 */
	public boolean isUnanswered() {
		return this.unanswered;
	}

	/**
	 * Return whether Tradovate answered {@code 429 Too Many Requests}.
	 * @return whether the request was refused for coming too often
	 */
	public boolean isTooManyRequests() {
		return this.status == 429;
	}

	@Override
	public boolean isTransient() {
		return true;
	}

}
