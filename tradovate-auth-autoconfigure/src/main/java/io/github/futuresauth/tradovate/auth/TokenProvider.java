package io.github.futuresauth.tradovate.auth;

import org.jspecify.annotations.Nullable;

/**
 * Hands out a valid Tradovate access token.
 * <p>
 * Implementations keep one token per user and renew it rather than log in again, because
 * every login opens a new server-side session and a user may hold only two: a third
 * closes the oldest, and whoever holds that session's token is logged out.
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
	 * Report that Tradovate rejected a token (for example with {@code 401}), so that the
	 * next {@link #getToken()} does not return it again once it is known to be dead.
	 * Reporting a token that has already been replaced does nothing, so any number of
	 * callers may report the same token.
	 * @param token the rejected token
	 */
	void invalidate(AccessToken token);

	/**
	 * Decide what to do after Tradovate answered {@code 401} to a request that carried
	 * the given token. An endpoint may answer {@code 401} for reasons of its own (the
	 * user is not entitled to it), so a careful implementation first asks whether the
	 * token still works, and logs in again only when it does not. By default, the token
	 * is {@link #invalidate(AccessToken) invalidated} and a new one returned.
	 * @param rejected the token the request carried
	 * @return the token to send the request again with, or {@code null} when the request
	 * should not be sent again because the token still works
	 * @throws TradovateAuthException when no new token can be had
	 */
	default @Nullable AccessToken recover(AccessToken rejected) {
		invalidate(rejected);
		AccessToken next = getToken();
		return (next.accessToken().equals(rejected.accessToken())) ? null : next;
	}

	/**
	 * Report that requests with the given token keep failing with {@code 408},
	 * {@code 429} or a {@code 5xx}, which is how Tradovate may answer a token whose
	 * session was closed. An implementation may check the session and replace the token.
	 * Does nothing by default.
	 * @param token the token the failing requests carried
	 */
	default void suspect(AccessToken token) {
	}

}
