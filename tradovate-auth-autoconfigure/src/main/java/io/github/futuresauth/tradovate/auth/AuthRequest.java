package io.github.futuresauth.tradovate.auth;

/**
 * What a {@link TradovateAuthClient} sends to Tradovate to log in or to renew a token.
 * Tradovate counts each of its {@code /auth/*} endpoints apart, per network address, so
 * the {@link AuthBudget} must know which one a request goes to before it goes out: a
 * request is counted, and held, only by the limits of its own endpoint.
 *
 * @see TradovateAuthClient#loginRequest()
 * @see TradovateAuthClient#renewalRequest()
 */
public enum AuthRequest {

	/**
	 * {@code POST /auth/accesstokenrequest}, a login with a password: failed ones count
	 * against the address's hourly limit, and a time penalty or a captcha on the address
	 * holds it.
	 */
	ACCESS_TOKEN_REQUEST,

	/**
	 * {@code GET /auth/renewaccesstoken}: every one counts against the address's hourly
	 * limit of renewals.
	 */
	RENEW_ACCESS_TOKEN,

	/**
	 * {@code POST /auth/oauthtoken} with a refresh token: under no published limit of the
	 * address, and no login by Tradovate's count, so neither the address's failed logins
	 * nor its penalty or captcha concern it. A {@code 429} and the user's own holds still
	 * hold it.
	 */
	OAUTH_TOKEN,

	/**
	 * Nothing: the client refuses at once, without a request, such as for a user who must
	 * authorize the application again. It counts against no limit.
	 */
	NONE

}
