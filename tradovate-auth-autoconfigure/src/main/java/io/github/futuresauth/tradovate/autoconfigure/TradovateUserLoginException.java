package io.github.futuresauth.tradovate.autoconfigure;

import io.github.futuresauth.tradovate.auth.TradovateAuthException;

/**
 * Thrown while the application starts when one of the users of
 * {@code tradovate.users.<key>} could not log in; its cause says why. The message names
 * the user's key and its user name, never a secret.
 */
public class TradovateUserLoginException extends RuntimeException {

	private final String key;

	/**
	 * Create an exception for the user of the given key.
	 * @param key the user's key
	 * @param cause why the login failed
	 */
	public TradovateUserLoginException(String key, TradovateAuthException cause) {
		super("Tradovate user '" + key + "' (tradovate.users." + key + ".*) could not log in: " + cause.getMessage(),
				cause);
		this.key = key;
	}

	/**
	 * Return the key of the user that could not log in.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

}
