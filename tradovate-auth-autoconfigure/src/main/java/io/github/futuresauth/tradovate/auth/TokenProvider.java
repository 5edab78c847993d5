package io.github.futuresauth.tradovate.auth;

/**
 * Hands out a valid Tradovate access token.
 * <p>
 * Implementations keep one token per user and renew it rather than log in again, because every
 * login opens a new server-side session and a user may hold only two: a third closes the oldest,
 * and whoever holds that session's token is logged out.
 *
 * @see RenewingTokenProvider
 * @see TradovateBearerTokenInterceptor
 */
public interface TokenProvider {

	/**
	 * Return a token that has not expired, logging in first when there is none.
	 * @return a valid token
	 * @throws TradovateAuthException when no token can be had
	 */
	AccessToken getToken();

	/**
	 * Report that Tradovate rejected a token (for example with {@code 401}), so that the next
	 * {@link #getToken()} does not return it again. Reporting a token that has already been
	 * replaced does nothing, so any number of callers may report the same token.
	 * @param token the rejected token
	 */
	void invalidate(AccessToken token);

}
