package io.github.futuresauth.tradovate.auth;

/**
 * Implemented by a {@link TokenProvider} that can describe its state, so that health
 * indicators, metrics and operators can read it.
 */
public interface TokenStatusSource {

	/**
	 * Return the current status. Never sends a request to Tradovate.
	 * @return the status
	 */
	TokenStatus getStatus();

}
