package io.github.futuresauth.tradovate.auth;

import org.jspecify.annotations.Nullable;

/**
 * Where the current access token is kept. {@link RenewingTokenProvider} decides when to log in and
 * renew; the store only holds the result, so that it can live elsewhere than in this JVM.
 * <p>
 * Implementations must be thread-safe, and {@link #get()} is on the path of every request to
 * Tradovate: it must not block.
 *
 * @see InMemoryTokenStore
 */
public interface TokenStore {

	/**
	 * Return the current token.
	 * @return the token, or {@code null} when there is none
	 */
	@Nullable AccessToken get();

	/**
	 * Make the given token the current one.
	 * @param token the new token
	 */
	void put(AccessToken token);

	/**
	 * Forget the given token, if it is still the current one.
	 * @param token the token to forget
	 */
	void remove(AccessToken token);

}
