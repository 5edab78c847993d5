package io.github.futuresauth.tradovate.auth;

/**
 * Thrown when Tradovate does not accept an access token: it expired, it was never valid,
 * or its session was closed because the user opened too many others. Only a new login
 * helps.
 */
public class TokenRejectedException extends TradovateAuthException {

	public TokenRejectedException(String message) {
		super(message);
	}

}
