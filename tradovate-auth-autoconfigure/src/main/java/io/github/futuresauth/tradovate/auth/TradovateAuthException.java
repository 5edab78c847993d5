package io.github.futuresauth.tradovate.auth;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when Tradovate does not grant, renew or accept a token. The subclasses say why;
 * {@link #isTransient()} says whether trying again later can help.
 * <p>
 * Messages never contain a password, a secret or a token.
 */
public class TradovateAuthException extends RuntimeException {

	public TradovateAuthException(String message) {
		super(message);
	}

	public TradovateAuthException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Return whether the failure may go away by itself, so that the same request can be
	 * sent again after a back-off.
	 * @return {@code false}, unless a subclass says otherwise
	 */
	public boolean isTransient() {
		return false;
	}

}
