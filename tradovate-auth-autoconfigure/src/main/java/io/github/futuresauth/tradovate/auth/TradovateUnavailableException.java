package io.github.futuresauth.tradovate.auth;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when Tradovate could not be reached or answered that it cannot serve the request now:
 * I/O errors, timeouts, {@code 408}, {@code 429} and {@code 5xx}. These are retried with back-off.
 */
public class TradovateUnavailableException extends TradovateAuthException {

	public TradovateUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	@Override
	public boolean isTransient() {
		return true;
	}

}
